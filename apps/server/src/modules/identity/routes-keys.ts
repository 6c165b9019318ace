import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { buildDsn } from '../../lib/dsn.ts';
import { createApiKey } from './create-api-key.ts';
import { listApiKeys } from './list-api-keys.ts';
import { listMyOrgs, listOrgProjects } from './list-orgs.ts';
import { revokeApiKey } from './revoke-api-key.ts';
import { IdParamsSchema, OrgListSchema } from './schemas.ts';
import {
  ApiKeyListSchema,
  CreateApiKeyBodySchema,
  CreatedApiKeySchema,
  RevokeQuerySchema,
} from './schemas-admin.ts';

/** API keys and organizations (projects and their DSNs: modules/projects). */
export async function apiKeyRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['api-keys'];

  app.get(
    '/api-keys',
    {
      config: { permission: 'keys.read' },
      schema: {
        tags,
        summary: 'List API keys (yours; all of the organization with keys.manage)',
        response: { 200: ApiKeyListSchema },
      },
    },
    async (req) => ({ items: await listApiKeys({ ctx: req.ctx }) }),
  );

  app.post(
    '/api-keys',
    {
      config: { permission: 'keys.write' },
      schema: {
        tags,
        summary: 'Create an API key (its text is shown only in this response)',
        body: CreateApiKeyBodySchema,
        response: { 201: CreatedApiKeySchema },
      },
    },
    async (req, reply) => {
      const b = req.body;
      const { key, apiKey } = await createApiKey({
        ctx: req.ctx,
        input: {
          name: b.name,
          scopes: b.scopes,
          expiresAt: b.expires_at ? new Date(b.expires_at) : null,
          allowedIps: b.allowed_ips ?? null,
          rateLimit: b.rate_limit ?? null,
          projectIds: b.project_ids ?? null,
        },
      });
      reply.header('Cache-Control', 'no-store');
      // An ingest key comes with its Sentry DSN, built once here because the key is shown once.
      let dsn: string | undefined;
      if (b.scopes.includes('ingest') || b.scopes.includes('admin')) {
        const projectId = b.project_ids?.[0] ?? (await listOrgProjects({ ctx: req.ctx }))[0]?.id;
        if (projectId !== undefined) dsn = buildDsn(key, app.deps.config.publicUrl, projectId);
      }
      return reply.status(201).send({ ...apiKey, key, ...(dsn ? { dsn } : {}) });
    },
  );

  app.delete(
    '/api-keys/:id',
    {
      config: { permission: 'keys.write' },
      schema: {
        tags,
        summary: 'Revoke an API key',
        params: IdParamsSchema,
        querystring: RevokeQuerySchema,
        response: { 204: Type.Null() },
      },
    },
    async (req, reply) => {
      await revokeApiKey({ ctx: req.ctx, input: { id: req.params.id, reason: req.query.reason } });
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/orgs',
    {
      config: { authenticated: true },
      schema: {
        tags: ['organizations'],
        summary: 'Your organizations',
        response: { 200: OrgListSchema },
      },
    },
    async (req) => ({ items: await listMyOrgs({ ctx: req.ctx }) }),
  );
}
