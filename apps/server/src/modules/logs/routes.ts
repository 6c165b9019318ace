import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import {
  asIngestHttpError,
  authenticateIngest,
  readIngestBody,
  useRawBodies,
  type IngestContext,
} from '../ingest/index.ts';
import type { LogRow } from './log-records-writer.ts';
import { ndjsonToRows } from './ndjson-logs.ts';
import { encodeLogsResponse, otlpLogsBodyToRows } from './otlp-logs.ts';
import { otlpAnswer } from './otlp/decode.ts';
import { AppError } from '../../platform/errors.ts';

const INGEST = { public: true, allowNul: true } as const;

async function submit(app: FastifyInstance, ctx: IngestContext, rows: LogRow[]) {
  try {
    await app.ingest.submit(ctx, [{ writer: 'log_records', rows }]);
  } catch (err) {
    throw asIngestHttpError(err, { rateLimitStatus: 429 });
  }
}

const NdjsonResponseSchema = Type.Object({ accepted: Type.Integer() });
const OtlpJsonResponseSchema = Type.Object({
  partialSuccess: Type.Optional(
    Type.Object({ rejectedLogRecords: Type.String(), errorMessage: Type.String() }),
  ),
});

/** POST /api/v1/ingest/logs (NDJSON or a JSON array) and OTLP/HTTP POST /v1/logs. */
export async function logIngestRoutes(app: FastifyInstance) {
  useRawBodies(app);

  app.post(
    '/api/v1/ingest/logs',
    {
      config: INGEST,
      schema: {
        summary: 'Ingest logs as NDJSON (one JSON object per line) or a JSON array',
        description:
          'Authenticate with an API key with the ingest scope (Bearer, or Basic with the key as password). Fields: time/timestamp/@timestamp/ts, level/severity/lvl, msg/message, service, trace_id, span_id, ...; other fields become attributes. Gzip, deflate and zstd bodies are accepted. A batch with an invalid line is refused whole (400 naming the line).',
        tags: ['ingest'],
        response: { 200: NdjsonResponseSchema },
      },
    },
    async (req) => {
      const ctx = await authenticateIngest(req, { source: 'ndjson' });
      const body = await readIngestBody(req);
      let rows: LogRow[];
      try {
        rows = ndjsonToRows(body, ctx);
      } catch (err) {
        if (err instanceof AppError) app.ingest.noteRejected(ctx, 1, err.message);
        throw err;
      }
      await submit(app, ctx, rows);
      return { accepted: rows.length };
    },
  );

  app.post(
    '/v1/logs',
    {
      config: INGEST,
      schema: {
        summary: 'OTLP/HTTP logs export (protobuf or JSON)',
        tags: ['ingest'],
        hide: false,
      },
    },
    async (req, reply) => {
      const ctx = await authenticateIngest(req, { source: 'otlp-logs' });
      const body = await readIngestBody(req);
      const { rows, rejected, firstError, asJson } = otlpLogsBodyToRows(
        req.headers['content-type'],
        body,
        ctx,
      );
      if (rejected) app.ingest.noteRejected(ctx, rejected, firstError ?? 'invalid record');
      await submit(app, ctx, rows);
      const message = rejected ? `${rejected} log records rejected: ${firstError}` : '';
      return otlpAnswer(
        reply,
        asJson,
        { field: 'rejectedLogRecords', rejected, message },
        encodeLogsResponse,
      );
    },
  );
  void OtlpJsonResponseSchema;
}
