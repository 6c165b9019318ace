import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { authenticateIngest } from '../ingest/index.ts';
import type { SeriesResolver } from '../metrics/index.ts';
import {
  HealthReportAckSchema,
  HealthReportBodySchema,
  SystemHealthQuerySchema,
  SystemHealthSchema,
} from './schemas.ts';
import { getSystemHealth, ingestHealthReports } from './system-health.ts';

/** Reports in (ingest key) and the health summary out (signed-in readers and read keys). */
export function systemHealthRoutes(resolver: SeriesResolver) {
  return async (fastify: FastifyInstance) => {
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
    const tags = ['system health'];
    app.post(
      '/ingest/system-health',
      {
        config: { public: true },
        bodyLimit: 1024 * 1024,
        schema: {
          tags,
          summary:
            'Report resource figures and health of services or hosts (seed 000 system_health)',
          description:
            'Authenticate with an API key with the ingest scope (Bearer, or Basic with the key as the password). One report or `{reports: [...]}` (up to 1,000). Each figure becomes a metric series labelled service and service_type (system_cpu_usage_percent, system_memory_usage_bytes, system_disk_usage_percent, system_response_time_seconds, system_error_rate_percent, system_throughput_per_second, system_health_status), queryable with PromQL. Without a status, Pharos derives one from the figures (see the module README). Answers after the samples are durable.',
          body: HealthReportBodySchema,
          response: { 200: HealthReportAckSchema },
        },
      },
      async (req) => {
        const ctx = await authenticateIngest(req, { source: 'system-health' });
        return ingestHealthReports(
          { ingest: fastify.ingest, log: req.log, db: fastify.deps.db.db },
          resolver,
          ctx,
          req.body,
        );
      },
    );
    app.get(
      '/system-health',
      {
        config: { permission: 'telemetry.read' },
        schema: {
          tags,
          summary: 'Health summary: the newest report of each service, stale ones flagged',
          querystring: SystemHealthQuerySchema,
          response: { 200: SystemHealthSchema },
        },
      },
      async (req) => getSystemHealth({ ctx: req.ctx, input: req.query }),
    );
  };
}
