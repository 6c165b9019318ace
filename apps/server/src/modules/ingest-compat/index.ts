// Public surface of the ingest-compat module: protocol adapters for shippers that speak
// Elasticsearch, Loki or syslog-ng, all feeding the shared ingest pipeline (ADR 0004).
import type { FastifyInstance } from 'fastify';
import { esPrefixRoot, esRoutes } from './es-routes.ts';
import { lokiAndSyslogRoutes } from './json-routes.ts';

export { esRootProbe, isEsRootProbe } from './es-root-probe.ts';

/**
 * Register at the root, after the ingest plugin. `esRootProbe` goes separately, before the web
 * UI's root page: Fastify binds hooks to the routes declared after them.
 */
export async function ingestCompatModule(app: FastifyInstance) {
  await app.register(esRoutes);
  await app.register(esRoutes, { prefix: '/es' });
  await app.register(esPrefixRoot, { prefix: '/es' });
  await app.register(lokiAndSyslogRoutes);
}
