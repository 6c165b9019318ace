import type { ClientKey, Project } from '@pharos/contracts';
import { api } from '../../lib/api.ts';

export type { ClientKey, Project };

export const listProjects = () => api<{ items: Project[] }>('/projects');
export const createProject = (body: { name: string; platform?: string }) =>
  api<Project>('/projects', { method: 'POST', body });
export const addClientKey = (projectId: number, label: string) =>
  api<ClientKey>(`/projects/${projectId}/client-keys`, { method: 'POST', body: { label } });
export const revokeClientKey = (id: string) =>
  api<ClientKey>(`/client-keys/${id}/revoke`, { method: 'POST' });
