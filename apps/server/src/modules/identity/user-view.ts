import type { Role } from '@pharos/contracts';
import type { UserRow } from './repository.ts';

/** The public view of a user in an organization (no secrets; safe for responses and audit). */
export function toUserView(u: UserRow, role: Role | string) {
  return {
    id: u.id,
    email: u.email,
    name: u.name,
    role: role as Role,
    is_active: u.is_active,
    mfa_enabled: u.mfa_enabled,
    must_change_password: u.must_change_password,
    last_login: u.last_login?.toISOString() ?? null,
    created_at: u.created_at.toISOString(),
  };
}
export type UserView = ReturnType<typeof toUserView>;
