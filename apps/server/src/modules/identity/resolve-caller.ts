import type { ApiKeyScope, Permission, Role } from '@pharos/contracts';
import type { FastifyRequest } from 'fastify';
import type { AppDeps } from '../../app.ts';
import { systemCtx, withTransaction, type Ctx } from '../../db/context.ts';
import { sha256 } from '../../lib/crypto.ts';
import type { AuthResolver, Caller } from '../../platform/auth.ts';
import { AppError } from '../../platform/errors.ts';
import { recordAudit } from '../audit/index.ts';
import { parseApiKey } from './api-key-format.ts';
import { ApiKeyCache } from './api-key-cache.ts';
import { ApiKeyRateLimiter } from './api-key-rate-limit.ts';
import {
  recordApiKeyRejection,
  RejectionThrottle,
  type ApiKeyRejection,
  type RejectedKey,
} from './api-key-rejections.ts';
import { ApiKeyUsageRecorder } from './api-key-usage.ts';
import { SESSION_COOKIE, sessionAbsoluteEnd, sessionExpiry } from './deps.ts';
import { ipAllowed } from './ip-allowlist.ts';
import { findApiKeyByHash, findSessionByTokenHash, touchSession } from './repository-sessions.ts';

const unauthorized = (detail: string) =>
  new AppError('UNAUTHORIZED', detail, {
    headers: { 'WWW-Authenticate': 'Bearer realm="pharos", error="invalid_token"' },
  });

/** What a user who must change their password may still do (routes without the /api/v1 prefix). */
const PASSWORD_CHANGE_ROUTES = new Set(['GET /me', 'POST /me/password', 'POST /auth/sign-out']);

export interface IdentityResolver extends AuthResolver {
  usage: ApiKeyUsageRecorder;
  limiter: ApiKeyRateLimiter;
  /** The caller behind an API key's text (ingest: Basic passwords, Sentry DSN keys). */
  apiKey(req: FastifyRequest, text: string): Promise<Caller>;
}

/** The resolver behind platform/auth.ts: session cookie first unless a Bearer key is sent. */
export function createIdentityResolver(deps: AppDeps): IdentityResolver {
  const { config } = deps;
  const db = deps.db.db;
  const limiter = new ApiKeyRateLimiter(db, deps.logger ?? null);
  const usage = new ApiKeyUsageRecorder(db, null);
  const rejections = new RejectionThrottle();
  const sys = systemCtx(db, 'identity.resolve');
  const keys = new ApiKeyCache<NonNullable<Awaited<ReturnType<typeof findApiKeyByHash>>>>();

  async function fromSession(req: FastifyRequest, token: string): Promise<Caller> {
    const s = await findSessionByTokenHash(sys, sha256(token));
    const now = new Date();
    const ended = 'Your session has ended; sign in again.';
    if (!s) throw unauthorized(ended);
    if (s.expires_at <= now || sessionAbsoluteEnd(config, s.created_at) <= now)
      throw unauthorized(ended);
    if (!s.user_active || s.user_deleted_at || !s.role) throw unauthorized(ended);
    if (s.must_change_password) {
      const route = `${req.method} ${(req.routeOptions.url ?? '').replace(/^\/api\/v1/, '')}`;
      if (!PASSWORD_CHANGE_ROUTES.has(route)) {
        throw new AppError('FORBIDDEN', 'Change your password first (POST /api/v1/me/password).', {
          type: 'password-change-required',
        });
      }
    }
    if (now.getTime() - s.last_activity.getTime() >= 60_000) {
      await touchSession(sys, s.id, now, sessionExpiry(config, s.created_at, now));
    }
    return {
      orgId: s.org_id,
      actor: {
        type: 'user',
        userId: s.user_id,
        email: s.email,
        role: s.role as Role,
        sessionId: s.id,
      },
    };
  }

  /** A refusal, audited (throttled) before it is thrown; valid keys never wait for this. */
  async function reject(
    req: FastifyRequest,
    err: AppError,
    reason: ApiKeyRejection,
    key: RejectedKey | null,
    presentedPrefix: string | null = null,
  ): Promise<never> {
    await recordApiKeyRejection(db, rejections, req, { reason, key, presentedPrefix });
    throw err;
  }

  async function fromApiKey(req: FastifyRequest, text: string): Promise<Caller> {
    const parsed = parseApiKey(text);
    if (!parsed) return reject(req, unauthorized('Invalid API key.'), 'malformed', null);
    const k = keys.get(parsed.hash) ?? (await findApiKeyByHash(sys, parsed.hash));
    if (!k || k.key_prefix !== parsed.prefix) {
      return reject(req, unauthorized('Invalid API key.'), 'unknown', null, parsed.prefix);
    }
    if (!k.is_active || k.revoked_at)
      return reject(req, unauthorized('This API key has been revoked.'), 'revoked', k);
    if (k.expires_at && k.expires_at <= new Date())
      return reject(req, unauthorized('This API key has expired.'), 'expired', k);
    if (!k.actor_user_id || !k.user_active || k.user_deleted_at || !k.role) {
      const detail = 'The owner of this API key is no longer an active member.';
      return reject(req, unauthorized(detail), 'owner_inactive', k);
    }
    keys.set(parsed.hash, k);
    if (k.allowed_ips?.length && !ipAllowed(req.ip, k.allowed_ips)) {
      const err = new AppError('FORBIDDEN', `This API key may not be used from ${req.ip}.`);
      return reject(req, err, 'ip_not_allowed', k);
    }
    if (k.rate_limit) {
      const r = limiter.take(k.id, k.org_id, k.rate_limit);
      if (!r.ok) {
        const err = new AppError(
          'LIMIT_EXCEEDED',
          `This API key is limited to ${k.rate_limit} requests per minute.`,
          { headers: { 'Retry-After': String(r.retryAfter) } },
        );
        return reject(req, err, 'rate_limited', k);
      }
    }
    await usage.record(k.id, req.ip ?? null);
    return {
      orgId: k.org_id,
      actor: {
        type: 'api_key',
        apiKeyId: k.id,
        userId: k.actor_user_id,
        email: k.email,
        role: k.role as Role,
        scopes: k.scopes as ApiKeyScope[],
        projectIds: k.project_ids?.map(Number) ?? null, // bigint[] arrives as strings
      },
    };
  }

  return {
    usage,
    limiter,
    apiKey: fromApiKey,
    async resolve(req) {
      const auth = req.headers.authorization;
      if (auth) {
        const m = /^Bearer\s+(\S+)\s*$/i.exec(auth);
        if (m) return fromApiKey(req, m[1]!);
        const basic = /^Basic\s+([A-Za-z0-9+/=_-]+)\s*$/i.exec(auth);
        if (basic && req.routeOptions.config?.basicAuth) {
          // The key is the password (Grafana's basic auth); the user name is ignored.
          const text = Buffer.from(basic[1]!, 'base64').toString('utf8');
          return fromApiKey(req, text.slice(text.indexOf(':') + 1));
        }
        throw unauthorized('Send the API key as `Authorization: Bearer <key>`.');
      }
      const token = req.cookies?.[SESSION_COOKIE];
      if (!token) return null;
      return fromSession(req, token);
    },

    async recordDenied(ctx: Ctx, req: FastifyRequest, permission: Permission, reason: string) {
      // Its own transaction: the denied request's work (if any) must not carry it away.
      try {
        await withTransaction({ ...ctx, tx: undefined }, (tx) =>
          recordAudit(tx, {
            action: 'auth.access_denied',
            actionType: 'access-denied',
            resourceType: 'route',
            resourceName: `${req.method} ${req.routeOptions.url ?? req.url.split('?')[0]}`,
            description: `access denied: ${reason}`,
            outcome: 'failure',
            failureReason: reason,
            metadata: { permission },
          }),
        );
      } catch (err) {
        req.log.error({ err }, 'could not record an access-denied audit event');
      }
    },
  };
}
