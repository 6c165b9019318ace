import { sql } from 'kysely';
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

// Reading ----------------------------------------------------------------------------------------

/** Columns returned as stored, except occurred_at (below). */
export const COLUMNS = [
  'id',
  'org_id',
  'user_id',
  'user_email',
  'user_role',
  'api_key_id',
  'actor_type',
  'action',
  'action_type',
  'resource_type',
  'resource_id',
  'resource_name',
  'description',
  'before_data',
  'after_data',
  'changes',
  'outcome',
  'failure_reason',
  'ip_address',
  'user_agent',
  'session_id',
  'request_id',
  'module',
  'severity',
  'metadata',
] as const;

// occurred_at as text with its microseconds: a JavaScript Date keeps milliseconds only, and a
// keyset cursor built from a truncated time would skip or repeat rows.
const occurredAtExact = sql<string>`to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

export type AuditEventRecord = AuditRow & { id: string; occurred_at: string; org_id: string };

export interface AuditEventQuery {
  orgId: string;
  /** Inclusive lower and exclusive upper bound, ISO 8601. */
  from: string;
  to: string;
  userId?: string;
  email?: string;
  action?: string;
  /** Matches actions starting with `${actionPrefix}.`. */
  actionPrefix?: string;
  resourceType?: string;
  resourceId?: string;
  outcome?: 'success' | 'failure';
  /** Keyset position: only events strictly older than this (occurred_at, id). */
  before?: { occurredAt: string; id: string };
  limit: number;
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Events matching q, newest first. ctx must be in withTransaction (row-level security). */
export async function selectAuditEvents(ctx: Ctx, q: AuditEventQuery): Promise<AuditEventRecord[]> {
  let query = txOf(ctx)
    .selectFrom('audit_events')
    .select([...COLUMNS, occurredAtExact.as('occurred_at')])
    // Explicit even though row-level security filters too: it lets the planner use the
    // (org_id, occurred_at) index.
    .where('org_id', '=', q.orgId)
    .where('occurred_at', '>=', sql<Date>`${q.from}::timestamptz`)
    .where('occurred_at', '<', sql<Date>`${q.to}::timestamptz`);
  if (q.userId) query = query.where('user_id', '=', q.userId);
  if (q.email) query = query.where(sql`lower(user_email)`, '=', q.email.toLowerCase());
  if (q.action) query = query.where('action', '=', q.action);
  if (q.actionPrefix) query = query.where('action', 'like', `${escapeLike(q.actionPrefix)}.%`);
  if (q.resourceType) query = query.where('resource_type', '=', q.resourceType);
  if (q.resourceId) query = query.where('resource_id', '=', q.resourceId);
  if (q.outcome) query = query.where('outcome', '=', q.outcome);
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
  return rows as AuditEventRecord[];
}

/**
 * Where event `id` can be: audit ids are UUIDv7 whose first 48 bits are occurred_at in
 * milliseconds (migration 0027 makes and checks them), so a v7 id names one millisecond of one
 * daily partition. Ids of other versions are of events from before that migration.
 */
export function auditIdTimeRange(id: string): { from: string; to: string } | null {
  if (id[14] !== '7') return null;
  const ms = parseInt(id.slice(0, 8) + id.slice(9, 13), 16);
  if (!Number.isSafeInteger(ms) || ms > 8.64e15) return null;
  return { from: new Date(ms).toISOString(), to: new Date(ms + 1).toISOString() };
}

/**
 * The query behind selectAuditEventById. A v7 id reads one partition by the primary key
 * (occurred_at, id); any other id reads only the partitions older than migration 0027
 * (pharos_audit_v7_since() is IMMUTABLE, so both prune at plan time; audit.int.test.ts checks
 * it with EXPLAIN). Both keep the org_id filter, on top of row-level security.
 */
export function auditEventByIdQuery(ctx: Ctx, orgId: string, id: string) {
  const range = auditIdTimeRange(id);
  const q = txOf(ctx)
    .selectFrom('audit_events')
    .select([...COLUMNS, occurredAtExact.as('occurred_at')])
    .where('org_id', '=', orgId)
    .where('id', '=', id);
  return range
    ? q
        .where('occurred_at', '>=', sql<Date>`${range.from}::timestamptz`)
        .where('occurred_at', '<', sql<Date>`${range.to}::timestamptz`)
    : q.where('occurred_at', '<', sql<Date>`pharos_audit_v7_since()`);
}

/** One event of the organization, or null. */
export async function selectAuditEventById(
  ctx: Ctx,
  orgId: string,
  id: string,
): Promise<AuditEventRecord | null> {
  const row = await auditEventByIdQuery(ctx, orgId, id).executeTakeFirst();
  return (row as AuditEventRecord | undefined) ?? null;
}
