import type { FastifyInstance } from 'fastify';
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

const ALLOW_HEADERS = [
  'Content-Type',
  'Content-Encoding',
  'Authorization',
  'X-Sentry-Auth',
  'X-Requested-With',
  'X-Request-Id',
  'sentry-trace',
  'baggage',
].join(', ');
const EXPOSE_HEADERS = 'Retry-After, X-Sentry-Rate-Limits, X-Request-Id';

/**
 * One hook instead of @fastify/cors with a delegator, which normalized and copied its options
 * on every request (about 4% of an ingest request's CPU). The origin is always `*` (no
 * `Vary: Origin` needed), set before routing, so error answers (401, 413, 429) carry it and a
 * browser can read their `Retry-After`. A preflight of an ingestion path is answered here (no
 * route has OPTIONS); any other OPTIONS request goes on to routing (404).
 */
export const corsPlugin = fp(async (app: FastifyInstance) => {
  app.addHook('onRequest', (req, reply, done) => {
    if (!isIngestPath(req.url)) return done();
    reply.header('access-control-allow-origin', '*');
    if (req.method === 'OPTIONS' && req.headers['access-control-request-method'] !== undefined) {
      void reply
        .code(204)
        .header('access-control-allow-methods', 'POST, OPTIONS')
        .header('access-control-allow-headers', ALLOW_HEADERS)
        .header('access-control-max-age', '86400')
        .header('content-length', '0')
        .send();
      return;
    }
    reply.header('access-control-expose-headers', EXPOSE_HEADERS);
    done();
  });
});
