import { sql, type RawBuilder } from 'kysely';
import { txOf, type Ctx } from '../../../db/context.ts';
import type { MonitorStatus, ResultStatus } from '../evaluate.ts';

async function rows<T>(ctx: Ctx, query: RawBuilder<T>): Promise<T[]> {
  return (await query.execute(txOf(ctx))).rows;
}

/** A monitor claimed for one check slot. */
export interface ClaimedMonitor {
  id: string;
  org_id: string;
  kind: string;
  health_check_url: string | null;
  timeout: number;
  config: Record<string, unknown>;
  secrets_enc: string | null;
  /** The slot: the next_check_at the claim moved on from. */
  slot: Date;
}

/**
 * Claims up to `limit` due monitors across organizations and moves each one's next_check_at a
 * full interval on, in one statement. SKIP LOCKED lets concurrent claimers (other processes)
 * pass over rows being claimed, and the row lock plus the moved next_check_at mean a slot is
 * handed out once: a second claimer either skips the row or sees it no longer due. The next
 * slot keeps the monitor's phase (slot + interval) unless the monitor has fallen behind.
 */
export async function claimDueMonitors(ctx: Ctx, limit: number): Promise<ClaimedMonitor[]> {
  return rows(
    ctx,
    sql<ClaimedMonitor>`WITH due AS (
        SELECT id, next_check_at AS slot FROM monitors
         WHERE is_active AND next_check_at <= now()
         ORDER BY next_check_at
         LIMIT ${limit}
         FOR UPDATE SKIP LOCKED)
      UPDATE monitors m
         SET next_check_at = CASE
               WHEN due.slot + make_interval(secs => m.check_interval) > now()
                 THEN due.slot + make_interval(secs => m.check_interval)
               ELSE now() + make_interval(secs => m.check_interval) END
        FROM due WHERE m.id = due.id
      RETURNING m.id, m.org_id, m.kind, m.health_check_url, m.timeout, m.config, m.secrets_enc, due.slot`,
  );
}

export interface LockedState {
  org_id: string;
  name: string;
  service_id: string | null;
  status: MonitorStatus;
  consecutive_failures: number;
  retry_count: number;
  check_interval: number;
  retry_interval: number;
  metrics: Record<string, unknown>;
  in_maintenance: boolean;
}

/** Locks a monitor's row for recording a result; null when it was deleted meanwhile. */
export async function lockMonitorState(ctx: Ctx, id: string): Promise<LockedState | null> {
  const [row] = await rows(
    ctx,
    sql<LockedState>`SELECT m.org_id, m.name, m.service_id, m.status, m.consecutive_failures, m.retry_count,
        m.check_interval, m.retry_interval, m.metrics,
        EXISTS (SELECT 1 FROM maintenance_windows w
                 WHERE w.org_id = m.org_id AND w.status <> 'cancelled'
                   AND w.starts_at <= now() AND w.ends_at > now()
                   AND (EXISTS (SELECT 1 FROM maintenance_window_monitors wm
                                 WHERE wm.maintenance_window_id = w.id AND wm.monitor_id = m.id)
                        OR (NOT EXISTS (SELECT 1 FROM maintenance_window_monitors wm
                                         WHERE wm.maintenance_window_id = w.id)
                            AND EXISTS (SELECT 1 FROM status_page_monitors spm
                                         WHERE spm.status_page_id = w.status_page_id
                                           AND spm.monitor_id = m.id)))) AS in_maintenance
      FROM monitors m WHERE m.id = ${id} FOR UPDATE OF m`,
  );
  return row ?? null;
}

export interface ResultWrite {
  monitorId: string;
  orgId: string;
  checkedAt: Date;
  scheduledAt: Date | null;
  status: ResultStatus;
  responseTime: number | null;
  statusCode: number | null;
  attempt: number;
  error: string | null;
  details: Record<string, unknown> | null;
  inMaintenance: boolean;
}

/** Writes a result and adds it to its hour and day buckets (see uptime/uptime.ts for the rule). */
export async function insertResult(
  ctx: Ctx,
  r: ResultWrite,
  counted: 'up' | 'down' | 'excluded' | 'none',
) {
  const tx = txOf(ctx);
  await sql`INSERT INTO health_check_results (checked_at, monitor_id, org_id, response_time, status_code, attempt,
      status, error_message, details, in_maintenance, scheduled_at)
    VALUES (${r.checkedAt}, ${r.monitorId}, ${r.orgId}, ${r.responseTime}, ${r.statusCode}, ${r.attempt},
      ${r.status}, ${r.error}, ${r.details ? JSON.stringify(r.details) : null}, ${r.inMaintenance}, ${r.scheduledAt})`.execute(
    tx,
  );
  const up = counted === 'up' ? 1 : 0;
  const down = counted === 'down' ? 1 : 0;
  const excluded = counted === 'excluded' ? 1 : 0;
  const rt = counted === 'up' && r.responseTime !== null ? r.responseTime : 0;
  const rtn = counted === 'up' && r.responseTime !== null ? 1 : 0;
  await sql`INSERT INTO monitor_hourly_stats AS s (org_id, monitor_id, hour, up_checks, down_checks, excluded_checks,
      response_time_sum, response_time_count)
    VALUES (${r.orgId}, ${r.monitorId}, date_trunc('hour', ${r.checkedAt}::timestamptz, 'UTC'), ${up}, ${down}, ${excluded}, ${rt}, ${rtn})
    ON CONFLICT (monitor_id, hour) DO UPDATE SET up_checks = s.up_checks + EXCLUDED.up_checks,
      down_checks = s.down_checks + EXCLUDED.down_checks, excluded_checks = s.excluded_checks + EXCLUDED.excluded_checks,
      response_time_sum = s.response_time_sum + EXCLUDED.response_time_sum,
      response_time_count = s.response_time_count + EXCLUDED.response_time_count`.execute(tx);
  const healthy = r.status === 'healthy' && !r.inMaintenance ? 1 : 0;
  const degraded = r.status === 'degraded' && !r.inMaintenance ? 1 : 0;
  await sql`INSERT INTO monitor_daily_stats AS s (org_id, monitor_id, day, checks, healthy_checks, degraded_checks,
      down_checks, excluded_checks, response_time_sum, response_time_count, avg_response_time)
    VALUES (${r.orgId}, ${r.monitorId}, (${r.checkedAt}::timestamptz AT TIME ZONE 'UTC')::date, 1, ${healthy}, ${degraded},
      ${down}, ${excluded}, ${rt}, ${rtn}, ${rtn ? rt : null})
    ON CONFLICT (monitor_id, day) DO UPDATE SET checks = s.checks + 1,
      healthy_checks = s.healthy_checks + EXCLUDED.healthy_checks,
      degraded_checks = s.degraded_checks + EXCLUDED.degraded_checks,
      down_checks = s.down_checks + EXCLUDED.down_checks, excluded_checks = s.excluded_checks + EXCLUDED.excluded_checks,
      response_time_sum = s.response_time_sum + EXCLUDED.response_time_sum,
      response_time_count = s.response_time_count + EXCLUDED.response_time_count,
      avg_response_time = ((s.response_time_sum + EXCLUDED.response_time_sum)
                           / NULLIF(s.response_time_count + EXCLUDED.response_time_count, 0))::int`.execute(
    tx,
  );
}

export interface MonitorUpdate {
  status: MonitorStatus;
  changed: boolean;
  consecutiveFailures: number;
  checkedAt: Date;
  responseTime: number | null;
  error: string | null;
  /** Set when the result moves the next check (retries, heartbeats); null keeps the claim's. */
  nextCheckAt: Date | null;
  metrics: Record<string, unknown>;
}

export async function updateMonitorAfterCheck(ctx: Ctx, id: string, u: MonitorUpdate) {
  await sql`UPDATE monitors SET status = ${u.status}, last_check = ${u.checkedAt},
      last_response_time = ${u.responseTime}, last_error = ${u.error},
      consecutive_failures = ${u.consecutiveFailures}, metrics = ${JSON.stringify(u.metrics)},
      last_status_change = CASE WHEN ${u.changed} THEN ${u.checkedAt}::timestamptz ELSE last_status_change END,
      next_check_at = COALESCE(${u.nextCheckAt}::timestamptz, next_check_at)
    WHERE id = ${id}`.execute(txOf(ctx));
}

/** A service's health is its worst active monitor's status. */
export async function refreshServiceHealth(ctx: Ctx, serviceId: string) {
  await sql`UPDATE services s SET last_health_check = now(), health_status = COALESCE((
      SELECT status FROM monitors m WHERE m.service_id = s.id AND m.is_active
       ORDER BY array_position(ARRAY['down', 'unhealthy', 'degraded', 'unknown', 'healthy'], m.status) LIMIT 1),
      'unknown') WHERE s.id = ${serviceId}`.execute(txOf(ctx));
}

export interface EventWrite {
  orgId: string;
  monitorId: string;
  kind: 'status_changed' | 'certificate_expiring';
  fromStatus: string | null;
  toStatus: string | null;
  message: string;
  details: Record<string, unknown>;
  occurredAt: Date;
}

export async function insertEvent(ctx: Ctx, e: EventWrite): Promise<number> {
  const [row] = await rows(
    ctx,
    sql<{
      id: number;
    }>`INSERT INTO monitor_events (org_id, monitor_id, kind, from_status, to_status, message, details, occurred_at)
      VALUES (${e.orgId}, ${e.monitorId}, ${e.kind}, ${e.fromStatus}, ${e.toStatus}, ${e.message},
              ${JSON.stringify(e.details)}, ${e.occurredAt}) RETURNING id`,
  );
  return row!.id;
}

export interface UptimeCounts {
  window: '24h' | '7d' | '30d' | '1y';
  up: number;
  down: number;
}

/** Up and down counts per uptime window (see uptime/uptime.ts for windows and buckets). */
export async function selectUptimeCounts(
  ctx: Ctx,
  monitorId: string,
  starts: { h24: Date; d7: Date; d30: Date; y1: Date },
): Promise<UptimeCounts[]> {
  return rows(
    ctx,
    sql<UptimeCounts>`SELECT '24h' AS "window",
        count(*) FILTER (WHERE status IN ('healthy', 'degraded'))::int AS up,
        count(*) FILTER (WHERE status IN ('down', 'unhealthy', 'pending'))::int AS down
        FROM health_check_results WHERE monitor_id = ${monitorId} AND checked_at >= ${starts.h24} AND NOT in_maintenance
      UNION ALL
      SELECT w, COALESCE(sum(up_checks), 0)::int, COALESCE(sum(down_checks), 0)::int
        FROM (VALUES ('7d', ${starts.d7}::timestamptz), ('30d', ${starts.d30}::timestamptz)) v(w, since)
        LEFT JOIN monitor_hourly_stats h ON h.monitor_id = ${monitorId} AND h.hour >= v.since
        GROUP BY w
      UNION ALL
      SELECT '1y', COALESCE(sum(healthy_checks + degraded_checks), 0)::int, COALESCE(sum(down_checks), 0)::int
        FROM monitor_daily_stats WHERE monitor_id = ${monitorId} AND day >= (${starts.y1}::timestamptz AT TIME ZONE 'UTC')::date`,
  );
}

export async function setUptime(
  ctx: Ctx,
  id: string,
  u: Record<'24h' | '7d' | '30d' | '1y', number | null>,
) {
  await sql`UPDATE monitors SET uptime_24h = ${u['24h']}, uptime_7d = ${u['7d']}, uptime_30d = ${u['30d']},
      uptime_1y = ${u['1y']} WHERE id = ${id}`.execute(txOf(ctx));
}

/** The heartbeat monitor a push token belongs to (any organization). */
export async function findByHeartbeatToken(ctx: Ctx, hash: Buffer) {
  const [row] = await rows(
    ctx,
    sql<{
      id: string;
      org_id: string;
      is_active: boolean;
    }>`SELECT id, org_id, is_active FROM monitors
      WHERE heartbeat_token_hash = ${hash} AND kind = 'heartbeat'`,
  );
  return row ?? null;
}

/** Drops hour buckets past the 30-day window (results and day buckets have their own retention). */
export async function pruneHourlyStats(ctx: Ctx): Promise<number> {
  const r =
    await sql`DELETE FROM monitor_hourly_stats WHERE hour < now() - interval '32 days'`.execute(
      txOf(ctx),
    );
  return Number(r.numAffectedRows ?? 0);
}
