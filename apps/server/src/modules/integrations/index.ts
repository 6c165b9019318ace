// Public surface of the integrations module.
import type { FastifyInstance } from 'fastify';
import { integrationRoutes } from './routes.ts';

export { recordIntegrationProbe } from './record-events.ts';

/** Routes under /api/v1: integrations, their events and health figures. */
export async function integrationsModule(app: FastifyInstance) {
  await app.register(integrationRoutes);
}
