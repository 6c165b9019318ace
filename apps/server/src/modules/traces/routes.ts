import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { getTrace } from './get-trace.ts';
import { listTraces } from './list-traces.ts';
import {
  ListTracesQuerySchema,
  TraceDetailSchema,
  TraceIdParamsSchema,
  TraceListSchema,
} from './schemas.ts';

/** The trace view API under /api/v1. */
export async function tracesRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['traces'];
  const read = { permission: 'telemetry.read' as const };

  app.get(
    '/traces',
    {
      config: read,
      schema: {
        tags,
        summary: 'List recent traces (root span, service, duration, span count, error flag)',
        querystring: ListTracesQuerySchema,
        response: { 200: TraceListSchema },
      },
    },
    async (req) => listTraces({ ctx: req.ctx, input: req.query }),
  );

  app.get(
    '/traces/:traceId',
    {
      config: read,
      schema: {
        tags,
        summary: "One trace's spans as a waterfall, with its log records and error events",
        params: TraceIdParamsSchema,
        response: { 200: TraceDetailSchema },
      },
    },
    async (req) => getTrace({ ctx: req.ctx, input: req.params }),
  );
}
