import { sql, type RawBuilder } from 'kysely';
import { txOf, type Ctx } from '../../db/context.ts';
import type {
  ErrorEvent,
  Issue,
  IssueStatus,
  ListIssuesQuery,
  TopErrorRow,
  TrendRow,
  UnresolvedRow,
} from './schemas.ts';

/**
 * Reads and updates of issues (error_groups) and events (error_events). Every statement runs in
 * the caller's withTransaction, so row-level security limits it to ctx.orgId; the explicit
 * org filters also let the planner use the (org_id, ...) indexes. Values are bound parameters.
 */

const ISSUE_COLUMNS =
  sql.raw(`id, project_id::int AS project_id, error_hash, grouping_kind, error_type,
  message, severity, status, (regressed_at IS NOT NULL AND status <> 'resolved') AS regressed,
  regressed_at, times_regressed, service, environment, environments, releases, platform, file_path,
  line_number, function_name, endpoint, assigned_to, resolution_note, resolved_at, resolved_by,
  first_release, last_release, first_seen, last_seen, occurrence_count::int AS occurrence_count,
  affected_users, updated_at`);

// The large parts are in `payload` (JSON text, migration 0024), or in their own columns for
// events stored before it. Cast to jsonb here, so they read exactly as the columns did.
const fromPayload = (c: string) => `CASE WHEN p IS NULL THEN ${c} ELSE p->'${c}' END AS ${c}`;
const EVENT_COLUMNS = sql.raw(`event_id, group_id, project_id::int AS project_id, occurred_at,
  received_at, severity, error_type, message, error_code, service, environment, release, platform,
  file_path, line_number, function_name,
  CASE WHEN p IS NULL THEN stack_trace ELSE p->>'stack_trace' END AS stack_trace,
  ${['exception', 'breadcrumbs', 'context', 'tags', 'request'].map(fromPayload).join(', ')},
  user_id, ${fromPayload('user_data')}, session_id, request_id, trace_id, span_id, url, endpoint,
  method, user_agent, host(ip_address) AS ip_address, status_code, ${fromPayload('sdk')}`);
// OFFSET 0 keeps the subquery whole: pulled up, the cast would run once per use of p.
const EVENTS = sql.raw(`error_events CROSS JOIN LATERAL (SELECT payload::jsonb AS p OFFSET 0) x`);

type Row = Record<string, unknown>;

function iso(v: unknown): string | null {
  return v instanceof Date ? v.toISOString() : v === null || v === undefined ? null : String(v);
}

export function toIssue(r: Row): Issue {
  return {
    ...(r as unknown as Issue),
    regressed_at: iso(r.regressed_at),
    resolved_at: iso(r.resolved_at),
    first_seen: iso(r.first_seen)!,
    last_seen: iso(r.last_seen)!,
    updated_at: iso(r.updated_at)!,
  };
}

function toEvent(r: Row): ErrorEvent {
  return {
    ...(r as unknown as ErrorEvent),
    occurred_at: iso(r.occurred_at)!,
    received_at: iso(r.received_at)!,
  };
}

const SORTS: Record<ListIssuesQuery['sort'], string> = {
  last_seen: 'last_seen DESC, id',
  first_seen: 'first_seen DESC, id',
  events: 'occurrence_count DESC, last_seen DESC, id',
  users: 'affected_users DESC, last_seen DESC, id',
};

function issueFilters(
  ctx: Ctx,
  q: Omit<ListIssuesQuery, 'sort' | 'limit' | 'offset'>,
): RawBuilder<unknown> {
  const where: RawBuilder<unknown>[] = [sql`org_id = ${ctx.orgId}`];
  if (q.status?.length) where.push(sql`status = ANY(${q.status}::text[])`);
  if (q.unresolved) where.push(sql`status IN ('new', 'acknowledged', 'in-progress')`);
  if (q.severity) where.push(sql`severity = ${q.severity}`);
  if (q.environment) where.push(sql`environments @> ARRAY[${q.environment}]::text[]`);
  if (q.release) where.push(sql`(${q.release} = ANY(releases) OR first_release = ${q.release})`);
  if (q.project_id) where.push(sql`project_id = ${q.project_id}`);
  if (q.service) where.push(sql`service = ${q.service}`);
  if (q.assigned_to) where.push(sql`assigned_to = ${q.assigned_to}`);
  if (q.query) {
    const like = `%${q.query.replace(/[\\%_]/g, '\\$&')}%`;
    where.push(
      sql`(error_type ILIKE ${like} OR message ILIKE ${like} OR file_path ILIKE ${like} OR function_name ILIKE ${like})`,
    );
  }
  return sql.join(where, sql` AND `);
}

export async function selectIssues(
  ctx: Ctx,
  q: ListIssuesQuery,
): Promise<{ items: Issue[]; total: number }> {
  const tx = txOf(ctx);
  const where = issueFilters(ctx, q);
  const rows = await sql<Row>`SELECT ${ISSUE_COLUMNS} FROM error_groups WHERE ${where}
    ORDER BY ${sql.raw(SORTS[q.sort])} LIMIT ${q.limit} OFFSET ${q.offset}`.execute(tx);
  const total = await sql<{
    n: number;
  }>`SELECT count(*)::int AS n FROM error_groups WHERE ${where}`.execute(tx);
  return { items: rows.rows.map(toIssue), total: total.rows[0]?.n ?? 0 };
}

export async function selectIssue(ctx: Ctx, id: string, forUpdate = false): Promise<Issue | null> {
  const r =
    await sql<Row>`SELECT ${ISSUE_COLUMNS} FROM error_groups WHERE org_id = ${ctx.orgId} AND id = ${id}
    ${forUpdate ? sql`FOR UPDATE` : sql``}`.execute(txOf(ctx));
  return r.rows[0] ? toIssue(r.rows[0]) : null;
}

/** Events per UTC day of the given issues over the last `days` days (days without events absent). */
export async function selectIssueDailyCounts(
  ctx: Ctx,
  ids: string[],
  days: number,
): Promise<Array<{ group_id: string; day: string; n: number }>> {
  const r = await sql<{ group_id: string; day: string; n: number }>`
    SELECT group_id, to_char(date_trunc('day', occurred_at AT TIME ZONE 'UTC'), 'YYYY-MM-DD') AS day,
           count(*)::int AS n
      FROM error_events
     WHERE org_id = ${ctx.orgId} AND group_id = ANY(${ids}::uuid[])
       AND occurred_at >= date_trunc('day', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'
                          - make_interval(days => ${days - 1})
     GROUP BY 1, 2`.execute(txOf(ctx));
  return r.rows;
}

export async function selectIssueEvents(
  ctx: Ctx,
  groupId: string,
  limit: number,
  before: { occurredAt: string; eventId: string } | null,
): Promise<ErrorEvent[]> {
  const r = await sql<Row>`SELECT ${EVENT_COLUMNS} FROM ${EVENTS}
     WHERE org_id = ${ctx.orgId} AND group_id = ${groupId}
       ${before ? sql`AND (occurred_at, event_id) < (${before.occurredAt}::timestamptz, ${before.eventId}::uuid)` : sql``}
     ORDER BY occurred_at DESC, event_id DESC LIMIT ${limit}`.execute(txOf(ctx));
  return r.rows.map(toEvent);
}

export async function selectEvent(ctx: Ctx, eventId: string): Promise<ErrorEvent | null> {
  const r = await sql<Row>`SELECT ${EVENT_COLUMNS} FROM ${EVENTS}
     WHERE event_id = ${eventId} AND org_id = ${ctx.orgId} LIMIT 1`.execute(txOf(ctx));
  return r.rows[0] ? toEvent(r.rows[0]) : null;
}

export async function isOrgMember(ctx: Ctx, userId: string): Promise<boolean> {
  const r =
    await sql`SELECT 1 FROM org_members WHERE org_id = ${ctx.orgId} AND user_id = ${userId}`.execute(
      txOf(ctx),
    );
  return r.rows.length > 0;
}

export interface IssuePatch {
  status?: IssueStatus;
  assigned_to?: string | null;
  resolution_note?: string | null;
  /** Set with status 'resolved'. */
  resolvedBy?: string | null;
}

export async function updateIssue(ctx: Ctx, id: string, p: IssuePatch): Promise<Issue | null> {
  const sets: RawBuilder<unknown>[] = [];
  if (p.status !== undefined) {
    sets.push(sql`status = ${p.status}`);
    if (p.status === 'resolved')
      sets.push(sql`resolved_at = now()`, sql`resolved_by = ${p.resolvedBy ?? null}`);
  }
  if (p.assigned_to !== undefined) sets.push(sql`assigned_to = ${p.assigned_to}`);
  if (p.resolution_note !== undefined) sets.push(sql`resolution_note = ${p.resolution_note}`);
  if (!sets.length) return selectIssue(ctx, id);
  const r = await sql<Row>`UPDATE error_groups SET ${sql.join(sets, sql`, `)}
     WHERE org_id = ${ctx.orgId} AND id = ${id} RETURNING ${ISSUE_COLUMNS}`.execute(txOf(ctx));
  return r.rows[0] ? toIssue(r.rows[0]) : null;
}

export async function selectTopErrors(
  ctx: Ctx,
  days: number,
  limit: number,
  projectId?: number,
): Promise<TopErrorRow[]> {
  const r =
    await sql<Row>`SELECT id, message, error_type, severity, occurrence_count::int AS occurrence_count,
       affected_users, status, first_seen, last_seen,
       round((EXTRACT(EPOCH FROM (last_seen - first_seen)) / 3600)::numeric, 2)::float8 AS duration_hours
     FROM error_groups
    WHERE org_id = ${ctx.orgId} AND last_seen >= now() - make_interval(days => ${days})
      ${projectId ? sql`AND project_id = ${projectId}` : sql``}
    ORDER BY occurrence_count DESC, last_seen DESC LIMIT ${limit}`.execute(txOf(ctx));
  return r.rows.map(
    (x) => ({ ...x, first_seen: iso(x.first_seen), last_seen: iso(x.last_seen) }) as TopErrorRow,
  );
}

export async function selectTrend(
  ctx: Ctx,
  days: number,
  interval: 'hour' | 'day',
  projectId?: number,
): Promise<TrendRow[]> {
  const r = await sql<Row>`SELECT coalesce(error_type, 'Message') AS error_type,
       date_trunc(${interval}, occurred_at, 'UTC') AS bucket,
       count(*)::int AS error_count, count(DISTINCT user_id)::int AS affected_users
     FROM error_events
    WHERE org_id = ${ctx.orgId} AND occurred_at >= now() - make_interval(days => ${days})
      ${projectId ? sql`AND project_id = ${projectId}` : sql``}
    GROUP BY 1, 2 ORDER BY bucket DESC, error_count DESC LIMIT 10000`.execute(txOf(ctx));
  return r.rows.map((x) => ({ ...x, bucket: iso(x.bucket) }) as TrendRow);
}

export async function selectUnresolvedBySeverity(
  ctx: Ctx,
  days: number,
  projectId?: number,
): Promise<UnresolvedRow[]> {
  const r = await sql<UnresolvedRow>`SELECT severity, count(*)::int AS unresolved_count,
       coalesce(sum(occurrence_count), 0)::int AS total_occurrences,
       coalesce(sum(affected_users), 0)::int AS total_users_affected
     FROM error_groups
    WHERE org_id = ${ctx.orgId} AND status IN ('new', 'acknowledged', 'in-progress')
      AND last_seen >= now() - make_interval(days => ${days})
      ${projectId ? sql`AND project_id = ${projectId}` : sql``}
    GROUP BY severity
    ORDER BY CASE severity WHEN 'fatal' THEN 1 WHEN 'critical' THEN 1 WHEN 'error' THEN 2
      WHEN 'warning' THEN 3 WHEN 'info' THEN 4 WHEN 'debug' THEN 5 END`.execute(txOf(ctx));
  return r.rows;
}
