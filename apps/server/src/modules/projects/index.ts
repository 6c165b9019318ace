// Public surface of the projects module: projects (the numbered targets of Sentry DSNs) and their
// client keys, the ingest-only public keys that DSNs carry.
import type { FastifyInstance } from 'fastify';
import { projectRoutes } from './routes.ts';

export { CLIENT_KEY_RE, resolveClientKey, type ClientKeyGrant } from './client-key-auth.ts';

export async function projectsModule(app: FastifyInstance) {
  await app.register(projectRoutes, { prefix: '/api/v1' });
}
