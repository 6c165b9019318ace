// Public surface of the identity module: users, sessions, MFA, API keys, teams.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppDeps } from '../../app.ts';
import type { Db } from '../../db/client.ts';
import type { AuthResolver } from '../../platform/auth.ts';
import { ensureDefaultOrganization } from './first-run.ts';
import { createIdentityResolver, type IdentityResolver } from './resolve-caller.ts';
import { authRoutes } from './routes-auth.ts';
import { adminRoutes } from './routes-admin.ts';
import { apiKeyRoutes } from './routes-keys.ts';
import { meRoutes } from './routes-me.ts';

export { createApiKey, type CreateApiKeyInput } from './create-api-key.ts';
export { createUser } from './create-user.ts';
export { findCliTarget } from './cli-target.ts';
export { ensureDefaultOrganization, FIRST_ADMIN_EMAIL } from './first-run.ts';
export { hashPassword, MIN_PASSWORD_LENGTH } from './passwords.ts';
export { SESSION_COOKIE } from './deps.ts';
export { totpAad } from './mfa-codes.ts';

const resolvers = new WeakMap<AppDeps, IdentityResolver>();

/** Routes under /api/v1; flushes batched API key usage and rate counts when the app closes. */
export async function identityModule(app: FastifyInstance) {
  app.addHook('onClose', async () => {
    const r = resolvers.get(app.deps);
    await Promise.all([r?.usage.close(), r?.limiter.close()]);
  });
  await app.register(authRoutes);
  await app.register(apiKeyRoutes);
  await app.register(meRoutes);
  await app.register(adminRoutes);
}

/** The resolver platform/auth.ts uses: session cookie or `Authorization: Bearer phk_...`. */
export function createAuthResolver(deps: AppDeps): AuthResolver {
  const r = createIdentityResolver(deps);
  resolvers.set(deps, r);
  return r;
}

/**
 * The caller behind an API key's text, with the same checks as a Bearer key (revoked, expired,
 * owner, IP allowlist, per-key rate); for ingest credentials sent in other ways.
 */
export function resolveApiKeyCaller(deps: AppDeps, req: FastifyRequest, text: string) {
  const r = resolvers.get(deps);
  if (!r) throw new Error('resolveApiKeyCaller: the identity resolver is not set up');
  return r.apiKey(req, text);
}

/** First start: default organization, project 1 and an admin with a one-time password. */
export async function ensureFirstRun(
  db: Db,
): Promise<{ createdAdmin: { email: string; password: string } | null }> {
  const { createdAdmin } = await ensureDefaultOrganization(db, { createAdmin: true });
  return { createdAdmin };
}
