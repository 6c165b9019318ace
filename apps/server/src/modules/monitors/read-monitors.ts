import { withTransaction, type Ctx } from '../../db/context.ts';
import { notFound } from '../../platform/errors.ts';
import { orgOf } from './manage-monitors.ts';
import {
  selectEvents,
  selectMonitor,
  selectOverview,
  selectDailyStats,
  selectResponseTimes,
  selectResults,
  selectWithRecentChecks,
} from './repository.ts';
import { percentiles, UPTIME_WINDOWS, uptimePercent } from './uptime/uptime.ts';

const windowFrom = (w: '24h' | '7d' | '30d') => new Date(Date.now() - UPTIME_WINDOWS[w].ms);

/** Overall health of the organization's monitors (seed 001 section 5.1). */
export async function getHealthOverview({ ctx }: { ctx: Ctx }) {
  return withTransaction(ctx, (tx) => selectOverview(tx, orgOf(ctx)));
}

/** Monitors with their service and ten latest checks (seed 001 section 5.1). */
export async function listRecentChecks({ ctx, input }: { ctx: Ctx; input: { limit: number } }) {
  return {
    items: await withTransaction(ctx, (tx) => selectWithRecentChecks(tx, orgOf(ctx), input.limit)),
  };
}

export async function listResults({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { id: string; window: '24h' | '7d' | '30d'; limit: number };
}) {
  return withTransaction(ctx, async (tx) => {
    if (!(await selectMonitor(tx, orgOf(ctx), input.id))) throw notFound('Monitor');
    return {
      items: await selectResults(tx, orgOf(ctx), input.id, windowFrom(input.window), input.limit),
    };
  });
}

/** Uptime figures as kept on the monitor, and response-time percentiles over a window. */
export async function getMonitorStats({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { id: string; window: '24h' | '7d' | '30d' };
}) {
  return withTransaction(ctx, async (tx) => {
    const m = await selectMonitor(tx, orgOf(ctx), input.id);
    if (!m) throw notFound('Monitor');
    const times = await selectResponseTimes(tx, orgOf(ctx), input.id, windowFrom(input.window));
    const p = percentiles(times, [50, 95, 99]);
    return {
      uptime: { '24h': m.uptime_24h, '7d': m.uptime_7d, '30d': m.uptime_30d, '1y': m.uptime_1y },
      response_time: {
        window: input.window,
        count: times.length,
        avg: times.length ? Math.round(times.reduce((a, b) => a + b, 0) / times.length) : null,
        p50: p.p50 ?? null,
        p95: p.p95 ?? null,
        p99: p.p99 ?? null,
      },
    };
  });
}

/**
 * Uptime per UTC day, oldest first, one entry for each of the last `days` days (uptime bars):
 * days without counted checks have uptime null. Pending counts as down and maintenance is left
 * out, as in the monitor's uptime figures.
 */
export async function getMonitorDaily({
  ctx,
  input,
  now = new Date(),
}: {
  ctx: Ctx;
  input: { id: string; days: number };
  now?: Date;
}) {
  const stats = await withTransaction(ctx, async (tx) => {
    if (!(await selectMonitor(tx, orgOf(ctx), input.id))) throw notFound('Monitor');
    return selectDailyStats(tx, orgOf(ctx), input.id, input.days);
  });
  const byDay = new Map(stats.map((d) => [d.day, d]));
  const items = [];
  for (let i = input.days - 1; i >= 0; i--) {
    const day = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - i))
      .toISOString()
      .slice(0, 10);
    const d = byDay.get(day);
    items.push({
      day,
      uptime: d ? uptimePercent([{ up: d.healthy + d.degraded, down: d.down }]) : null,
      checks: d?.checks ?? 0,
      healthy: d?.healthy ?? 0,
      degraded: d?.degraded ?? 0,
      down: d?.down ?? 0,
      downtime_seconds: d?.downtime_seconds ?? 0,
      avg_response_time: d?.avg_response_time ?? null,
    });
  }
  const up = stats.reduce((n, d) => n + d.healthy + d.degraded, 0);
  const down = stats.reduce((n, d) => n + d.down, 0);
  return { days: input.days, uptime: uptimePercent([{ up, down }]), items };
}

/** The event outbox, read forward by id (alerting keeps its cursor). */
export async function listMonitorEvents({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { after_id: number; monitor_id?: string; limit: number };
}) {
  return {
    items: await withTransaction(ctx, (tx) =>
      selectEvents(tx, orgOf(ctx), {
        afterId: input.after_id,
        monitorId: input.monitor_id,
        limit: input.limit,
      }),
    ),
  };
}
