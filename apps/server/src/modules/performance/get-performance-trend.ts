import { withTransaction, type Ctx } from '../../db/context.ts';
import { invalid } from '../../platform/errors.ts';
import { selectTrend } from './repository.ts';
import type { TrendQuery, TrendResponse } from './schemas.ts';
import { figures } from './summarize.ts';
import { alignRange, autoInterval, LEVEL_MS, resolveRange } from './time-range.ts';

/** Most points one trend may have: 90 days of hours (the widest range at its auto interval). */
export const MAX_POINTS = 2160;

/**
 * Seed 001 "performance trend": one point per interval (every interval of the range, zero when
 * idle), read from endpoint_stats, endpoint_stats_5m or endpoint_stats_1h to match.
 */
export async function getPerformanceTrend({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: TrendQuery;
}): Promise<TrendResponse> {
  const requested = resolveRange(input.from, input.to);
  const interval = input.interval === 'auto' ? autoInterval(requested) : input.interval;
  const step = LEVEL_MS[interval];
  const range = alignRange(requested, step);
  const count = (range.toMs - range.fromMs) / step;
  if (count > MAX_POINTS) {
    throw invalid(
      `interval ${interval} gives ${count} points over this range; at most ${MAX_POINTS}. Use a coarser interval or a shorter range.`,
      [{ path: 'querystring.interval', message: 'too fine for the range' }],
    );
  }
  const rows = await withTransaction(ctx, (tx) =>
    selectTrend(
      tx,
      { level: interval, from: new Date(range.fromMs), to: new Date(range.toMs) },
      {
        service: input.service,
        environment: input.environment,
        endpoint: input.endpoint,
        method: input.method,
      },
    ),
  );
  const byTime = new Map(rows.map((x) => [x.time.getTime(), x]));
  const empty = { requests: 0, errors: 0, latency_sum: null, p50: null, p95: null, p99: null };
  const points: TrendResponse['points'] = [];
  for (let t = range.fromMs; t < range.toMs; t += step) {
    points.push({
      time: new Date(t).toISOString(),
      ...figures(byTime.get(t) ?? empty, step / 1000),
    });
  }
  return {
    from: new Date(range.fromMs).toISOString(),
    to: new Date(range.toMs).toISOString(),
    interval,
    points,
  };
}
