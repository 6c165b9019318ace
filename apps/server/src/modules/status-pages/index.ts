// Public surface of the status-pages module.
import type { FastifyInstance } from 'fastify';
import { statusPagePublicRoutes } from './public-routes.ts';
import { statusPageAdminRoutes } from './routes.ts';

/** Admin API under /api/v1; public pages under /status/:slug. */
export async function statusPagesModule(app: FastifyInstance) {
  await app.register(statusPageAdminRoutes, { prefix: '/api/v1' });
  await app.register(statusPagePublicRoutes);
}
