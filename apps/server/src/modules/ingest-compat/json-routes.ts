import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import {
  asIngestHttpError,
  authenticateIngest,
  readIngestBody,
  useRawBodies,
} from '../ingest/index.ts';
import { requireMediaType } from './content-type.ts';
import { ingestLokiPush } from './ingest-loki.ts';
import { ingestSyslogNg } from './ingest-syslog-ng.ts';

const ingestRoute = { config: { public: true, allowNul: true } } as const;

/** Loki push and syslog-ng http() batches. */
export async function lokiAndSyslogRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  useRawBodies(app);

  app.post(
    '/loki/api/v1/push',
    {
      ...ingestRoute,
      schema: {
        tags: ['ingest'],
        summary: 'Loki push API (protobuf + snappy, or JSON) stored as log records',
        description:
          'Stream labels give service (service_name, service, app, job), environment, level ' +
          'and host; other labels become the resource, structured metadata the attributes. ' +
          'The tenant is the API key’s organization (X-Scope-OrgID is ignored).',
        response: { 204: Type.Null() },
      },
    },
    async (req, reply) => {
      const ctx = await authenticateIngest(req, { basic: true, source: 'loki' });
      const type = requireMediaType(req, ['application/x-protobuf', 'application/json']);
      const format = type === 'application/json' ? 'json' : 'protobuf';
      const body = await readIngestBody(
        req,
        format === 'protobuf' ? { forceEncoding: 'snappy' } : { encodings: ['gzip', 'deflate'] },
      );
      try {
        await ingestLokiPush({ ctx, input: { format, body }, ingest: req.server.ingest });
      } catch (err) {
        throw asIngestHttpError(err, { rateLimitStatus: 429 });
      }
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/api/v1/ingest/syslog-ng',
    {
      ...ingestRoute,
      schema: {
        tags: ['ingest'],
        summary: 'syslog-ng http() JSON batches stored as log records',
        description:
          'A JSON array per batch, one object, or NDJSON. PROGRAM, PRIORITY, MESSAGE, ISODATE ' +
          'and HOST map to service, level, message, time and host; the rest are attributes.',
        response: { 200: Type.Object({ accepted: Type.Integer() }) },
      },
    },
    async (req) => {
      const ctx = await authenticateIngest(req, { basic: true, source: 'syslog-ng' });
      requireMediaType(req, ['', 'application/json', 'application/x-ndjson', 'text/plain']);
      const body = await readIngestBody(req, { encodings: ['gzip', 'deflate', 'zstd'] });
      try {
        const { records } = await ingestSyslogNg({
          ctx,
          input: { body },
          ingest: req.server.ingest,
        });
        return { accepted: records };
      } catch (err) {
        throw asIngestHttpError(err);
      }
    },
  );
}
