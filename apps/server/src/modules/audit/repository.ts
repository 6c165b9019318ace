import { txOf, type Ctx } from '../../db/context.ts';

export interface AuditRow {
  user_id: string | null;
  user_email: string | null;
  user_role: string | null;
  api_key_id: string | null;
  actor_type: string;
  action: string;
  action_type: string;
  resource_type: string;
  resource_id: string | null;
  resource_name: string | null;
  description: string;
  before_data: unknown;
  after_data: unknown;
  changes: unknown;
  outcome: 'success' | 'failure';
  failure_reason: string | null;
  ip_address: string | null;
  user_agent: string | null;
  session_id: string | null;
  request_id: string | null;
  module: string | null;
  severity: string;
  metadata: Record<string, unknown>;
}

const json = (v: unknown) => (v === undefined || v === null ? null : JSON.stringify(v));

export async function insertAuditEvent(ctx: Ctx, orgId: string, row: AuditRow): Promise<string> {
  const r = await txOf(ctx)
    .insertInto('audit_events')
    .values({
      ...row,
      org_id: orgId,
      before_data: json(row.before_data),
      after_data: json(row.after_data),
      changes: json(row.changes),
      metadata: JSON.stringify(row.metadata),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}
