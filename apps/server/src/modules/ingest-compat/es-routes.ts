import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  asIngestHttpError,
  authenticateIngest,
  readIngestBody,
  useRawBodies,
} from '../ingest/index.ts';
import { requireMediaType } from './content-type.ts';
import {
  clusterHealth,
  clusterStateVersion,
  ilmPolicy,
  indexTemplates,
  licenseDocument,
  nodesDocument,
  versionDocument,
  xpackDocument,
} from './es-documents.ts';
import { ingestEsBulk } from './ingest-es-bulk.ts';

const BULK_TYPES = [
  '',
  'application/json',
  'application/x-ndjson',
  'application/vnd.elasticsearch+json',
  'application/vnd.elasticsearch+x-ndjson',
  'text/plain',
] as const;

const AnyObject = Type.Object({}, { additionalProperties: true });
const probe = { config: { public: true }, schema: { hide: true, response: { 200: AnyObject } } };
const IndexParams = Type.Object({ index: Type.String({ minLength: 1, maxLength: 255 }) });
const NameParams = Type.Object({ name: Type.String({ minLength: 1, maxLength: 255 }) });

const BulkResponseSchema = Type.Object({
  took: Type.Integer(),
  errors: Type.Boolean(),
  items: Type.Array(AnyObject),
});

/**
 * Elasticsearch compatibility: `_bulk` into log_records, plus the probes shippers make before
 * sending (Filebeat, Logstash, Vector, Fluent Bit, rsyslog omelasticsearch, syslog-ng). Every
 * answer carries `X-Elastic-Product: Elasticsearch`, which 7.14+ clients require.
 */
export async function esRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  useRawBodies(app);
  app.addHook('onRequest', async (_req, reply) => {
    reply.header('X-Elastic-Product', 'Elasticsearch');
  });

  const bulk = async (req: FastifyRequest, reply: FastifyReply, index: string | null) => {
    const ctx = await authenticateIngest(req, { basic: true, source: 'es-bulk' });
    requireMediaType(req, BULK_TYPES);
    const body = await readIngestBody(req, { encodings: ['gzip', 'deflate', 'zstd'] });
    try {
      const result = await ingestEsBulk({
        ctx,
        input: { body, defaultIndex: index },
        ingest: req.server.ingest,
      });
      return reply.send(result);
    } catch (err) {
      throw asIngestHttpError(err);
    }
  };
  const bulkSchema = {
    tags: ['ingest'],
    summary: 'Elasticsearch bulk API: NDJSON action/document pairs stored as log records',
    description:
      '`index` and `create` are stored (`_id` is the record id, so a retry stores nothing ' +
      'twice); `delete` and `update` are answered per item with status 400. Basic auth with ' +
      'the API key as the password, or Bearer. 503 + Retry-After when ingestion is saturated.',
    response: { 200: BulkResponseSchema },
  };
  const ingestRoute = { config: { public: true, allowNul: true } } as const;
  for (const method of ['POST', 'PUT'] as const) {
    app.route({
      method,
      url: '/_bulk',
      ...ingestRoute,
      schema: bulkSchema,
      handler: (req, reply) => bulk(req, reply, null),
    });
    app.route({
      method,
      url: '/:index/_bulk',
      ...ingestRoute,
      schema: { ...bulkSchema, params: IndexParams },
      handler: (req, reply) => bulk(req, reply, (req.params as { index: string }).index),
    });
  }

  app.get('/_cluster/health', probe, async () => clusterHealth());
  app.get('/_cluster/health/*', probe, async () => clusterHealth());
  app.get('/_cluster/state/version', probe, async () => clusterStateVersion());
  app.get('/_license', probe, async () => licenseDocument());
  app.get('/_xpack', probe, async () => xpackDocument());
  app.get('/_nodes', probe, async (req) => nodesDocument(req.host));
  app.get('/_nodes/*', probe, async (req) => nodesDocument(req.host));

  // Templates, ILM policies and ingest pipelines: shippers install theirs at start-up; Pharos
  // says they exist and accepts any, and stores nothing (records are mapped, not indexed).
  const named = { ...probe, schema: { ...probe.schema, params: NameParams } };
  for (const kind of ['_index_template', '_template', '_component_template']) {
    app.get(`/${kind}/:name`, named, async (req) => indexTemplates(req.params.name));
  }
  app.get('/_ilm/policy/:name', named, async (req) => ilmPolicy(req.params.name));
  app.get('/_ingest/pipeline/:name', named, async (req) => ({
    [req.params.name]: { description: 'accepted by Pharos', processors: [] },
  }));
  for (const url of [
    '/_index_template/:name',
    '/_template/:name',
    '/_component_template/:name',
    '/_ilm/policy/:name',
    '/_ingest/pipeline/:name',
  ]) {
    app.put(url, named, async () => ({ acknowledged: true }));
  }
}

/** `GET /es` for shippers configured with a path; `/` itself is answered by esRootProbe. */
export async function esPrefixRoot(app: FastifyInstance) {
  app.get('/', probe, async (_req, reply) => {
    reply.header('X-Elastic-Product', 'Elasticsearch');
    return versionDocument();
  });
}
