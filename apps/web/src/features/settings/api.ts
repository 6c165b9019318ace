import type { ApiKeyScope, Role } from '@pharos/contracts';
import { api } from '../../lib/api.ts';

export interface User {
  id: string;
  email: string;
  name: string;
  role: Role;
  is_active: boolean;
  mfa_enabled: boolean;
  must_change_password: boolean;
  last_login: string | null;
  created_at: string;
}

export interface ApiKey {
  id: string;
  name: string;
  key_prefix: string;
  user_id: string | null;
  team_id: string | null;
  scopes: ApiKeyScope[];
  project_ids: number[] | null;
  rate_limit: number | null;
  allowed_ips: string[] | null;
  last_used_at: string | null;
  usage_count: number;
  expires_at: string | null;
  revoked: boolean;
  revoked_at: string | null;
  revoked_reason: string | null;
  created_at: string;
}

export type TeamRole = 'owner' | 'maintainer' | 'member';
export interface Team {
  id: string;
  name: string;
  display_name: string;
  description: string | null;
  parent_team_id: string | null;
  created_at: string;
}
export interface TeamMember {
  user_id: string;
  email: string;
  name: string;
  role: TeamRole;
  joined_at: string;
}
export interface Session {
  id: string;
  ip_address: string | null;
  user_agent: string | null;
  created_at: string;
  last_activity: string;
  expires_at: string;
  current: boolean;
}

// Users
export const listUsers = () => api<{ items: User[] }>('/users', { query: { limit: 500 } });
export const createUser = (body: { email: string; name?: string; role: Role; password?: string }) =>
  api<{ user: User; one_time_password?: string }>('/users', { method: 'POST', body });
export const updateUser = (id: string, body: { name?: string; role?: Role; is_active?: boolean }) =>
  api<User>(`/users/${id}`, { method: 'PATCH', body });
export const removeUser = (id: string) => api<void>(`/users/${id}`, { method: 'DELETE' });

// Teams
export const listTeams = () => api<{ items: Team[] }>('/teams');
export const getTeam = (id: string) => api<Team & { members: TeamMember[] }>(`/teams/${id}`);
export const createTeam = (body: { name: string; display_name: string; description?: string }) =>
  api<Team>('/teams', { method: 'POST', body });
export const deleteTeam = (id: string) => api<void>(`/teams/${id}`, { method: 'DELETE' });
export const putTeamMember = (teamId: string, userId: string, role: TeamRole) =>
  api<unknown>(`/teams/${teamId}/members/${userId}`, { method: 'PUT', body: { role } });
export const removeTeamMember = (teamId: string, userId: string) =>
  api<void>(`/teams/${teamId}/members/${userId}`, { method: 'DELETE' });

// API keys
export interface CreateApiKeyInput {
  name: string;
  scopes: ApiKeyScope[];
  expires_at?: string;
  allowed_ips?: string[];
  rate_limit?: number;
}
export const listApiKeys = () => api<{ items: ApiKey[] }>('/api-keys');
export const createApiKey = (body: CreateApiKeyInput) =>
  api<ApiKey & { key: string }>('/api-keys', { method: 'POST', body });
export const revokeApiKey = (id: string, reason?: string) =>
  api<void>(`/api-keys/${id}`, { method: 'DELETE', query: { reason } });

// Own security
export const listSessions = () => api<{ items: Session[] }>('/sessions');
export const revokeSession = (id: string) => api<void>(`/sessions/${id}`, { method: 'DELETE' });
export const startTotp = () =>
  api<{ secret: string; otpauth_uri: string; qr_data_url: string }>('/me/mfa/totp', {
    method: 'POST',
  });
export const confirmTotp = (code: string) =>
  api<{ backup_codes: string[] }>('/me/mfa/totp/confirm', { method: 'POST', body: { code } });
export const disableMfa = (body: { code?: string; password?: string }) =>
  api<void>('/me/mfa', { method: 'DELETE', body });
