// Public surface of the search module.
import type { FastifyInstance } from 'fastify';
import { searchRoutes } from './routes.ts';
import { DEFAULT_TAIL_LIMITS, TailHub, type TailLimits } from './tail-logs.ts';

export { compactLogCounts } from './compact-log-counts.ts';
export { DEFAULT_TAIL_LIMITS, TailHub, type TailLimits } from './tail-logs.ts';

/**
 * Routes: log search, histogram, facets, context, patterns, live tail (SSE) and pivot. Open
 * tails are closed before the server stops (preClose), so shutdown never waits on them.
 */
export async function searchModule(app: FastifyInstance, opts: { tail?: Partial<TailLimits> }) {
  const hub = new TailHub({ ...DEFAULT_TAIL_LIMITS, ...opts.tail });
  app.addHook('preClose', async () => hub.closeAll());
  await app.register(searchRoutes, { hub });
}
