// Public surface of the performance module: endpoint statistics from spans and request logs,
// their rollups (job performance.aggregate) and the seed 001 section 5.2 API.
import type { FastifyInstance } from 'fastify';
import { performanceRoutes } from './routes.ts';

export { aggregateEndpointStats, AGGREGATE_DEFAULTS } from './aggregate-endpoint-stats.ts';
export { LATENCY_BOUNDS_MS, LATENCY_BUCKET_COUNT, MAX_RELATIVE_ERROR } from './latency-buckets.ts';

/** Registers GET /api/v1/performance/{services,endpoints,slowest,trend}. */
export async function performanceModule(app: FastifyInstance) {
  await app.register(performanceRoutes, { prefix: '/api/v1' });
}
