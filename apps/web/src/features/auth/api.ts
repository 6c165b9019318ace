import type { Role } from '@pharos/contracts';
import { api } from '../../lib/api.ts';
import type { ThemePreference } from '../../lib/theme.ts';

export interface Preferences {
  timezone?: string;
  theme?: ThemePreference;
  locale?: string;
  date_format?: string;
}

export interface Me {
  id: string;
  email: string;
  name: string;
  role: Role;
  organization: { id: string; slug: string; name: string };
  mfa_enabled: boolean;
  must_change_password: boolean;
  preferences: Preferences;
  last_login: string | null;
  created_at: string;
  auth: 'session' | 'api_key';
}

export interface SignInResponse {
  mfa_required: boolean;
  challenge?: string;
  user?: Me;
}

export interface OrgMembership {
  id: string;
  slug: string;
  name: string;
  role: Role;
  current: boolean;
}

export const meKey = ['me'] as const;

/** The signed-in user; the initial probe must not bounce to sign-in, the guard decides. */
export const fetchMe = () => api<Me>('/me', { allowUnauthenticated: true });

export const signIn = (email: string, password: string) =>
  api<SignInResponse>('/auth/sign-in', {
    method: 'POST',
    body: { email, password },
    allowUnauthenticated: true,
  });

export const signInMfa = (challenge: string, code: string) =>
  api<SignInResponse>('/auth/sign-in/mfa', {
    method: 'POST',
    body: { challenge, code },
    allowUnauthenticated: true,
  });

export const signOut = () =>
  api<void>('/auth/sign-out', { method: 'POST', allowUnauthenticated: true });

export const changePassword = (current_password: string, new_password: string) =>
  api<{ revoked_sessions: number }>('/me/password', {
    method: 'POST',
    body: { current_password, new_password },
  });

export const listOrgs = () => api<{ items: OrgMembership[] }>('/orgs');

export const switchOrg = (org_id: string) =>
  api<SignInResponse>('/auth/switch-org', { method: 'POST', body: { org_id } });

export const updateMe = (body: { name?: string; preferences?: Preferences }) =>
  api<Me>('/me', { method: 'PATCH', body });
