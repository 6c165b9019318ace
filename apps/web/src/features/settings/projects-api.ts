import { api } from '../../lib/api.ts';

export interface ClientKey {
  id: string;
  project_id: number;
  label: string;
  public_key: string;
  dsn: string;
  active: boolean;
  created_at: string;
  revoked_at: string | null;
}

export interface Project {
  id: number;
  slug: string;
  name: string;
  platform: string | null;
  created_at: string;
  /** The DSN of the newest active client key; null when every key is revoked. */
  dsn: string | null;
  client_keys: ClientKey[];
}

export const listProjects = () => api<{ items: Project[] }>('/projects');
export const createProject = (body: { name: string; platform?: string }) =>
  api<Project>('/projects', { method: 'POST', body });
export const addClientKey = (projectId: number, label: string) =>
  api<ClientKey>(`/projects/${projectId}/client-keys`, { method: 'POST', body: { label } });
export const revokeClientKey = (id: string) =>
  api<ClientKey>(`/client-keys/${id}/revoke`, { method: 'POST' });
