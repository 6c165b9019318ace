import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type, type TSchema } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import {
  addIncidentUpdate,
  createEntity,
  deleteEntity,
  getEntity,
  listEntities,
  updateEntity,
} from './manage.ts';
import type { Entity } from './repository.ts';
import {
  CreateIncidentSchema,
  CreatePageSchema,
  CreateWindowSchema,
  IdParamsSchema,
  IncidentUpdateSchema,
  PageQuerySchema,
  RowListSchema,
  RowSchema,
  UpdateIncidentSchema,
  UpdatePageSchema,
  UpdateWindowSchema,
} from './schemas.ts';

const ENTITIES: Array<{
  path: string;
  table: Entity;
  label: string;
  create: TSchema;
  update: TSchema;
  monitorsKey?: string;
}> = [
  {
    path: '/status-pages',
    table: 'status_pages',
    label: 'status page',
    create: CreatePageSchema,
    update: UpdatePageSchema,
    monitorsKey: 'monitors',
  },
  {
    path: '/incidents',
    table: 'incidents',
    label: 'incident',
    create: CreateIncidentSchema,
    update: UpdateIncidentSchema,
  },
  {
    path: '/maintenance-windows',
    table: 'maintenance_windows',
    label: 'maintenance window',
    create: CreateWindowSchema,
    update: UpdateWindowSchema,
    monitorsKey: 'monitor_ids',
  },
];

function split(body: Record<string, unknown>, key?: string) {
  if (!key) return { values: body, monitors: undefined };
  const { [key]: monitors, ...values } = body;
  return { values, monitors: monitors as unknown[] | undefined };
}

/** Admin API under /api/v1: status pages (with their monitors), incidents with updates, maintenance. */
export async function statusPageAdminRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['status-pages'];
  const read = { permission: 'telemetry.read' as const };
  const write = { permission: 'telemetry.write' as const };
  for (const e of ENTITIES) {
    app.get(
      e.path,
      {
        config: read,
        schema: {
          tags,
          summary: `List ${e.label}s`,
          querystring: PageQuerySchema,
          response: { 200: RowListSchema },
        },
      },
      async (req) =>
        listEntities({
          ctx: req.ctx,
          input: { table: e.table, ...(req.query as { limit: number; offset: number }) },
        }),
    );
    app.post(
      e.path,
      {
        config: write,
        schema: {
          tags,
          summary: `Create a ${e.label}`,
          body: e.create,
          response: { 201: RowSchema },
        },
      },
      async (req, reply) =>
        reply.code(201).send(
          await createEntity({
            ctx: req.ctx,
            input: {
              table: e.table,
              ...split(req.body as Record<string, unknown>, e.monitorsKey),
            },
          }),
        ),
    );
    app.get(
      `${e.path}/:id`,
      {
        config: read,
        schema: {
          tags,
          summary: `Get a ${e.label}`,
          params: IdParamsSchema,
          response: { 200: RowSchema },
        },
      },
      async (req) =>
        getEntity({
          ctx: req.ctx,
          input: { table: e.table, id: (req.params as { id: string }).id },
        }),
    );
    app.patch(
      `${e.path}/:id`,
      {
        config: write,
        schema: {
          tags,
          summary: `Update a ${e.label}`,
          params: IdParamsSchema,
          body: e.update,
          response: { 200: RowSchema },
        },
      },
      async (req) =>
        updateEntity({
          ctx: req.ctx,
          input: {
            table: e.table,
            id: (req.params as { id: string }).id,
            ...split(req.body as Record<string, unknown>, e.monitorsKey),
          },
        }),
    );
    app.delete(
      `${e.path}/:id`,
      {
        config: write,
        schema: {
          tags,
          summary: `Delete a ${e.label}`,
          params: IdParamsSchema,
          response: { 204: Type.Null() },
        },
      },
      async (req, reply) => {
        await deleteEntity({
          ctx: req.ctx,
          input: { table: e.table, id: (req.params as { id: string }).id },
        });
        return reply.code(204).send(null);
      },
    );
  }
  app.post(
    '/incidents/:id/updates',
    {
      config: write,
      schema: {
        tags,
        summary: 'Post an incident update (sets the incident status)',
        params: IdParamsSchema,
        body: IncidentUpdateSchema,
        response: { 201: RowSchema },
      },
    },
    async (req, reply) =>
      reply
        .code(201)
        .send(await addIncidentUpdate({ ctx: req.ctx, input: { id: req.params.id, ...req.body } })),
  );
}
