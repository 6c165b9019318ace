import { Type, type Static } from '@sinclair/typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { withTransaction } from '../../db/context.ts';
import { authenticateIngest, readIngestBody, useRawBodies } from '../ingest/index.ts';
import { AppError } from '../../platform/errors.ts';
import { ingestRemoteWrite } from './ingest-remote-write.ts';
import { listSeries } from './repository.ts';
import type { SeriesResolver } from './series-resolver.ts';

const INGEST = { public: true, allowNul: true } as const;

/** POST /api/v1/write: Prometheus remote write 1.0 (snappy block + protobuf). */
export function remoteWriteRoutes(resolver: SeriesResolver) {
  return async (app: FastifyInstance) => {
    useRawBodies(app);
    app.post(
      '/api/v1/write',
      {
        config: INGEST,
        schema: {
          summary: 'Prometheus remote write 1.0 (snappy-compressed protobuf WriteRequest)',
          description:
            'Authenticate with an API key with the ingest scope (Bearer, or Basic with the key as password). 204 once the samples are durable; 400 for invalid series (not retried; the valid ones are stored); 415 for remote write 2.0; 503 + Retry-After under pressure.',
          tags: ['ingest'],
        },
      },
      async (req, reply) => {
        const ctx = await authenticateIngest(req, { basic: true, source: 'prometheus' });
        const type = String(req.headers['content-type'] ?? '').toLowerCase();
        if (type.includes('proto=io.prometheus.write.v2')) {
          throw new AppError(
            'UNSUPPORTED_MEDIA_TYPE',
            'Remote write 2.0 is not supported; send remote write 1.0 (protobuf_message: prometheus.WriteRequest).',
          );
        }
        // Remote write 1.0 bodies are always snappy block-compressed, whatever the header says.
        const body = await readIngestBody(req, { forceEncoding: 'snappy' });
        const r = await ingestRemoteWrite(app, resolver, ctx, body);
        if (r.rejected) {
          throw new AppError(
            'VALIDATION',
            `${r.rejected} samples rejected (${r.accepted} stored): ${r.firstError}`,
          );
        }
        return reply.code(204).send();
      },
    );
  };
}

const SeriesQuery = Type.Object({
  match: Type.String({ minLength: 1, maxLength: 255, description: 'The metric name' }),
  limit: Type.Integer({ minimum: 1, maximum: 1000, default: 100 }),
});
const SeriesList = Type.Object({
  items: Type.Array(
    Type.Object({
      id: Type.Integer(),
      name: Type.String(),
      labels: Type.Record(Type.String(), Type.String()),
      type: Type.String(),
      help: Type.Union([Type.String(), Type.Null()]),
      sample_count: Type.Integer(),
      first_seen_at: Type.String({ format: 'date-time' }),
      last_seen_at: Type.String({ format: 'date-time' }),
    }),
  ),
});

/** GET /api/v1/metrics/series?match=<name>: series of a metric with their sample counts. */
export async function metricsReadRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  app.get(
    '/api/v1/metrics/series',
    {
      config: { permission: 'telemetry.read' as const },
      schema: {
        tags: ['metrics'],
        summary: 'List the series of a metric name with their labels and raw sample counts',
        querystring: SeriesQuery,
        response: { 200: SeriesList },
      },
    },
    async (req): Promise<Static<typeof SeriesList>> => {
      const items = await withTransaction(req.ctx, (ctx) =>
        listSeries(ctx, req.query.match, req.query.limit),
      );
      return { items };
    },
  );
}
