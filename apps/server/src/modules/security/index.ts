// Public surface of the security module: security_events (CSP violation reports today) and
// their API.
import type { FastifyInstance } from 'fastify';
import { cspReportRoutes, securityEventRoutes } from './routes.ts';
import { securityEventsWriter } from './security-events-writer.ts';

export { securityEventsWriter } from './security-events-writer.ts';
export type { SecurityEventRow } from './security-event-row.ts';

/**
 * Registers the security_events writer on the ingest pipeline, the CSP report endpoints (at the
 * root) and the read API (under /api/v1). Register after the ingest plugin.
 */
export async function securityModule(app: FastifyInstance) {
  app.ingest.register(securityEventsWriter);
  await app.register(cspReportRoutes);
  await app.register(securityEventRoutes, { prefix: '/api/v1' });
}
