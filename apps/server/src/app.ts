import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type pino from 'pino';
import type { Config } from './config.ts';
import type { DbHandle } from './db/client.ts';
import type { JobRuntime } from './jobs/runtime.ts';
import { auditModule } from './modules/audit/index.ts';
import { errorsModule } from './modules/errors/index.ts';
import { projectsModule } from './modules/projects/index.ts';
import { identityModule, createAuthResolver } from './modules/identity/index.ts';
import { searchModule } from './modules/search/index.ts';
import { esRootProbe, ingestCompatModule } from './modules/ingest-compat/index.ts';
import { securityModule } from './modules/security/index.ts';
import { integrationsModule } from './modules/integrations/index.ts';
import { monitorsModule } from './modules/monitors/index.ts';
import { statusPagesModule } from './modules/status-pages/index.ts';
import { ingestPlugin } from './modules/ingest/index.ts';
import { logsModule } from './modules/logs/index.ts';
import { tracesModule } from './modules/traces/index.ts';
import { metricsModule } from './modules/metrics/index.ts';
import { loadTestsModule } from './modules/load-tests/index.ts';
import { systemHealthModule } from './modules/system-health/index.ts';
import { promqlModule } from './modules/promql/index.ts';
import { performanceModule } from './modules/performance/index.ts';
import { authPlugin } from './platform/auth.ts';
import { corsPlugin } from './platform/cors.ts';
import { inputGuardPlugin } from './platform/input-guard.ts';
import { errorHandlerPlugin } from './platform/error-handler.ts';
import { problemBody } from './platform/errors.ts';
import { healthRoutes } from './platform/health.ts';
import { createLogger } from './platform/logger.ts';
import { metricsPlugin } from './platform/metrics.ts';
import { openapiPlugin } from './platform/openapi.ts';
import { genRequestId } from './platform/request-context.ts';
import { rootPage } from './platform/root-page.ts';
import { VERSION } from './version.ts';

export interface AppDeps {
  config: Config;
  db: DbHandle;
  /** The job queue, when this process runs one (roles all and worker; api/ingest enqueue only). */
  jobs?: JobRuntime | null;
  /** A logger to use instead of one built from config (tests pass a silent or capturing one). */
  logger?: pino.Logger;
}

declare module 'fastify' {
  interface FastifyInstance {
    deps: AppDeps;
  }
}

export type App = FastifyInstance;

/** Builds the HTTP application: platform plugins first, then every module. Does not listen. */
export async function buildApp(deps: AppDeps): Promise<App> {
  const { config } = deps;
  const app = Fastify({
    loggerInstance: (deps.logger ?? createLogger(config.logLevel)) as FastifyBaseLogger,
    genReqId: genRequestId,
    logController: new LogController({
      requestIdLogLabel: 'request_id',
      disableRequestLogging: true,
    }),
    bodyLimit: config.bodyLimitBytes,
    trustProxy:
      typeof config.trustProxy === 'number'
        ? (_addr: string, hop: number) => hop < (config.trustProxy as number)
        : config.trustProxy,
    return503OnClosing: true,
    // Errors raised before routing (malformed URL, over-long path parameter) get problem bodies
    // like every other error.
    frameworkErrors: (err, req, reply) => {
      const tooLong = err.code === 'FST_ERR_MAX_PARAM_LENGTH';
      const code = tooLong ? 'URI_TOO_LONG' : 'VALIDATION';
      const detail = tooLong
        ? 'A path parameter is longer than any valid value.'
        : 'The URL is not valid (malformed percent-encoding).';
      void reply.raw
        .writeHead(tooLong ? 414 : 400, {
          'Content-Type': 'application/problem+json; charset=utf-8',
          'X-Request-Id': String(req.id),
        })
        .end(JSON.stringify(problemBody(code, detail, { requestId: String(req.id) })));
    },
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', useDefaults: true } },
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.decorate('deps', deps);
  app.addHook('onRequest', async (req, reply) => {
    reply.header('X-Request-Id', String(req.id));
  });
  // One line per request with seed 002's LogEntry fields.
  app.addHook('onResponse', async (req, reply) => {
    const actor = req.ctx?.actor;
    req.log.info(
      {
        method: req.method,
        path: req.routeOptions.url ?? req.url.split('?')[0],
        status_code: reply.statusCode,
        latency_ms: Math.round(reply.elapsedTime * 100) / 100,
        user_id: actor && (actor.type === 'user' || actor.type === 'api_key') ? actor.userId : null,
      },
      'request completed',
    );
  });

  await app.register(errorHandlerPlugin);
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        styleSrc: ["'self'", "'unsafe-inline'"],
        scriptSrc: ["'self'"],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
        // Self-hosted instances are often reached over plain http on a private network.
        upgradeInsecureRequests: null,
      },
    },
    crossOriginResourcePolicy: { policy: 'same-site' },
  });
  await app.register(cookie);
  await app.register(corsPlugin);
  await app.register(inputGuardPlugin);
  await app.register(authPlugin, { db: deps.db.db, resolver: createAuthResolver(deps) });
  await app.register(metricsPlugin, { token: config.metricsToken });
  await app.register(ingestPlugin);
  await app.register(openapiPlugin, { publicUrl: config.publicUrl, version: VERSION });
  await app.register(healthRoutes);
  await app.register(esRootProbe);
  await app.register(rootPage);
  await app.register(identityModule, { prefix: '/api/v1' });
  await app.register(auditModule, { prefix: '/api/v1' });
  await app.register(searchModule, { prefix: '/api/v1' });
  await app.register(logsModule);
  await app.register(metricsModule);
  await app.register(loadTestsModule, { prefix: '/api/v1' });
  await app.register(promqlModule);
  await app.register(monitorsModule);
  await app.register(integrationsModule, { prefix: '/api/v1' });
  await app.register(statusPagesModule);
  await app.register(errorsModule);
  await app.register(projectsModule);
  await app.register(ingestCompatModule);
  await app.register(tracesModule);
  await app.register(performanceModule);
  await app.register(securityModule);
  await app.register(systemHealthModule);
  return app;
}
