import { sql, type RawBuilder } from 'kysely';
import { txOf, type Ctx } from '../../db/context.ts';

/** A monitor as stored, minus its secrets and token hash. */
export interface MonitorRow {
  id: string;
  org_id: string;
  service_id: string | null;
  name: string;
  description: string | null;
  kind: string;
  health_check_url: string | null;
  check_interval: number;
  timeout: number;
  retry_count: number;
  retry_interval: number;
  config: Record<string, unknown>;
  has_secrets: boolean;
  status: string;
  is_active: boolean;
  last_check: Date | null;
  next_check_at: Date | null;
  last_status_change: Date | null;
  last_response_time: number | null;
  last_error: string | null;
  consecutive_failures: number;
  uptime_24h: number | null;
  uptime_7d: number | null;
  uptime_30d: number | null;
  uptime_1y: number | null;
  tags: string[];
  created_at: Date;
  updated_at: Date;
}

const COLUMNS = sql`id, org_id, service_id, name, description, kind, health_check_url, check_interval,
  timeout, retry_count, retry_interval, config, (secrets_enc IS NOT NULL) AS has_secrets, status,
  is_active, last_check, next_check_at, last_status_change, last_response_time, last_error,
  consecutive_failures, uptime_24h, uptime_7d, uptime_30d, uptime_1y, tags, created_at, updated_at`;

export async function rows<T>(ctx: Ctx, query: RawBuilder<T>): Promise<T[]> {
  return (await query.execute(txOf(ctx))).rows;
}

/** The columns a create or update may set; keys are column names. */
export interface MonitorWrite {
  service_id?: string | null;
  name?: string;
  description?: string | null;
  kind?: string;
  health_check_url?: string | null;
  check_interval?: number;
  timeout?: number;
  retry_count?: number;
  retry_interval?: number;
  config?: Record<string, unknown>;
  secrets_enc?: string | null;
  heartbeat_token_hash?: Buffer | null;
  is_active?: boolean;
  tags?: string[];
  next_check_at?: Date | null;
}

const WRITABLE = [
  'service_id',
  'name',
  'description',
  'kind',
  'health_check_url',
  'check_interval',
  'timeout',
  'retry_count',
  'retry_interval',
  'config',
  'secrets_enc',
  'heartbeat_token_hash',
  'is_active',
  'tags',
  'next_check_at',
] as const;

function valueOf(col: (typeof WRITABLE)[number], w: MonitorWrite) {
  const v = w[col];
  if (col === 'config') return JSON.stringify(v);
  if (col === 'tags') return sql`${v}::text[]`;
  return v;
}

export async function insertMonitor(
  ctx: Ctx,
  orgId: string,
  createdBy: string | null,
  w: MonitorWrite,
): Promise<MonitorRow> {
  const cols = WRITABLE.filter((c) => w[c] !== undefined);
  const [row] = await rows(
    ctx,
    sql<MonitorRow>`INSERT INTO monitors (org_id, created_by, ${sql.join(cols.map((c) => sql.ref(c)))})
      VALUES (${orgId}, ${createdBy}, ${sql.join(cols.map((c) => sql`${valueOf(c, w)}`))})
      RETURNING ${COLUMNS}`,
  );
  return row!;
}

export async function updateMonitorRow(
  ctx: Ctx,
  orgId: string,
  id: string,
  w: MonitorWrite,
): Promise<MonitorRow | undefined> {
  const cols = WRITABLE.filter((c) => w[c] !== undefined);
  if (cols.length === 0) return selectMonitor(ctx, orgId, id);
  const [row] = await rows(
    ctx,
    sql<MonitorRow>`UPDATE monitors SET ${sql.join(cols.map((c) => sql`${sql.ref(c)} = ${valueOf(c, w)}`))}
      WHERE org_id = ${orgId} AND id = ${id} RETURNING ${COLUMNS}`,
  );
  return row;
}

export async function selectMonitor(
  ctx: Ctx,
  orgId: string,
  id: string,
  forUpdate = false,
): Promise<MonitorRow | undefined> {
  const [row] = await rows(
    ctx,
    sql<MonitorRow>`SELECT ${COLUMNS} FROM monitors WHERE org_id = ${orgId} AND id = ${id}
      ${forUpdate ? sql`FOR UPDATE` : sql``}`,
  );
  return row;
}

export async function selectMonitorSecrets(ctx: Ctx, orgId: string, id: string) {
  const [row] = await rows(
    ctx,
    sql<{
      secrets_enc: string | null;
    }>`SELECT secrets_enc FROM monitors WHERE org_id = ${orgId} AND id = ${id}`,
  );
  return row?.secrets_enc ?? null;
}

export interface MonitorFilters {
  status?: string;
  kind?: string;
  serviceId?: string;
  limit: number;
  offset: number;
}

export async function selectMonitors(ctx: Ctx, orgId: string, f: MonitorFilters) {
  return rows(
    ctx,
    sql<MonitorRow>`SELECT ${COLUMNS} FROM monitors WHERE org_id = ${orgId}
      ${f.status ? sql`AND status = ${f.status}` : sql``}
      ${f.kind ? sql`AND kind = ${f.kind}` : sql``}
      ${f.serviceId ? sql`AND service_id = ${f.serviceId}` : sql``}
      ORDER BY name, id LIMIT ${f.limit} OFFSET ${f.offset}`,
  );
}

export async function deleteMonitorRow(ctx: Ctx, orgId: string, id: string): Promise<boolean> {
  const r = await sql`DELETE FROM monitors WHERE org_id = ${orgId} AND id = ${id}`.execute(
    txOf(ctx),
  );
  return Number(r.numAffectedRows ?? 0) > 0;
}

export async function serviceExists(ctx: Ctx, orgId: string, id: string): Promise<boolean> {
  const r = await rows(
    ctx,
    sql`SELECT 1 FROM services WHERE org_id = ${orgId} AND id = ${id} AND deleted_at IS NULL`,
  );
  return r.length > 0;
}

// Reading results -------------------------------------------------------------------------------

export interface ResultRow {
  checked_at: Date;
  scheduled_at: Date | null;
  status: string;
  response_time: number | null;
  status_code: number | null;
  attempt: number;
  error_message: string | null;
  in_maintenance: boolean;
  details: Record<string, unknown> | null;
}

export async function selectResults(
  ctx: Ctx,
  orgId: string,
  monitorId: string,
  from: Date,
  limit: number,
) {
  return rows(
    ctx,
    sql<ResultRow>`SELECT checked_at, scheduled_at, status, response_time, status_code, attempt,
        error_message, in_maintenance, details
      FROM health_check_results
      WHERE org_id = ${orgId} AND monitor_id = ${monitorId} AND checked_at >= ${from}
      ORDER BY checked_at DESC LIMIT ${limit}`,
  );
}

/** Per-day check counts of a monitor over its last `days` UTC days (days without checks absent). */
export async function selectDailyStats(ctx: Ctx, orgId: string, monitorId: string, days: number) {
  return rows(
    ctx,
    sql<{
      day: string;
      checks: number;
      healthy: number;
      degraded: number;
      down: number;
      downtime_seconds: number;
      avg_response_time: number | null;
    }>`SELECT to_char(day, 'YYYY-MM-DD') AS day, checks, healthy_checks AS healthy,
              degraded_checks AS degraded, down_checks AS down, downtime_seconds, avg_response_time
         FROM monitor_daily_stats
        WHERE org_id = ${orgId} AND monitor_id = ${monitorId}
          AND day > (now() AT TIME ZONE 'UTC')::date - ${days}::int
        ORDER BY day`,
  );
}

export async function selectResponseTimes(
  ctx: Ctx,
  orgId: string,
  monitorId: string,
  from: Date,
): Promise<number[]> {
  const r = await rows(
    ctx,
    sql<{ rt: number }>`SELECT response_time AS rt FROM health_check_results
      WHERE org_id = ${orgId} AND monitor_id = ${monitorId} AND checked_at >= ${from}
        AND response_time IS NOT NULL AND status IN ('healthy', 'degraded')`,
  );
  return r.map((x) => x.rt);
}

/** Seed 001 section 5.1, overall system health. */
export async function selectOverview(ctx: Ctx, orgId: string) {
  const [row] = await rows(
    ctx,
    sql<{
      total: number;
      healthy: number;
      degraded: number;
      down: number;
      unknown: number;
      avg_uptime_24h: number | null;
    }>`SELECT count(*)::int AS total,
        count(*) FILTER (WHERE status = 'healthy')::int AS healthy,
        count(*) FILTER (WHERE status = 'degraded')::int AS degraded,
        count(*) FILTER (WHERE status IN ('down', 'unhealthy'))::int AS down,
        count(*) FILTER (WHERE status = 'unknown')::int AS unknown,
        round(avg(uptime_24h), 2) AS avg_uptime_24h
      FROM monitors WHERE org_id = ${orgId} AND is_active`,
  );
  return row!;
}

/** Seed 001 section 5.1, monitors with their ten latest checks. */
export async function selectWithRecentChecks(ctx: Ctx, orgId: string, limit: number) {
  return rows(
    ctx,
    sql<{
      id: string;
      name: string;
      kind: string;
      service_id: string | null;
      service_name: string | null;
      status: string;
      uptime_24h: number | null;
      last_check: Date | null;
      recent_checks: Array<{ status: string; response_time: number | null; checked_at: string }>;
    }>`SELECT m.id, m.name, m.kind, m.service_id, s.name AS service_name, m.status, m.uptime_24h, m.last_check,
        COALESCE((SELECT jsonb_agg(jsonb_build_object('status', l.status, 'response_time', l.response_time,
                   'checked_at', l.checked_at) ORDER BY l.checked_at DESC)
                  FROM (SELECT status, response_time, checked_at FROM health_check_results r
                         WHERE r.monitor_id = m.id ORDER BY checked_at DESC LIMIT 10) l), '[]'::jsonb) AS recent_checks
      FROM monitors m LEFT JOIN services s ON s.id = m.service_id
      WHERE m.org_id = ${orgId}
      ORDER BY m.name, m.id LIMIT ${limit}`,
  );
}

export interface EventRow {
  id: number;
  monitor_id: string;
  monitor_name: string;
  kind: string;
  from_status: string | null;
  to_status: string | null;
  message: string;
  details: Record<string, unknown>;
  occurred_at: Date;
}

export async function selectEvents(
  ctx: Ctx,
  orgId: string,
  f: { afterId: number; monitorId?: string; limit: number },
) {
  return rows(
    ctx,
    sql<EventRow>`SELECT e.id, e.monitor_id, m.name AS monitor_name, e.kind, e.from_status, e.to_status,
        e.message, e.details, e.occurred_at
      FROM monitor_events e JOIN monitors m ON m.id = e.monitor_id
      WHERE e.org_id = ${orgId} AND e.id > ${f.afterId}
        ${f.monitorId ? sql`AND e.monitor_id = ${f.monitorId}` : sql``}
      ORDER BY e.id LIMIT ${f.limit}`,
  );
}
