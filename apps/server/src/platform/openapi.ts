import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

/** The OpenAPI document is generated from the route schemas, never written by hand. */
export const openapiPlugin = fp(
  async (app: FastifyInstance, opts: { publicUrl: string; version: string }) => {
    await app.register(swagger, {
      openapi: {
        openapi: '3.1.0',
        info: {
          title: 'Pharos API',
          version: opts.version,
          description:
            'Pharos HTTP API. Authenticate with a session cookie (sign in at /api/v1/auth/sign-in) or an API key as `Authorization: Bearer <key>`. Errors are RFC 9457 problem bodies.',
        },
        servers: [{ url: opts.publicUrl }],
        components: {
          securitySchemes: {
            apiKey: {
              type: 'http',
              scheme: 'bearer',
              description: 'API key created in Settings or with `pharos keys create`',
            },
            session: { type: 'apiKey', in: 'cookie', name: 'pharos_session' },
          },
        },
        security: [{ apiKey: [] }, { session: [] }],
      },
    });
    await app.register(swaggerUi, {
      routePrefix: '/api/docs',
      staticCSP: true,
      uiConfig: { docExpansion: 'list', deepLinking: true },
    });
    app.get('/api/openapi.json', { config: { public: true }, schema: { hide: true } }, async () =>
      app.swagger(),
    );
  },
);
