import type { FastifyInstance, FastifyReply } from 'fastify';
import { authenticateIngest, readIngestBody, useRawBodies } from '../ingest/index.ts';
import { AppError } from '../../platform/errors.ts';
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

/** An OTLP/JSON body as an object; 400 when it is not one. */
function parseOtlpJson(body: Buffer): unknown {
  let decoded: unknown;
  try {
    decoded = JSON.parse(body.toString('utf8'));
  } catch (err) {
    throw new AppError('VALIDATION', `Not valid OTLP JSON: ${(err as Error).message}`);
  }
  if (!decoded || typeof decoded !== 'object' || Array.isArray(decoded))
    throw new AppError('VALIDATION', 'An OTLP JSON request is an object.');
  return decoded;
}

function answer(reply: FastifyReply, asJson: boolean, rejected: number, message: string) {
  if (asJson) {
    return reply
      .type('application/json')
      .send(
        rejected
          ? { partialSuccess: { rejectedDataPoints: String(rejected), errorMessage: message } }
          : {},
      );
  }
  return reply.type('application/x-protobuf').send(encodeMetricsResponse(rejected, message));
}

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
        const type = String(req.headers['content-type'] ?? '').toLowerCase();
        const asJson = type.includes('json') || (!type.includes('protobuf') && body[0] === 0x7b);
        let decoded: unknown;
        try {
          decoded = asJson ? parseOtlpJson(body) : decodeMetricsProtobuf(body);
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
        return answer(reply, asJson, r.rejected, message);
      },
    );
  };
}
