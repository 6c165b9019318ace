import { withTransaction, type Ctx } from '../../db/context.ts';
import { selectGroupStats } from './repository.ts';
import type { ServicesQuery, ServicesResponse } from './schemas.ts';
import { figures, meanOf, resolveSummaryRange, secondsOf } from './summarize.ts';

/** Requests, errors, throughput and latency percentiles per service, busiest first. */
export async function getServicePerformance({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: ServicesQuery;
}): Promise<ServicesResponse> {
  const r = resolveSummaryRange(input.from, input.to);
  const rows = await withTransaction(ctx, (tx) =>
    selectGroupStats(tx, {
      segments: r.segments,
      filter: { environment: input.environment },
      by: 'service',
      order: 'requests',
      limit: 1000,
    }),
  );
  const seconds = secondsOf(r.range);
  return {
    from: r.from,
    to: r.to,
    services: rows.map((x) => ({ service: x.service, ...figures(x, seconds), mean: meanOf(x) })),
  };
}
