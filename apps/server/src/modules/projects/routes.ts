import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { createClientKey, createProject, listProjects, revokeClientKey } from './manage.ts';
import {
  ClientKeyParamsSchema,
  ClientKeySchema,
  CreateClientKeyBodySchema,
  CreateProjectBodySchema,
  ProjectListSchema,
  ProjectParamsSchema,
  ProjectSchema,
} from './schemas.ts';

/** Projects (the numbered targets of DSNs) and their client keys. */
export async function projectRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['organizations'];
  const publicUrl = app.deps.config.publicUrl;

  app.get(
    '/projects',
    {
      config: { permission: 'org.read' },
      schema: {
        tags,
        summary: 'Projects of the current organization, with their client keys and DSNs',
        response: { 200: ProjectListSchema },
      },
    },
    async (req) => ({ items: await listProjects({ ctx: req.ctx, publicUrl }) }),
  );

  app.post(
    '/projects',
    {
      config: { permission: 'org.manage' },
      schema: {
        tags,
        summary: 'Create a project (it gets a client key, so a DSN, at once)',
        body: CreateProjectBodySchema,
        response: { 201: ProjectSchema },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await createProject({ ctx: req.ctx, input: req.body, publicUrl })),
  );

  app.post(
    '/projects/:id/client-keys',
    {
      config: { permission: 'keys.manage' },
      schema: {
        tags,
        summary: 'Add a client key (DSN) to a project, e.g. to rotate one',
        params: ProjectParamsSchema,
        body: CreateClientKeyBodySchema,
        response: { 201: ClientKeySchema },
      },
    },
    async (req, reply) => {
      const input = { projectId: Number(req.params.id), label: req.body.label };
      return reply.status(201).send(await createClientKey({ ctx: req.ctx, input, publicUrl }));
    },
  );

  app.post(
    '/client-keys/:id/revoke',
    {
      config: { permission: 'keys.manage' },
      schema: {
        tags,
        summary: 'Revoke a client key: SDKs with its DSN are refused from then on',
        params: ClientKeyParamsSchema,
        response: { 200: ClientKeySchema },
      },
    },
    async (req) => revokeClientKey({ ctx: req.ctx, input: { id: req.params.id }, publicUrl }),
  );
}
