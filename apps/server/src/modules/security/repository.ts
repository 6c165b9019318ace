import { sql } from 'kysely';
import { txOf, type Ctx } from '../../db/context.ts';
import type { SecurityEvent } from './schemas.ts';

/** security_events as this module reads it (db/types.ts lists only shared tables). */
interface SecurityEventsTable {
  occurred_at: Date;
  org_id: string;
  id: string;
  project_id: string;
  ip_address: string | null;
  response_status: number | null;
  blocked: boolean;
  attack_type: string;
  severity: string;
  action_taken: string | null;
  blocked_payload: string | null;
  service: string | null;
  environment: string | null;
  endpoint_targeted: string | null;
  url: string | null;
  method: string | null;
  user_agent: string | null;
  user_id: string | null;
  session_id: string | null;
  request_id: string | null;
  error_message: string | null;
  csp_violation: Record<string, unknown> | null;
  metadata: Record<string, unknown>;
}

export interface SecurityEventQuery {
  orgId: string;
  from: string;
  to: string;
  projectId?: number;
  attackType?: string;
  severity?: string;
  blocked?: boolean;
  /** An address or CIDR range, matched with `<<=`. */
  ip?: string;
  directive?: string;
  before?: { occurredAt: string; id: string };
  limit: number;
}

// Microseconds kept as text: a Date would truncate them and break the keyset cursor.
const occurredAtExact = sql<string>`to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/** Events matching q, newest first. ctx must be in withTransaction (row-level security). */
export async function selectSecurityEvents(
  ctx: Ctx,
  q: SecurityEventQuery,
): Promise<SecurityEvent[]> {
  let query = txOf(ctx)
    .withTables<{ security_events: SecurityEventsTable }>()
    .selectFrom('security_events')
    .select([
      'id',
      occurredAtExact.as('occurred_at'),
      sql<number>`project_id::float8`.as('project_id'),
      sql<string | null>`host(ip_address)`.as('ip_address'),
      'response_status',
      'blocked',
      'attack_type',
      'severity',
      'action_taken',
      'blocked_payload',
      'service',
      'environment',
      'endpoint_targeted',
      'url',
      'method',
      'user_agent',
      'user_id',
      'session_id',
      'request_id',
      'error_message',
      'csp_violation',
      'metadata',
    ])
    .where('org_id', '=', q.orgId)
    .where('occurred_at', '>=', sql<Date>`${q.from}::timestamptz`)
    .where('occurred_at', '<', sql<Date>`${q.to}::timestamptz`);
  if (q.projectId !== undefined) query = query.where('project_id', '=', String(q.projectId));
  if (q.attackType) query = query.where('attack_type', '=', q.attackType);
  if (q.severity) query = query.where('severity', '=', q.severity);
  if (q.blocked !== undefined) query = query.where('blocked', '=', q.blocked);
  if (q.ip) query = query.where(sql<boolean>`ip_address <<= ${q.ip}::inet`);
  if (q.directive) {
    query = query.where(sql`csp_violation->>'effective_directive'`, '=', q.directive);
  }
  if (q.before) {
    query = query.where(
      sql`(occurred_at, id)`,
      '<',
      sql`(${q.before.occurredAt}::timestamptz, ${q.before.id}::uuid)`,
    );
  }
  const rows = await query
    .orderBy('occurred_at', 'desc')
    .orderBy('id', 'desc')
    .limit(q.limit)
    .execute();
  return rows as SecurityEvent[];
}
