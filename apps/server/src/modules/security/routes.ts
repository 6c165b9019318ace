import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import {
  asIngestHttpError,
  authenticateIngest,
  readIngestBody,
  useRawBodies,
} from '../ingest/index.ts';
import { AppError } from '../../platform/errors.ts';
import { ingestCspReports } from './ingest-csp-reports.ts';
import { listSecurityEvents } from './list-security-events.ts';
import {
  CspReportParamsSchema,
  CspReportQuerySchema,
  ListSecurityEventsQuerySchema,
  SecurityEventListSchema,
} from './schemas.ts';

const REPORT_TYPES = ['application/csp-report', 'application/reports+json', 'application/json'];
/** A report is a few KiB; a Reporting API batch holds up to 100 of them. */
const MAX_REPORT_BYTES = 512 * 1024;

/**
 * CSP violation reports from browsers: `report-uri` (application/csp-report) and the Reporting
 * API (application/reports+json), at Pharos's path and at Sentry's security endpoint, keyed by
 * `sentry_key` in the query (browsers cannot send headers with reports) or Bearer.
 */
export async function cspReportRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  useRawBodies(app, MAX_REPORT_BYTES);
  for (const url of [
    '/api/:projectId/csp-report',
    '/api/:projectId/csp-report/',
    '/api/:projectId/security',
    '/api/:projectId/security/',
  ]) {
    app.post(
      url,
      {
        config: { public: true, allowNul: true },
        schema: {
          tags: ['ingest'],
          summary: 'CSP violation reports (report-uri and Reporting API) as security events',
          hide: url.endsWith('/'),
          params: CspReportParamsSchema,
          querystring: CspReportQuerySchema,
          response: { 204: Type.Null() },
        },
      },
      async (req, reply) => {
        const { projectId } = req.params;
        const ctx = await authenticateIngest(req, {
          basic: false,
          sentry: { projectId },
          source: 'csp-report',
        });
        const type = String(req.headers['content-type'] ?? '')
          .split(';')[0]!
          .trim()
          .toLowerCase();
        if (!REPORT_TYPES.includes(type)) {
          throw new AppError(
            'UNSUPPORTED_MEDIA_TYPE',
            `Content-Type ${type || '(none)'} is not a report; send ${REPORT_TYPES.join(', ')}.`,
          );
        }
        const body = await readIngestBody(req, {
          maxBytes: MAX_REPORT_BYTES,
          maxDecodedBytes: MAX_REPORT_BYTES,
          encodings: ['gzip', 'deflate'],
        });
        const ua = req.headers['user-agent'];
        try {
          await ingestCspReports({
            ctx,
            input: {
              body,
              ip: req.ip || null,
              userAgent: typeof ua === 'string' && ua ? ua.slice(0, 1000) : null,
              requestId: String(req.id),
              environment: req.query.sentry_environment ?? null,
              release: req.query.sentry_release ?? null,
            },
            ingest: req.server.ingest,
          });
        } catch (err) {
          throw asIngestHttpError(err);
        }
        return reply.code(204).send(null);
      },
    );
  }
}

/** The security-events API. */
export async function securityEventRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  app.get(
    '/security/events',
    {
      config: { permission: 'telemetry.read' },
      schema: {
        tags: ['security'],
        summary: 'Search security events: CSP violations, blocked requests (keyset pagination)',
        description:
          'Filters combine with AND. Without `from`/`to`, the last 24 hours; a window may ' +
          'cover at most 366 days. Follow `next_cursor` with the same filters for older events.',
        querystring: ListSecurityEventsQuerySchema,
        response: { 200: SecurityEventListSchema },
      },
    },
    async (req) => listSecurityEvents({ ctx: req.ctx, input: req.query }),
  );
}
