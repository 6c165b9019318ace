import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../platform/errors.ts';
import {
  asIngestHttpError,
  authenticateIngestKey,
  readIngestBody,
  useRawBodies,
} from '../ingest/index.ts';
import {
  ingestSentryEnvelope,
  parseSentryEnvelope,
  peekEnvelopeHeader,
  storeBodyAsEnvelope,
  unwrapFormBody,
} from './ingest-sentry.ts';
import { findSentryKey } from './sentry-auth.ts';

/**
 * Sentry's ingestion endpoints, `POST /api/:projectId/envelope/` and `/store/` (with or without
 * the trailing slash), for unmodified Sentry SDKs. Bodies arrive raw whatever the Content-Type
 * (none, x-sentry-envelope, text/plain, JSON, form) and Content-Encoding (gzip, deflate, ...).
 * CORS for browsers is platform/cors.ts's.
 */
const ParamsSchema = Type.Object({
  projectId: Type.String({ pattern: '^[0-9]{1,15}$', description: 'The DSN project id.' }),
});

const ResponseSchema = Type.Object(
  { id: Type.Optional(Type.String({ description: 'The event id (32 hex digits).' })) },
  { description: 'As Sentry answers: the id of the envelope`s event, or `{}`.' },
);

const WWW_AUTHENTICATE = 'Sentry realm="pharos", Bearer realm="pharos"';

async function handle(req: FastifyRequest, reply: FastifyReply, kind: 'envelope' | 'store') {
  const projectId = Number((req.params as { projectId: string }).projectId);
  const body = unwrapFormBody(await readIngestBody(req), String(req.headers['content-type'] ?? ''));
  const key = findSentryKey({
    query: (req.query ?? {}) as Record<string, unknown>,
    headers: req.headers,
    envelopeHeader: kind === 'envelope' ? () => peekEnvelopeHeader(body) : null,
  });
  if (!key) {
    throw new AppError(
      'UNAUTHORIZED',
      'Send the DSN key as `sentry_key`, in `X-Sentry-Auth`, or in the envelope header `dsn`.',
      { headers: { 'WWW-Authenticate': WWW_AUTHENTICATE } },
    );
  }
  const ctx = await authenticateIngestKey(req.server, key, req, projectId, {
    basic: false,
    source: 'sentry',
  });
  const envelope =
    kind === 'envelope' ? parseSentryEnvelope(body) : await storeBodyAsEnvelope(body);
  try {
    const out = await ingestSentryEnvelope({
      ctx,
      pipeline: req.server.ingest,
      input: { envelope, clientIp: req.ip ?? null },
    });
    return reply.header('x-content-type-options', 'nosniff').send(out.id ? { id: out.id } : {});
  } catch (err) {
    throw asIngestHttpError(err, { sentry: true });
  }
}

export async function sentryIngestRoutes(fastify: FastifyInstance) {
  useRawBodies(fastify);
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['ingest', 'errors'];
  for (const kind of ['envelope', 'store'] as const) {
    for (const slash of ['/', '']) {
      app.post(
        `/api/:projectId/${kind}${slash}`,
        {
          config: { public: true, allowNul: true },
          // SDKs read a JSON id from these answers: the browser-document headers helmet adds
          // (CSP and a dozen more, rebuilt per request) would be a fifth of the route's CPU.
          // nosniff, the one that matters for a JSON answer, is set in handle().
          helmet: false,
          schema: {
            // One documented path per endpoint: the slash-less twin is an alias.
            hide: slash === '',
            tags,
            summary:
              kind === 'envelope'
                ? 'Sentry envelope ingestion (events, transactions, spans, sessions, client reports)'
                : 'Sentry legacy store ingestion (one event)',
            description:
              'Authenticated by an API key with the `ingest` scope, sent as Sentry sends its DSN ' +
              'key: `sentry_key` query parameter, `X-Sentry-Auth: Sentry sentry_key=...`, ' +
              '`Authorization: DSN ...` or the envelope header `dsn`. Under pressure: 429 with ' +
              '`Retry-After` and `X-Sentry-Rate-Limits`.',
            params: ParamsSchema,
            response: { 200: ResponseSchema },
          },
        },
        (req, reply) => handle(req, reply, kind),
      );
    }
  }
}
