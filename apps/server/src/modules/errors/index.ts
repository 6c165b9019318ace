// Public surface of the errors module: Sentry ingestion, grouping, issues API, and the spans
// writer the traces work reuses.
import type { FastifyInstance } from 'fastify';
import { createErrorEventsWriter } from './error-events-writer.ts';
import {
  createClientOutcomesWriter,
  createSessionAggregatesWriter,
  createSessionsWriter,
} from './release-health-writer.ts';
import { errorsRoutes } from './routes.ts';
import { sentryIngestRoutes } from './routes-ingest.ts';
import { createSpansWriter } from './spans-writer.ts';

export { createSpansWriter } from './spans-writer.ts';
export { computeGrouping, type Grouping } from './fingerprint.ts';
export { parameterize } from './parameterize.ts';
export { buildDsn, toDsnKey, fromSentryKey } from './sentry-auth.ts';
export type { SpanRow } from './rows.ts';

/**
 * Registers the table writers on app.ingest (the ingest plugin must be registered first), the
 * Sentry endpoints at the root (`/api/:projectId/envelope/`, `/store/`) and the errors API
 * under /api/v1. The spans writer is registered here unless another module already did.
 */
export async function errorsModule(app: FastifyInstance) {
  app.ingest.register(createErrorEventsWriter());
  try {
    app.ingest.register(createSpansWriter());
  } catch {
    // The traces module registered its own 'spans' writer first.
  }
  app.ingest.register(createSessionsWriter());
  app.ingest.register(createSessionAggregatesWriter());
  app.ingest.register(createClientOutcomesWriter());
  await app.register(sentryIngestRoutes);
  await app.register(errorsRoutes, { prefix: '/api/v1' });
}
