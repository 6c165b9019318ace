// Placeholder wiring; the identity module (users, sessions, MFA, API keys, teams) replaces this.
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../app.ts';
import type { AuthResolver } from '../../platform/auth.ts';

export async function identityModule(_app: FastifyInstance) {}

export function createAuthResolver(_deps: AppDeps): AuthResolver {
  return { resolve: async () => null, recordDenied: async () => {} };
}

import type { Db } from '../../db/client.ts';
export async function ensureFirstRun(
  _db: Db,
): Promise<{ createdAdmin: { email: string; password: string } | null }> {
  return { createdAdmin: null };
}
