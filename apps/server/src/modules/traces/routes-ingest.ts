import type { FastifyInstance } from 'fastify';
import {
  asIngestHttpError,
  authenticateIngest,
  readIngestBody,
  useRawBodies,
} from '../ingest/index.ts';
import { AppError } from '../../platform/errors.ts';
import { decodeOtlpBody, otlpAnswer } from '../logs/index.ts';
import { decodeTracesProtobuf, encodeTracesResponse, otlpTracesToRows } from './otlp-traces.ts';

const INGEST = { public: true, allowNul: true } as const;

/** OTLP/HTTP POST /v1/traces: protobuf or JSON, optionally gzip; spans go to the `spans` writer. */
export async function traceIngestRoutes(app: FastifyInstance) {
  useRawBodies(app);

  app.post(
    '/v1/traces',
    {
      config: INGEST,
      schema: {
        summary: 'OTLP/HTTP traces export (protobuf or JSON)',
        description:
          'Authenticate with an API key with the ingest scope (Bearer). Answers an ExportTraceServiceResponse in the request encoding; invalid spans are counted in partialSuccess.rejectedSpans and the others stored. 503 with Retry-After when ingest is saturated.',
        tags: ['ingest'],
      },
    },
    async (req, reply) => {
      const ctx = await authenticateIngest(req, { source: 'otlp-traces' });
      const body = await readIngestBody(req);
      let rows, rejected, firstError, asJson;
      try {
        let decoded: unknown;
        ({ decoded, asJson } = decodeOtlpBody(
          req.headers['content-type'],
          body,
          decodeTracesProtobuf,
        ));
        ({ rows, rejected, firstError } = otlpTracesToRows(decoded, ctx));
      } catch (err) {
        if (err instanceof AppError) app.ingest.noteRejected(ctx, 1, err.message);
        throw err;
      }
      if (rejected) app.ingest.noteRejected(ctx, rejected, firstError ?? 'invalid span');
      if (rows.length) {
        try {
          await app.ingest.submit(ctx, [{ writer: 'spans', rows }]);
        } catch (err) {
          throw asIngestHttpError(err);
        }
      }
      const message = rejected ? `${rejected} spans rejected: ${firstError}` : '';
      return otlpAnswer(
        reply,
        asJson,
        { field: 'rejectedSpans', rejected, message },
        encodeTracesResponse,
      );
    },
  );
}
