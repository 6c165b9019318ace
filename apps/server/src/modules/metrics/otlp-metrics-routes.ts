import type { FastifyInstance } from 'fastify';
import { authenticateIngest, readIngestBody, useRawBodies } from '../ingest/index.ts';
import { AppError } from '../../platform/errors.ts';
import { decodeOtlpBody, otlpAnswer } from '../logs/index.ts';
import { ingestSeries } from './ingest-series.ts';
import type { DeltaAccumulator } from './otlp-delta.ts';
import { seedDeltaTotals } from './otlp-delta-seed.ts';
import {
  decodeMetricsProtobuf,
  encodeMetricsResponse,
  otlpMetricsToBatch,
} from './otlp-metrics.ts';
import type { SeriesResolver } from './series-resolver.ts';

const INGEST = { public: true, allowNul: true } as const;

/** OTLP/HTTP POST /v1/metrics: protobuf or JSON, optionally gzip, into metric series + samples. */
export function otlpMetricsRoutes(resolver: SeriesResolver, deltas: DeltaAccumulator) {
  return async (app: FastifyInstance) => {
    useRawBodies(app);
    app.post(
      '/v1/metrics',
      {
        config: INGEST,
        schema: {
          summary: 'OTLP/HTTP metrics export (protobuf or JSON)',
          description:
            'Authenticate with an API key with the ingest scope (Bearer). Gauges, sums, histograms, exponential histograms and summaries become Prometheus series (see the metrics README for the name translation); delta temporality is converted to cumulative. Answers an ExportMetricsServiceResponse in the request encoding, with rejected data points in partialSuccess. 400 for an undecodable body; 429/503 with Retry-After under pressure.',
          tags: ['ingest'],
        },
      },
      async (req, reply) => {
        const ctx = await authenticateIngest(req, { source: 'otlp-metrics' });
        const body = await readIngestBody(req);
        let decoded: unknown;
        let asJson: boolean;
        try {
          ({ decoded, asJson } = decodeOtlpBody(
            req.headers['content-type'],
            body,
            decodeMetricsProtobuf,
          ));
        } catch (err) {
          if (err instanceof AppError) app.ingest.noteRejected(ctx, 1, err.message);
          throw err;
        }
        let txn = deltas.begin();
        let batch = otlpMetricsToBatch(decoded, ctx.orgId, txn);
        if (txn.misses.size) {
          // Unknown delta series: continue their totals from storage, then convert again.
          try {
            await seedDeltaTotals(app.deps.db.pool, resolver, ctx, batch, txn.misses, deltas);
            txn = deltas.begin();
            batch = otlpMetricsToBatch(decoded, ctx.orgId, txn);
          } catch (err) {
            app.log.warn({ err }, 'otlp metrics: delta totals could not be seeded');
          }
        }
        const r = await ingestSeries(app, resolver, ctx, batch);
        txn.commit(); // delta totals advance only once their samples are stored
        const message = r.rejected ? `${r.rejected} data points rejected: ${r.firstError}` : '';
        return otlpAnswer(
          reply,
          asJson,
          { field: 'rejectedDataPoints', rejected: r.rejected, message },
          encodeMetricsResponse,
        );
      },
    );
  };
}
