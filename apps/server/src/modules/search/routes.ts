import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { AppError } from '../../platform/errors.ts';
import { getLogContext } from './get-log-context.ts';
import { getLogFacets } from './get-log-facets.ts';
import { getLogHistogram } from './get-log-histogram.ts';
import { getLogPatterns } from './get-log-patterns.ts';
import { pivot } from './pivot.ts';
import { compileSearch } from './query.ts';
import {
  ContextParamsSchema,
  ContextQuerySchema,
  FacetsQuerySchema,
  FacetsSchema,
  HistogramQuerySchema,
  HistogramSchema,
  LogContextSchema,
  LogPageSchema,
  PatternsQuerySchema,
  PatternsSchema,
  PivotQuerySchema,
  PivotSchema,
  SearchLogsQuerySchema,
  TailQuerySchema,
} from './schemas.ts';
import { searchLogs } from './search-logs.ts';
import { tailLogs, type TailEvent, type TailHub } from './tail-logs.ts';

// A client that stops reading gets records dropped (and counted as skipped) past this.
const MAX_SSE_BUFFER_BYTES = 1 << 20;

/** Log search, histogram, facets, context, pivot, live tail and patterns. */
export async function searchRoutes(fastify: FastifyInstance, opts: { hub: TailHub }) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['logs'];
  const config = { permission: 'telemetry.read' as const };

  app.get(
    '/logs/search',
    {
      config,
      schema: {
        tags,
        summary: 'Search log records (newest first, keyset pagination)',
        description:
          'A bad query answers 400 with `position`, the offset of the problem in `q`. ' +
          'Follow `next_cursor` with the same q/from/to for older records.',
        querystring: SearchLogsQuerySchema,
        response: { 200: LogPageSchema },
      },
    },
    async (req) => searchLogs({ ctx: req.ctx, input: req.query }),
  );

  app.get(
    '/logs/histogram',
    {
      config,
      schema: {
        tags,
        summary: 'Count matching records over time by level',
        querystring: HistogramQuerySchema,
        response: { 200: HistogramSchema },
      },
    },
    async (req) => getLogHistogram({ ctx: req.ctx, input: req.query }),
  );

  app.get(
    '/logs/facets',
    {
      config,
      schema: {
        tags,
        summary: 'Top values of fields among matching records',
        querystring: FacetsQuerySchema,
        response: { 200: FacetsSchema },
      },
    },
    async (req) => getLogFacets({ ctx: req.ctx, input: req.query }),
  );

  app.get(
    '/logs/patterns',
    {
      config,
      schema: {
        tags,
        summary: 'Cluster matching messages into templates (Drain), flagging new ones',
        querystring: PatternsQuerySchema,
        response: { 200: PatternsSchema },
      },
    },
    async (req) => getLogPatterns({ ctx: req.ctx, input: req.query }),
  );

  app.get(
    '/logs/tail',
    {
      config,
      schema: {
        tags,
        summary: 'Live tail of matching records (Server-Sent Events)',
        description:
          'Events: `open` {since}, `log` (one record), `skipped` {skipped} when more records ' +
          'arrived than a tail may send per second. Comment lines are heartbeats. 429 when too ' +
          'many tails are open. Requires `Accept: text/event-stream`.',
        querystring: TailQuerySchema,
        response: { 200: Type.String({ description: 'text/event-stream' }) },
      },
    },
    async (req, reply) => {
      // A stream is only opened for a client that asks for one (EventSource always does), so
      // an ordinary request never hangs on it.
      if (!/text\/event-stream/i.test(req.headers.accept ?? '')) {
        throw new AppError('VALIDATION', 'Send `Accept: text/event-stream` to open a live tail.', {
          errors: [{ path: 'headers.accept', message: 'must accept text/event-stream' }],
        });
      }
      // Both may throw: the client gets an ordinary problem body before the stream starts.
      const query = compileSearch(req.query.q);
      const lease = opts.hub.acquire(req.ctx.orgId!);
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, {
        'Content-Type': 'text/event-stream; charset=utf-8',
        'Cache-Control': 'no-cache, no-transform',
        Connection: 'keep-alive',
        'X-Accel-Buffering': 'no',
        'X-Request-Id': String(req.id),
      });
      res.write(': tail\n\n');
      const heartbeat = setInterval(
        () => res.write(': heartbeat\n\n'),
        opts.hub.limits.heartbeatMs,
      );
      req.raw.socket.on('close', lease.close);
      res.on('close', lease.close);
      const emit = (e: TailEvent) => {
        if (res.writableLength > MAX_SSE_BUFFER_BYTES) return false;
        res.write(`event: ${e.event}\ndata: ${JSON.stringify(e.data)}\n\n`);
        return true;
      };
      try {
        await tailLogs({
          ctx: req.ctx,
          query,
          limits: opts.hub.limits,
          signal: lease.signal,
          emit,
        });
      } catch (err) {
        req.log.error({ err }, 'live tail failed');
        res.write(`event: error\ndata: ${JSON.stringify({ detail: 'The tail stopped.' })}\n\n`);
      } finally {
        clearInterval(heartbeat);
        lease.close();
        res.end();
      }
    },
  );

  app.get(
    '/logs/:time/:recordId/context',
    {
      config,
      schema: {
        tags,
        summary: 'The records around one record in its stream (same service and host)',
        params: ContextParamsSchema,
        querystring: ContextQuerySchema,
        response: { 200: LogContextSchema },
      },
    },
    async (req) =>
      getLogContext({
        ctx: req.ctx,
        input: { time: req.params.time, recordId: req.params.recordId, ...req.query },
      }),
  );

  app.get(
    '/pivot',
    {
      config,
      schema: {
        tags,
        summary: 'Every log record, error event and span carrying a request id or trace id',
        querystring: PivotQuerySchema,
        response: { 200: PivotSchema },
      },
    },
    async (req) => pivot({ ctx: req.ctx, input: req.query }),
  );
}
