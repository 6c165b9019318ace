// Public surface of the load-tests module: k6 and autocannon summaries.
import type { FastifyInstance } from 'fastify';
import { loadTestRoutes } from './routes.ts';

export { parseLoadTestSummary, detectTool, type LoadTestFigures } from './parse-summary.ts';

/** Registered under /api/v1. */
export async function loadTestsModule(app: FastifyInstance) {
  await app.register(loadTestRoutes);
}
