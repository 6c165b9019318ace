import { withTransaction, type Ctx } from '../../db/context.ts';
import { invalid } from '../../platform/errors.ts';
import { selectGroupStats } from './repository.ts';
import type { SlowestQuery, SlowestResponse } from './schemas.ts';
import { figures, resolveSummaryRange, secondsOf } from './summarize.ts';

/** Seed 001 "slowest endpoints": p95 over the whole range above thresholdMs, slowest first. */
export async function getSlowestEndpoints({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: SlowestQuery;
}): Promise<SlowestResponse> {
  // The schema's maximum does not stop `1e309`: query coercion turns it into Infinity first.
  if (!Number.isFinite(input.thresholdMs)) {
    throw invalid('`thresholdMs` must be a finite number of milliseconds.', [
      { path: 'querystring.thresholdMs', message: 'must be finite' },
    ]);
  }
  const r = resolveSummaryRange(input.from, input.to);
  const rows = await withTransaction(ctx, (tx) =>
    selectGroupStats(tx, {
      segments: r.segments,
      filter: { service: input.service, environment: input.environment },
      by: 'endpoint',
      order: 'p95',
      minP95: input.thresholdMs,
      limit: input.limit,
    }),
  );
  const seconds = secondsOf(r.range);
  return {
    from: r.from,
    to: r.to,
    thresholdMs: input.thresholdMs,
    endpoints: rows.map((x) => {
      const f = figures(x, seconds);
      return {
        service: x.service,
        endpoint: x.endpoint,
        method: x.method,
        p95: f.p95 ?? 0,
        p99: f.p99,
        requests: f.requests,
        errorRate: f.errorRate,
      };
    }),
  };
}
