import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { withTransaction, type Ctx } from '../../db/context.ts';
import { AppError, invalid } from '../../platform/errors.ts';
import { recordAudit } from '../audit/index.ts';
import type { IngestContext } from '../ingest/index.ts';
import {
  CustomMetricError,
  CustomMetricsBodySchema,
  customMetricsToBatch,
} from './custom-metrics.ts';
import { ingestSeries } from './ingest-series.ts';
import { DeltaAccumulator } from './otlp-delta.ts';
import { seedDeltaTotals } from './otlp-delta-seed.ts';
import { defaultProjectId } from './scrape/repository.ts';
import type { SeriesResolver } from './series-resolver.ts';

/**
 * The ingest context of a signed-in caller or API key: the key's first project, else the
 * organization's first. A person sending metrics by hand is audited (in its own transaction,
 * before anything is stored); keys sending telemetry are not, like every other ingest endpoint.
 */
async function ingestContextOf(ctx: Ctx, count: number): Promise<IngestContext> {
  const orgId = ctx.orgId!;
  const keyProjects = ctx.actor.type === 'api_key' ? ctx.actor.projectIds : null;
  const projectId = await withTransaction(ctx, async (tx) => {
    if (ctx.actor.type === 'user') {
      await recordAudit(tx, {
        action: 'metrics.custom_ingest',
        actionType: 'create',
        resourceType: 'metric',
        description: `${count} custom metrics`,
      });
    }
    return keyProjects?.[0] ?? (await defaultProjectId(tx, orgId));
  });
  if (projectId === null) throw invalid('the organization has no project to report series in');
  return {
    orgId,
    apiKeyId: ctx.actor.type === 'api_key' ? ctx.actor.apiKeyId : null,
    projectIds: keyProjects,
    projectId,
    source: 'custom-metrics',
  };
}

/** POST /api/v1/metrics/custom: custom metrics as JSON, with an ingest key or a session. */
export function customMetricsRoutes(resolver: SeriesResolver) {
  const deltas = new DeltaAccumulator();
  return async (fastify: FastifyInstance) => {
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
    app.post(
      '/api/v1/metrics/custom',
      {
        config: { permission: 'ingest.write' as const },
        schema: {
          tags: ['metrics'],
          summary: 'Send custom metrics as JSON (gauges, counter increments, observations)',
          description:
            'Up to 1,000 metrics per request. gauge: stored as is; counter: the value is an increment and Pharos keeps the total (`_total`); histogram/summary/timer: the value is one observation counted into classic buckets (`_bucket`, `_sum`, `_count`; timers default to unit `ms`). Tags become labels. The first invalid metric answers 400 and nothing is stored.',
          body: CustomMetricsBodySchema,
          response: { 202: Type.Object({ accepted: Type.Integer() }) },
        },
      },
      async (req, reply) => {
        const orgId = req.ctx.orgId!;
        let txn = deltas.begin();
        let batch;
        try {
          batch = customMetricsToBatch(req.body.metrics, orgId, txn);
        } catch (err) {
          if (err instanceof CustomMetricError) throw new AppError('VALIDATION', err.message);
          throw err;
        }
        const ctx = await ingestContextOf(req.ctx, req.body.metrics.length);
        if (txn.misses.size) {
          // Totals this process does not hold continue from storage (see otlp-delta-seed.ts).
          try {
            await seedDeltaTotals(fastify.deps.db.pool, resolver, ctx, batch, txn.misses, deltas);
            txn = deltas.begin();
            batch = customMetricsToBatch(req.body.metrics, orgId, txn);
          } catch (err) {
            fastify.log.warn({ err }, 'custom metrics: running totals could not be seeded');
          }
        }
        await ingestSeries(fastify, resolver, ctx, batch);
        txn.commit();
        return reply.code(202).send({ accepted: req.body.metrics.length });
      },
    );
  };
}
