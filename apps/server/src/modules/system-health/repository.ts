import { sql } from 'kysely';
import { txOf, type Ctx } from '../../db/context.ts';
import type { HealthReport, HealthStatus } from './report.ts';

export interface LatestRow {
  service: string;
  service_type: string;
  status: HealthStatus;
  status_reported: boolean;
  response_time_ms: number | null;
  error_rate: number | null;
  throughput: number | null;
  memory_usage_mb: number | null;
  cpu_usage_percent: number | null;
  disk_usage_percent: number | null;
  last_error_message: string | null;
  metadata: Record<string, unknown>;
  checked_at: Date;
  reports: string;
}

export interface LatestUpsert {
  report: HealthReport;
  status: HealthStatus;
  checkedAt: Date;
}

/**
 * Keeps the newest report per service: an older report (a retry or a late batch) only counts,
 * it never replaces newer figures. ctx must be in withTransaction.
 */
export async function upsertLatest(ctx: Ctx, orgId: string, rows: LatestUpsert[]): Promise<void> {
  // One row per service (a statement may not update a row twice): the newest report, and how
  // many the batch held.
  const newest = new Map<string, LatestUpsert & { n: number }>();
  for (const row of rows) {
    const prev = newest.get(row.report.service_name);
    if (!prev) newest.set(row.report.service_name, { ...row, n: 1 });
    else if (row.checkedAt >= prev.checkedAt)
      newest.set(row.report.service_name, { ...row, n: prev.n + 1 });
    else prev.n++;
  }
  const data = [...newest.values()].map(({ report: r, status, checkedAt, n }) => ({
    n,
    service: r.service_name,
    service_type: r.service_type,
    status,
    status_reported: r.status !== undefined,
    response_time_ms: r.response_time_ms ?? null,
    error_rate: r.error_rate ?? null,
    throughput: r.throughput ?? null,
    memory_usage_mb: r.memory_usage_mb ?? null,
    cpu_usage_percent: r.cpu_usage_percent ?? null,
    disk_usage_percent: r.disk_usage_percent ?? null,
    last_error_message: r.last_error_message ?? null,
    metadata: r.metadata ?? {},
    checked_at: checkedAt.toISOString(),
  }));
  await sql`
    INSERT INTO system_health_latest AS l (org_id, service, service_type, status, status_reported,
      response_time_ms, error_rate, throughput, memory_usage_mb, cpu_usage_percent,
      disk_usage_percent, last_error_message, metadata, checked_at, reports)
    SELECT ${orgId}::uuid, r.service, r.service_type, r.status, r.status_reported,
      r.response_time_ms, r.error_rate, r.throughput, r.memory_usage_mb, r.cpu_usage_percent,
      r.disk_usage_percent, r.last_error_message, r.metadata, r.checked_at, r.n
      FROM jsonb_to_recordset(${JSON.stringify(data)}::jsonb) AS r(n integer, service text, service_type text,
        status text, status_reported boolean, response_time_ms float8, error_rate float8,
        throughput float8, memory_usage_mb float8, cpu_usage_percent float8,
        disk_usage_percent float8, last_error_message text, metadata jsonb, checked_at timestamptz)
     ORDER BY r.service
    ON CONFLICT (org_id, service) DO UPDATE SET
      reports = l.reports + excluded.reports,
      service_type = CASE WHEN excluded.checked_at >= l.checked_at THEN excluded.service_type ELSE l.service_type END,
      status = CASE WHEN excluded.checked_at >= l.checked_at THEN excluded.status ELSE l.status END,
      status_reported = CASE WHEN excluded.checked_at >= l.checked_at THEN excluded.status_reported ELSE l.status_reported END,
      response_time_ms = CASE WHEN excluded.checked_at >= l.checked_at THEN excluded.response_time_ms ELSE l.response_time_ms END,
      error_rate = CASE WHEN excluded.checked_at >= l.checked_at THEN excluded.error_rate ELSE l.error_rate END,
      throughput = CASE WHEN excluded.checked_at >= l.checked_at THEN excluded.throughput ELSE l.throughput END,
      memory_usage_mb = CASE WHEN excluded.checked_at >= l.checked_at THEN excluded.memory_usage_mb ELSE l.memory_usage_mb END,
      cpu_usage_percent = CASE WHEN excluded.checked_at >= l.checked_at THEN excluded.cpu_usage_percent ELSE l.cpu_usage_percent END,
      disk_usage_percent = CASE WHEN excluded.checked_at >= l.checked_at THEN excluded.disk_usage_percent ELSE l.disk_usage_percent END,
      -- The last error stays until a newer report brings another one.
      last_error_message = CASE WHEN excluded.checked_at >= l.checked_at
                                THEN coalesce(excluded.last_error_message, l.last_error_message)
                                ELSE l.last_error_message END,
      metadata = CASE WHEN excluded.checked_at >= l.checked_at THEN excluded.metadata ELSE l.metadata END,
      checked_at = greatest(l.checked_at, excluded.checked_at)`.execute(txOf(ctx));
}

export async function listLatest(ctx: Ctx, filter: { serviceType?: string }): Promise<LatestRow[]> {
  const r = await sql<LatestRow>`
    SELECT service, service_type, status, status_reported, response_time_ms, error_rate,
           throughput, memory_usage_mb, cpu_usage_percent, disk_usage_percent,
           last_error_message, metadata, checked_at, reports
      FROM system_health_latest
     WHERE org_id = ${ctx.orgId}::uuid
       AND (${filter.serviceType ?? null}::text IS NULL OR service_type = ${filter.serviceType ?? null}::text)
     ORDER BY service`.execute(txOf(ctx));
  return r.rows;
}
