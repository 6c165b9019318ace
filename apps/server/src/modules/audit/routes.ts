import { Readable } from 'node:stream';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { exportAuditEvents } from './export-audit-events.ts';
import { getAuditEvent } from './get-audit-event.ts';
import { listAuditEvents } from './list-audit-events.ts';
import {
  AuditEventIdParamsSchema,
  AuditEventListSchema,
  AuditEventSchema,
  ExportAuditEventsQuerySchema,
  ListAuditEventsQuerySchema,
} from './schemas.ts';

/** The audit-events API: search with keyset pagination, export, and one event by id. */
export async function auditRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['audit'];

  app.get(
    '/audit-events',
    {
      config: { permission: 'audit.read' },
      schema: {
        tags,
        summary: 'Search audit events (newest first, keyset pagination)',
        description:
          'Filters combine with AND. Without `from`/`to`, the last 24 hours; a window may ' +
          'cover at most 366 days. Follow `next_cursor` with the same filters for older events.',
        querystring: ListAuditEventsQuerySchema,
        response: { 200: AuditEventListSchema },
      },
    },
    async (req) => listAuditEvents({ ctx: req.ctx, input: req.query }),
  );

  app.get(
    '/audit-events/export',
    {
      config: { permission: 'audit.read' },
      schema: {
        tags,
        summary: 'Export audit events as CSV, a JSON array or NDJSON (streamed attachment)',
        description:
          'Same filters as the search, without pagination: every matching event, newest ' +
          'first. The export itself is recorded as an `audit_event.export` event.',
        querystring: ExportAuditEventsQuerySchema,
        response: {
          // Documents the body; Fastify pipes a stream without serializing it.
          200: Type.Unsafe<Readable>({
            type: 'string',
            description: 'The file, in the requested format.',
          }),
        },
      },
    },
    async (req, reply) => {
      const out = await exportAuditEvents({ ctx: req.ctx, input: req.query });
      reply
        .header('Content-Type', out.contentType)
        .header('Content-Disposition', `attachment; filename="${out.filename}"`)
        .header('Cache-Control', 'no-store');
      return reply.send(Readable.from(out.chunks));
    },
  );

  app.get(
    '/audit-events/:id',
    {
      config: { permission: 'audit.read' },
      schema: {
        tags,
        summary: 'Get one audit event',
        params: AuditEventIdParamsSchema,
        response: { 200: AuditEventSchema },
      },
    },
    async (req) => getAuditEvent({ ctx: req.ctx, input: { id: req.params.id } }),
  );
}
