// Public surface of the system health module (seed 000 system_health): resource reports of
// services and hosts, kept as metric series, and their health summary.
import type { FastifyInstance } from 'fastify';
import { seriesResolverFor } from '../metrics/index.ts';
import { systemHealthRoutes } from './routes.ts';

export { deriveStatus, THRESHOLDS, type HealthReport } from './report.ts';

export async function systemHealthModule(app: FastifyInstance) {
  await app.register(systemHealthRoutes(seriesResolverFor(app.deps.db.pool)), {
    prefix: '/api/v1',
  });
}
