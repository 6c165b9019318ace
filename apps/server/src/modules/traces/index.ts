// Public surface of the traces module: OTLP/HTTP trace ingest and the trace view API.
import type { FastifyInstance } from 'fastify';
import { createSpansWriter } from '../errors/index.ts';
import { tracesRoutes } from './routes.ts';
import { traceIngestRoutes } from './routes-ingest.ts';

export { otlpTracesToRows, decodeTracesProtobuf, encodeTracesResponse } from './otlp-traces.ts';
export { buildWaterfall } from './waterfall.ts';

/**
 * Registers POST /v1/traces and the trace API under /api/v1. The `spans` writer belongs to the
 * errors module (Sentry transactions); it is registered here only when that module is absent.
 */
export async function tracesModule(app: FastifyInstance) {
  try {
    app.ingest.register(createSpansWriter());
  } catch {
    // The errors module registered it already: spans are submitted to it by name.
  }
  await app.register(traceIngestRoutes);
  await app.register(tracesRoutes, { prefix: '/api/v1' });
}
