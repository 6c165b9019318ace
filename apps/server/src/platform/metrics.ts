import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export interface HttpMetrics {
  registry: Registry;
}

declare module 'fastify' {
  interface FastifyInstance {
    metrics: HttpMetrics;
  }
  interface FastifyRequest {
    startedAt: bigint;
  }
}

/**
 * Pharos's own Prometheus metrics: request counts and latencies by route template (never by raw
 * URL, which would explode cardinality), in-flight requests, and the process defaults.
 */
export const metricsPlugin = fp(async (app: FastifyInstance, opts: { token: string | null }) => {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'pharos_' });
  const labelNames = ['method', 'route', 'status'] as const;
  const requests = new Counter({
    name: 'http_requests_total',
    help: 'Total number of HTTP requests',
    labelNames,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request latency in seconds',
    labelNames,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const active = new Gauge({
    name: 'http_requests_active',
    help: 'HTTP requests currently being served',
    registers: [registry],
  });
  app.decorate('metrics', { registry });

  app.addHook('onRequest', async (req) => {
    req.startedAt = process.hrtime.bigint();
    active.inc();
  });
  app.addHook('onResponse', async (req, reply) => {
    active.dec();
    const route = req.routeOptions.url ?? 'unmatched';
    const labels = { method: req.method, route, status: String(reply.statusCode) };
    requests.inc(labels);
    duration.observe(labels, Number(process.hrtime.bigint() - req.startedAt) / 1e9);
  });

  app.get(
    '/metrics',
    {
      config: { public: true },
      schema: {
        hide: true,
        summary: 'Prometheus metrics of this Pharos process',
      },
    },
    async (req, reply) => {
      if (opts.token && req.headers.authorization !== `Bearer ${opts.token}`) {
        reply.header('WWW-Authenticate', 'Bearer realm="pharos-metrics"');
        return reply
          .status(401)
          .type('application/problem+json')
          .send({
            type: 'https://pharos.dev/problems/unauthorized',
            title: 'Authentication required',
            status: 401,
            detail: 'GET /metrics needs the PHAROS_METRICS_TOKEN as a Bearer token.',
            code: 'UNAUTHORIZED',
            request_id: String(req.id),
          });
      }
      // prom-client prints NaN as `Nan`; the exposition format spells it `NaN`.
      const body = (await registry.metrics()).replace(/ Nan$/gm, ' NaN');
      return reply.type('text/plain; version=0.0.4; charset=utf-8').send(body);
    },
  );
});
