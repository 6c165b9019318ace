import { withTransaction, type Ctx } from '../../db/context.ts';
import { selectGroupStats } from './repository.ts';
import type { EndpointsQuery, EndpointsResponse } from './schemas.ts';
import { figures, meanOf, resolveSummaryRange, secondsOf } from './summarize.ts';

/** Seed 001 "API performance summary": per endpoint and method, busiest first. */
export async function getEndpointPerformance({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: EndpointsQuery;
}): Promise<EndpointsResponse> {
  const r = resolveSummaryRange(input.from, input.to);
  const rows = await withTransaction(ctx, (tx) =>
    selectGroupStats(tx, {
      segments: r.segments,
      filter: { service: input.service, environment: input.environment },
      by: 'endpoint',
      order: 'requests',
      limit: input.limit,
    }),
  );
  const seconds = secondsOf(r.range);
  return {
    from: r.from,
    to: r.to,
    endpoints: rows.map((x) => ({
      service: x.service,
      endpoint: x.endpoint,
      method: x.method,
      ...figures(x, seconds),
      mean: meanOf(x),
    })),
  };
}
