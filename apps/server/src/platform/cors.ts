import cors, { type FastifyCorsOptions } from '@fastify/cors';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';

/**
 * Browsers post telemetry to Pharos from other origins (Sentry browser SDK envelopes, web-vitals
 * beacons, CSP reports, OTLP from web apps), so ingestion paths answer CORS for any origin.
 * Ingestion authenticates with keys in the request, never with cookies, so credentials are not
 * allowed. The rest of the API is same-origin only: no CORS headers at all.
 */
export const INGEST_PATHS: RegExp[] = [
  /^\/api\/\d+\/(envelope|store|security|csp-report)\/?$/,
  /^\/v1\/(logs|metrics|traces)\/?$/,
  /^\/api\/v1\/ingest\//,
  /^\/api\/v1\/write\/?$/, // Prometheus remote write
  /^\/loki\/api\/v1\/push\/?$/,
];

export function isIngestPath(url: string): boolean {
  const q = url.indexOf('?');
  const path = q < 0 ? url : url.slice(0, q);
  for (const re of INGEST_PATHS) if (re.test(path)) return true;
  return false;
}

// Built once, with the lists as the header texts: the delegator runs on every request.
const INGEST_CORS: FastifyCorsOptions = {
  origin: '*',
  credentials: false,
  methods: 'POST, OPTIONS',
  allowedHeaders: [
    'Content-Type',
    'Content-Encoding',
    'Authorization',
    'X-Sentry-Auth',
    'X-Requested-With',
    'X-Request-Id',
    'sentry-trace',
    'baggage',
  ].join(', '),
  exposedHeaders: 'Retry-After, X-Sentry-Rate-Limits, X-Request-Id',
  maxAge: 86400,
};
const NO_CORS: FastifyCorsOptions = { origin: false };

export const corsPlugin = fp(async (app: FastifyInstance) => {
  await app.register(cors, {
    hook: 'onRequest',
    delegator: (req: FastifyRequest, cb) => cb(null, isIngestPath(req.url) ? INGEST_CORS : NO_CORS),
  });
});
