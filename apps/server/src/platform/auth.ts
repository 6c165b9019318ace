import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { roleAllows, scopeAllows, type Permission } from '@pharos/contracts';
import type { Actor, Ctx } from '../db/context.ts';
import type { Db } from '../db/client.ts';
import { AppError } from './errors.ts';

/**
 * How a route is protected. Every route declares exactly one of these in its `config`, and
 * registration fails otherwise, so no route is ever open by accident:
 * - `permission`: a signed-in user or API key whose role (and key scopes) grant it;
 * - `authenticated: true`: any signed-in caller (their own profile, sign-out);
 * - `public: true`: no credential (sign-in, health, metrics, ingest routes that authenticate
 *   themselves in their protocol's own way).
 */
declare module 'fastify' {
  interface FastifyContextConfig {
    permission?: Permission;
    authenticated?: boolean;
    public?: boolean;
    /** Also accept `Authorization: Basic` with an API key as the password (Grafana, Prometheus clients). */
    basicAuth?: boolean;
    /** A POST that only reads (the Prometheus query API takes forms): not an audited mutation. */
    readOnly?: boolean;
  }
  interface FastifyRequest {
    ctx: Ctx;
  }
  interface FastifyInstance {
    routeCatalog: RouteInfo[];
  }
}

export interface RouteInfo {
  method: string;
  url: string;
  permission: Permission | null;
  authenticated: boolean;
  public: boolean;
  /** Whether the route declares a request body schema. */
  hasBody: boolean;
  /** A non-GET route that changes nothing (config.readOnly). */
  readOnly: boolean;
}

export interface Caller {
  orgId: string;
  actor: Exclude<Actor, { type: 'system' } | { type: 'anonymous' }>;
}

export interface AuthResolver {
  /**
   * The caller behind the request's session cookie or API key; null when it presents none.
   * Throws AppError('UNAUTHORIZED') for a credential that is invalid, expired or revoked, and
   * AppError('FORBIDDEN' | 'LIMIT_EXCEEDED') for a key used outside its IP allowlist or rate.
   */
  resolve(req: FastifyRequest): Promise<Caller | null>;
  /** Records an access-denied audit event; it must not share the failing request's transaction. */
  recordDenied(
    ctx: Ctx,
    req: FastifyRequest,
    permission: Permission,
    reason: string,
  ): Promise<void>;
}

export function can(actor: Actor, permission: Permission): boolean {
  if (actor.type === 'system') return true;
  if (actor.type === 'anonymous') return false;
  if (!roleAllows(actor.role, permission)) return false;
  if (actor.type === 'api_key') return actor.scopes.some((s) => scopeAllows(s, permission));
  return true;
}

export const authPlugin = fp(
  async (app: FastifyInstance, opts: { db: Db; resolver: AuthResolver }) => {
    app.decorate('routeCatalog', [] as RouteInfo[]);
    app.decorateRequest('ctx', null as unknown as Ctx);

    app.addHook('onRoute', (route) => {
      // The API documentation page's static files are registered by @fastify/swagger-ui itself.
      if (route.url.startsWith('/api/docs'))
        route.config = { ...(route.config ?? {}), public: true };
      const cfg = (route.config ?? {}) as {
        permission?: Permission;
        authenticated?: boolean;
        public?: boolean;
      };
      const declared = [
        cfg.permission !== undefined,
        cfg.authenticated === true,
        cfg.public === true,
      ].filter(Boolean);
      const methods = Array.isArray(route.method) ? route.method : [route.method];
      if (methods.every((m) => m === 'HEAD' || m === 'OPTIONS')) return;
      if (declared.length !== 1) {
        throw new Error(
          `route ${methods.join(',')} ${route.url} must declare exactly one of config.permission, config.authenticated or config.public`,
        );
      }
      for (const method of methods) {
        if (method === 'HEAD') continue;
        app.routeCatalog.push({
          method,
          url: route.url,
          permission: cfg.permission ?? null,
          authenticated: cfg.authenticated === true,
          public: cfg.public === true,
          hasBody: Boolean((route.schema as { body?: unknown } | undefined)?.body),
          readOnly: route.config?.readOnly === true,
        });
      }
    });

    app.addHook('onRequest', async (req, reply) => {
      req.ctx = {
        db: opts.db,
        orgId: null,
        actor: { type: 'anonymous' },
        meta: { requestId: String(req.id), ip: req.ip, userAgent: req.headers['user-agent'] },
      };
      const cfg = req.routeOptions.config ?? {};
      // 404s stay 404s; CORS preflights carry no credentials and are answered by the CORS plugin.
      if (cfg.public || req.routeOptions.url === undefined || req.method === 'OPTIONS') return;
      const caller = await opts.resolver.resolve(req);
      if (!caller) {
        reply.header('WWW-Authenticate', 'Bearer realm="pharos"');
        throw new AppError(
          'UNAUTHORIZED',
          'Sign in, or send an API key as `Authorization: Bearer <key>`.',
          {
            headers: { 'WWW-Authenticate': 'Bearer realm="pharos"' },
          },
        );
      }
      req.ctx.orgId = caller.orgId;
      req.ctx.actor = caller.actor;
      if (cfg.permission && !can(caller.actor, cfg.permission)) {
        const reason =
          caller.actor.type === 'api_key' && roleAllows(caller.actor.role, cfg.permission)
            ? `this API key's scopes (${caller.actor.scopes.join(', ')}) do not include ${cfg.permission}`
            : `the ${caller.actor.role} role does not have ${cfg.permission}`;
        await opts.resolver.recordDenied(req.ctx, req, cfg.permission, reason);
        throw new AppError('FORBIDDEN', `Not allowed: ${reason}.`);
      }
    });
  },
);
