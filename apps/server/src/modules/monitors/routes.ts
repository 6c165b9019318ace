import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import {
  createMonitor,
  deleteMonitor,
  getMonitor,
  listMonitors,
  updateMonitor,
} from './manage-monitors.ts';
import {
  getHealthOverview,
  getMonitorDaily,
  getMonitorStats,
  listMonitorEvents,
  listRecentChecks,
  listResults,
} from './read-monitors.ts';
import {
  CreateMonitorSchema,
  DailyQuerySchema,
  DailySchema,
  EventListSchema,
  EventsQuerySchema,
  IdParamsSchema,
  MonitorListQuerySchema,
  MonitorListSchema,
  MonitorSchema,
  OverviewSchema,
  RecentChecksSchema,
  ResultListSchema,
  StatsSchema,
  TestResultSchema,
  UpdateMonitorSchema,
  WindowQuerySchema,
  WindowSchema,
} from './schemas.ts';
import { testMonitor } from './test-monitor.ts';

/** Monitors under /api/v1: CRUD, test now, results, uptime and percentiles, events, overview. */
export async function monitorRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['monitors'];
  const read = { permission: 'telemetry.read' as const };
  const write = { permission: 'telemetry.write' as const };
  const deps = () => fastify.deps.config;

  app.get(
    '/monitors',
    {
      config: read,
      schema: {
        tags,
        summary: 'List monitors',
        querystring: MonitorListQuerySchema,
        response: { 200: MonitorListSchema },
      },
    },
    async (req) => listMonitors({ ctx: req.ctx, input: req.query }),
  );
  app.post(
    '/monitors',
    {
      config: write,
      schema: {
        tags,
        summary: 'Create a monitor',
        description:
          'Kinds: http, keyword, json-query, tcp, dns, tls, heartbeat, postgres. Defaults: 300 s interval, ' +
          '30 s timeout, 3 retries 60 s apart. A heartbeat monitor answers its push URL once.',
        body: CreateMonitorSchema,
        response: { 201: MonitorSchema },
      },
    },
    async (req, reply) =>
      reply.code(201).send(
        await createMonitor({
          ctx: req.ctx,
          input: req.body,
          secretKey: deps().secretKey,
          publicUrl: deps().publicUrl,
        }),
      ),
  );
  app.get(
    '/monitors/overview',
    {
      config: read,
      schema: {
        tags,
        summary: 'Overall system health (counts by status, average 24 h uptime)',
        response: { 200: OverviewSchema },
      },
    },
    async (req) => getHealthOverview({ ctx: req.ctx }),
  );
  app.get(
    '/monitors/recent-checks',
    {
      config: read,
      schema: {
        tags,
        summary: 'Monitors with their service and ten latest checks',
        querystring: Type.Object(
          { limit: Type.Integer({ minimum: 1, maximum: 1000, default: 200 }) },
          { additionalProperties: false },
        ),
        response: { 200: RecentChecksSchema },
      },
    },
    async (req) => listRecentChecks({ ctx: req.ctx, input: req.query }),
  );
  app.get(
    '/monitor-events',
    {
      config: read,
      schema: {
        tags,
        summary: 'Status-change and certificate events, oldest first after a cursor',
        querystring: EventsQuerySchema,
        response: { 200: EventListSchema },
      },
    },
    async (req) => listMonitorEvents({ ctx: req.ctx, input: req.query }),
  );
  app.get(
    '/monitors/:id',
    {
      config: read,
      schema: {
        tags,
        summary: 'Get a monitor',
        params: IdParamsSchema,
        response: { 200: MonitorSchema },
      },
    },
    async (req) => getMonitor({ ctx: req.ctx, input: req.params }),
  );
  app.patch(
    '/monitors/:id',
    {
      config: write,
      schema: {
        tags,
        summary: 'Update a monitor',
        params: IdParamsSchema,
        body: UpdateMonitorSchema,
        response: { 200: MonitorSchema },
      },
    },
    async (req) =>
      updateMonitor({
        ctx: req.ctx,
        input: { id: req.params.id, patch: req.body },
        secretKey: deps().secretKey,
      }),
  );
  app.delete(
    '/monitors/:id',
    {
      config: write,
      schema: {
        tags,
        summary: 'Delete a monitor and its results',
        params: IdParamsSchema,
        response: { 204: Type.Null() },
      },
    },
    async (req, reply) => {
      await deleteMonitor({ ctx: req.ctx, input: req.params });
      return reply.code(204).send(null);
    },
  );
  app.post(
    '/monitors/:id/test',
    {
      config: write,
      schema: {
        tags,
        summary: 'Run a check now and record it',
        params: IdParamsSchema,
        response: { 200: TestResultSchema },
      },
    },
    async (req) => testMonitor({ ctx: req.ctx, input: req.params, secretKey: deps().secretKey }),
  );
  app.get(
    '/monitors/:id/results',
    {
      config: read,
      schema: {
        tags,
        summary: 'Newest results of a monitor',
        params: IdParamsSchema,
        querystring: WindowQuerySchema,
        response: { 200: ResultListSchema },
      },
    },
    async (req) => listResults({ ctx: req.ctx, input: { id: req.params.id, ...req.query } }),
  );
  app.get(
    '/monitors/:id/stats',
    {
      config: read,
      schema: {
        tags,
        summary: 'Uptime (24 h, 7 d, 30 d, 1 y) and response-time percentiles',
        params: IdParamsSchema,
        querystring: Type.Object({ window: WindowSchema }, { additionalProperties: false }),
        response: { 200: StatsSchema },
      },
    },
    async (req) =>
      getMonitorStats({ ctx: req.ctx, input: { id: req.params.id, window: req.query.window } }),
  );
  app.get(
    '/monitors/:id/daily',
    {
      config: read,
      schema: {
        tags,
        summary: 'Uptime per UTC day (uptime bars), oldest first, with check counts',
        params: IdParamsSchema,
        querystring: DailyQuerySchema,
        response: { 200: DailySchema },
      },
    },
    async (req) =>
      getMonitorDaily({ ctx: req.ctx, input: { id: req.params.id, days: req.query.days } }),
  );
}
