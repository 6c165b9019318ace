import type { Db } from '../../db/client.ts';
import { systemCtx, withTransaction, type Ctx } from '../../db/context.ts';
import { AppError } from '../../platform/errors.ts';
import type { IngestContext } from '../ingest/index.ts';
import {
  SeriesBatchBuilder,
  ingestSeries,
  type SeriesIngestDeps,
  type SeriesResolver,
} from '../metrics/index.ts';
import { addReportSamples, deriveStatus, type HealthReport, type HealthStatus } from './report.ts';
import { listLatest, upsertLatest, type LatestUpsert } from './repository.ts';
import type { HealthReportBody, SystemHealth, SystemHealthQuery } from './schemas.ts';

const MAX_FUTURE_MS = 5 * 60_000;

/**
 * Stores reports: the newest per service in system_health_latest (first, so that a database
 * outage answers 503 before anything is acknowledged), then every figure as a metric sample
 * through the metrics pipeline (durable when this resolves).
 */
export async function ingestHealthReports(
  deps: SeriesIngestDeps & { db: Db },
  resolver: SeriesResolver,
  ctx: IngestContext,
  body: HealthReportBody,
  now = new Date(),
): Promise<{ accepted: number; samples: number; statuses: Record<string, HealthStatus> }> {
  const reports: HealthReport[] = 'reports' in body ? body.reports : [body];
  const batch = new SeriesBatchBuilder();
  const latest: LatestUpsert[] = [];
  const statuses: Record<string, HealthStatus> = {};
  for (const [i, r] of reports.entries()) {
    const checkedAt = r.checked_at ? new Date(r.checked_at) : now;
    if (checkedAt.getTime() > now.getTime() + MAX_FUTURE_MS) {
      throw new AppError(
        'VALIDATION',
        `reports[${i}].checked_at is in the future (${r.checked_at}); check the reporter's clock.`,
      );
    }
    const status = r.status ?? deriveStatus(r);
    statuses[r.service_name] = status;
    addReportSamples(batch, r, status, checkedAt.getTime());
    latest.push({ report: r, status, checkedAt });
  }
  try {
    await withTransaction(systemCtx(deps.db, 'system-health.ingest', ctx.orgId), (tx) =>
      upsertLatest(tx, ctx.orgId, latest),
    );
  } catch (err) {
    deps.log.warn({ err }, 'system health: the latest reports could not be stored');
    throw new AppError('UNAVAILABLE', 'System health reports cannot be stored right now.', {
      headers: { 'Retry-After': '10' },
    });
  }
  const r = await ingestSeries(deps, resolver, ctx, batch.result());
  if (r.rejected) {
    throw new AppError('VALIDATION', `Some figures were refused: ${r.firstError ?? 'invalid'}.`);
  }
  return { accepted: reports.length, samples: r.accepted, statuses };
}

const SEVERITY: Record<HealthStatus, number> = { healthy: 0, degraded: 1, unhealthy: 2, down: 3 };

/** The health summary: each service's newest report, stale ones flagged, the worst status. */
export async function getSystemHealth({
  ctx,
  input,
  now = new Date(),
}: {
  ctx: Ctx;
  input: SystemHealthQuery;
  now?: Date;
}): Promise<SystemHealth> {
  const rows = await withTransaction(ctx, (tx) =>
    listLatest(tx, { serviceType: input.serviceType }),
  );
  const staleMs = (input.staleAfterSeconds ?? 300) * 1000;
  const services = rows.map((r) => ({
    service: r.service,
    serviceType: r.service_type,
    status: r.status,
    statusReported: r.status_reported,
    stale: now.getTime() - r.checked_at.getTime() > staleMs,
    checkedAt: r.checked_at.toISOString(),
    reports: Number(r.reports),
    cpuUsagePercent: r.cpu_usage_percent,
    memoryUsageMb: r.memory_usage_mb,
    diskUsagePercent: r.disk_usage_percent,
    responseTimeMs: r.response_time_ms,
    errorRate: r.error_rate,
    throughput: r.throughput,
    lastErrorMessage: r.last_error_message,
    metadata: r.metadata,
  }));
  const summary = {
    total: services.length,
    healthy: 0,
    degraded: 0,
    unhealthy: 0,
    down: 0,
    stale: 0,
  };
  let worst: HealthStatus | null = null;
  for (const s of services) {
    if (s.stale) {
      summary.stale++;
      continue;
    }
    summary[s.status]++;
    if (!worst || SEVERITY[s.status] > SEVERITY[worst]) worst = s.status;
  }
  const shown = services.filter((s) =>
    !input.status
      ? true
      : input.status === 'stale'
        ? s.stale
        : !s.stale && s.status === input.status,
  );
  return { overall: worst ?? 'unknown', summary, services: shown };
}
