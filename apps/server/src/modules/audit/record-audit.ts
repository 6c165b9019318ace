import type { Ctx } from '../../db/context.ts';
import { insertAuditEvent } from './repository.ts';

export type AuditActionType =
  | 'create'
  | 'read'
  | 'update'
  | 'delete'
  | 'execute'
  | 'export'
  | 'login'
  | 'logout'
  | 'access-denied';

export interface AuditInput {
  /** `entity.verb`, lower case: `api_key.create`, `user.update`, `auth.sign_in`. */
  action: string;
  actionType?: AuditActionType;
  resourceType: string;
  resourceId?: string | number | null;
  resourceName?: string | null;
  description?: string;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
  outcome?: 'success' | 'failure';
  failureReason?: string | null;
  severity?: 'debug' | 'info' | 'warning' | 'error' | 'critical';
  module?: string;
  metadata?: Record<string, unknown>;
  /** For events before the actor is known (a failed sign-in): who it was about. */
  subject?: { userId?: string | null; email?: string | null; role?: string | null };
  /** Organization, when ctx has none yet (sign-in). */
  orgId?: string;
}

const VERB_TYPES: Record<string, AuditActionType> = {
  create: 'create',
  add: 'create',
  invite: 'create',
  update: 'update',
  enable: 'update',
  disable: 'update',
  revoke: 'delete',
  delete: 'delete',
  remove: 'delete',
  export: 'export',
  sign_in: 'login',
  sign_out: 'logout',
  denied: 'access-denied',
};

/** Field-level changes between two snapshots: { field: { from, to } }. */
export function diffChanges(
  before: Record<string, unknown> | null | undefined,
  after: Record<string, unknown> | null | undefined,
): Record<string, { from: unknown; to: unknown }> | null {
  if (!before && !after) return null;
  const out: Record<string, { from: unknown; to: unknown }> = {};
  const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
  for (const k of keys) {
    const a = before?.[k];
    const b = after?.[k];
    if (JSON.stringify(a) !== JSON.stringify(b)) out[k] = { from: a ?? null, to: b ?? null };
  }
  return out;
}

/**
 * Writes an audit event in the caller's transaction: when the change it describes rolls back,
 * so does the event, and a failed audit write rolls the change back. ctx must be inside
 * withTransaction.
 */
export async function recordAudit(ctx: Ctx, input: AuditInput): Promise<string> {
  const orgId = input.orgId ?? ctx.orgId;
  if (!orgId) throw new Error('recordAudit: no organization');
  const a = ctx.actor;
  const verb = input.action.split('.').pop() ?? '';
  const actionType = input.actionType ?? VERB_TYPES[verb] ?? 'execute';
  return insertAuditEvent(ctx, orgId, {
    user_id: a.type === 'user' || a.type === 'api_key' ? a.userId : (input.subject?.userId ?? null),
    user_email:
      a.type === 'user' || a.type === 'api_key' ? a.email : (input.subject?.email ?? null),
    user_role: a.type === 'user' || a.type === 'api_key' ? a.role : (input.subject?.role ?? null),
    api_key_id: a.type === 'api_key' ? a.apiKeyId : null,
    actor_type: a.type,
    action: input.action,
    action_type: actionType,
    resource_type: input.resourceType,
    resource_id:
      input.resourceId === undefined || input.resourceId === null ? null : String(input.resourceId),
    resource_name: input.resourceName ?? null,
    description: input.description ?? '',
    before_data: input.before ?? null,
    after_data: input.after ?? null,
    changes: input.before || input.after ? diffChanges(input.before, input.after) : null,
    outcome: input.outcome ?? 'success',
    failure_reason: input.failureReason ?? null,
    ip_address: ctx.meta.ip ?? null,
    user_agent: ctx.meta.userAgent ?? null,
    session_id: a.type === 'user' ? a.sessionId : null,
    request_id: ctx.meta.requestId ?? null,
    module: input.module ?? input.action.split('.')[0] ?? null,
    severity: input.severity ?? (input.outcome === 'failure' ? 'warning' : 'info'),
    metadata: input.metadata ?? {},
  });
}
