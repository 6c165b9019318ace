import cors from '@fastify/cors';
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
  const path = url.split('?')[0] ?? '';
  return INGEST_PATHS.some((re) => re.test(path));
}

export const corsPlugin = fp(async (app: FastifyInstance) => {
  await app.register(cors, {
    hook: 'onRequest',
    delegator: (req: FastifyRequest, cb) => {
      if (!isIngestPath(req.url)) return cb(null, { origin: false });
      cb(null, {
        origin: '*',
        credentials: false,
        methods: ['POST', 'OPTIONS'],
        allowedHeaders: [
          'Content-Type',
          'Content-Encoding',
          'Authorization',
          'X-Sentry-Auth',
          'X-Requested-With',
          'X-Request-Id',
          'sentry-trace',
          'baggage',
        ],
        exposedHeaders: ['Retry-After', 'X-Sentry-Rate-Limits', 'X-Request-Id'],
        maxAge: 86400,
      });
    },
  });
});
