/** Organization roles, most to least privileged. */
export const ROLES = ['admin', 'platform_engineer', 'developer', 'analyst', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

/** API key scopes. A key never does more than its owner's role allows. */
export const API_KEY_SCOPES = ['ingest', 'read', 'write', 'admin'] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

/**
 * Permissions checked by routes. The naming is `area.verb`; `*.read` permissions are granted by
 * the `read` scope, `*.write` by `write`, and the rest only by `admin`.
 */
export const PERMISSIONS = [
  'org.read',
  'org.manage',
  'users.read',
  'users.manage',
  'teams.read',
  'teams.write',
  'keys.read',
  'keys.write',
  'keys.manage',
  'audit.read',
  'settings.read',
  'settings.manage',
  'telemetry.read',
  'telemetry.write',
  'ingest.write',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const ALL = new Set<Permission>(PERMISSIONS);
const READ_ALL: Permission[] = [
  'org.read',
  'users.read',
  'teams.read',
  'telemetry.read',
  'settings.read',
];

/** The permission table: what each role may do in its organization. */
export const ROLE_PERMISSIONS: Record<Role, ReadonlySet<Permission>> = {
  admin: ALL,
  platform_engineer: new Set<Permission>([
    ...READ_ALL,
    'teams.write',
    'keys.read',
    'keys.write',
    'keys.manage',
    'audit.read',
    'telemetry.write',
    'ingest.write',
  ]),
  developer: new Set<Permission>([
    ...READ_ALL,
    'keys.read',
    'keys.write',
    'telemetry.write',
    'ingest.write',
  ]),
  analyst: new Set<Permission>([...READ_ALL, 'audit.read', 'keys.read']),
  viewer: new Set<Permission>(READ_ALL),
};

/** Which permissions an API key scope can unlock (still capped by the owner's role). */
export function scopeAllows(scope: ApiKeyScope, permission: Permission): boolean {
  switch (scope) {
    case 'admin':
      return true;
    case 'read':
      return permission.endsWith('.read');
    case 'write':
      return (
        permission !== 'ingest.write' &&
        (permission.endsWith('.read') || permission.endsWith('.write'))
      );
    case 'ingest':
      return permission === 'ingest.write';
  }
}

export function roleAllows(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].has(permission);
}
