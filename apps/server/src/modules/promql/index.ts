// Public surface of the promql module: the Prometheus HTTP API over PostgreSQL (query,
// query_range, series, labels, label values, metadata, buildinfo) and its SeriesSource.
import type { FastifyInstance } from 'fastify';
import { promqlRoutes } from './routes.ts';

export { DbSeriesSource, planRollup } from './source-db.ts';
export { evaluateQuery } from './evaluate-query.ts';

/** Registers the Prometheus query API routes. */
export async function promqlModule(app: FastifyInstance) {
  await app.register(promqlRoutes);
}
