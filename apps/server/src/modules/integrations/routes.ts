import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import {
  createIntegration,
  deleteIntegration,
  getIntegration,
  listIntegrations,
  updateIntegration,
} from './manage-integrations.ts';
import {
  getIntegrationEventMetrics,
  getIntegrationHealthSummary,
  listIntegrationEvents,
  recordIntegrationEvents,
} from './record-events.ts';
import {
  CreateIntegrationSchema,
  EventListSchema,
  EventMetricsSchema,
  HealthSummarySchema,
  IdParamsSchema,
  IntegrationListSchema,
  IntegrationSchema,
  PageQuerySchema,
  RecordEventsSchema,
  UpdateIntegrationSchema,
} from './schemas.ts';

/** Integrations (seed 001 tb_integration_health): registry, events API and health figures. */
export async function integrationRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['integrations'];
  const read = { permission: 'telemetry.read' as const };
  const write = { permission: 'telemetry.write' as const };
  const key = () => fastify.deps.config.secretKey;

  app.get(
    '/integrations',
    {
      config: read,
      schema: {
        tags,
        summary: 'List integrations',
        querystring: PageQuerySchema,
        response: { 200: IntegrationListSchema },
      },
    },
    async (req) => listIntegrations({ ctx: req.ctx, input: req.query }),
  );
  app.post(
    '/integrations',
    {
      config: write,
      schema: {
        tags,
        summary: 'Register an integration',
        body: CreateIntegrationSchema,
        response: { 201: IntegrationSchema },
      },
    },
    async (req, reply) =>
      reply
        .code(201)
        .send(await createIntegration({ ctx: req.ctx, input: req.body, secretKey: key() })),
  );
  app.get(
    '/integrations/health',
    {
      config: read,
      schema: {
        tags,
        summary: 'Integration health summary (24 hours)',
        response: { 200: HealthSummarySchema },
      },
    },
    async (req) => getIntegrationHealthSummary({ ctx: req.ctx }),
  );
  app.get(
    '/integrations/event-metrics',
    {
      config: read,
      schema: {
        tags,
        summary: 'Event metrics per integration and event type (24 hours)',
        response: { 200: EventMetricsSchema },
      },
    },
    async (req) => getIntegrationEventMetrics({ ctx: req.ctx }),
  );
  app.get(
    '/integrations/:id',
    {
      config: read,
      schema: {
        tags,
        summary: 'Get an integration',
        params: IdParamsSchema,
        response: { 200: IntegrationSchema },
      },
    },
    async (req) => getIntegration({ ctx: req.ctx, input: req.params }),
  );
  app.patch(
    '/integrations/:id',
    {
      config: write,
      schema: {
        tags,
        summary: 'Update an integration',
        params: IdParamsSchema,
        body: UpdateIntegrationSchema,
        response: { 200: IntegrationSchema },
      },
    },
    async (req) =>
      updateIntegration({
        ctx: req.ctx,
        input: { id: req.params.id, patch: req.body },
        secretKey: key(),
      }),
  );
  app.delete(
    '/integrations/:id',
    {
      config: write,
      schema: {
        tags,
        summary: 'Delete an integration',
        params: IdParamsSchema,
        response: { 204: Type.Null() },
      },
    },
    async (req, reply) => {
      await deleteIntegration({ ctx: req.ctx, input: req.params });
      return reply.code(204).send(null);
    },
  );
  app.post(
    '/integrations/:id/events',
    {
      config: write,
      schema: {
        tags,
        summary: 'Record call and webhook-delivery events of an integration (batch)',
        description:
          'Up to 1,000 events from the last 24 hours; optional rate-limit quota figures.',
        params: IdParamsSchema,
        body: RecordEventsSchema,
        response: { 202: Type.Object({ accepted: Type.Integer() }) },
      },
    },
    async (req, reply) =>
      reply.code(202).send(
        await recordIntegrationEvents({
          ctx: req.ctx,
          input: { id: req.params.id, body: req.body },
        }),
      ),
  );
  app.get(
    '/integrations/:id/events',
    {
      config: read,
      schema: {
        tags,
        summary: 'Newest events of an integration',
        params: IdParamsSchema,
        querystring: Type.Object(
          { limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }) },
          { additionalProperties: false },
        ),
        response: { 200: EventListSchema },
      },
    },
    async (req) =>
      listIntegrationEvents({ ctx: req.ctx, input: { id: req.params.id, limit: req.query.limit } }),
  );
}
