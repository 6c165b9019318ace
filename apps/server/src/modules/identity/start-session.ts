import { randomUUID } from 'node:crypto';
import type { Role } from '@pharos/contracts';
import { withTransaction, type Ctx } from '../../db/context.ts';
import { randomToken, sha256 } from '../../lib/crypto.ts';
import { recordAudit } from '../audit/index.ts';
import { sessionExpiry, type IdentityConfig } from './deps.ts';
import { updateUser } from './repository.ts';
import { insertSession } from './repository-sessions.ts';

export interface StartedSession {
  token: string;
  sessionId: string;
  expiresAt: Date;
}

/**
 * Opens a session for a user who proved who they are: stores only the token's hash, resets the
 * failure count and audits the sign-in (or `auditAction`) in the same transaction.
 */
export async function startSession({
  ctx,
  input,
  config,
}: {
  ctx: Ctx;
  input: {
    orgId: string;
    user: { id: string; email: string };
    role: Role;
    method: 'password' | 'totp' | 'backup_code' | 'org_switch';
    auditAction?: string;
  };
  config: IdentityConfig;
}): Promise<StartedSession> {
  const token = randomToken(32);
  const sessionId = randomUUID();
  const now = new Date();
  const expiresAt = sessionExpiry(config, now, now);
  const actx: Ctx = {
    ...ctx,
    orgId: input.orgId,
    actor: {
      type: 'user',
      userId: input.user.id,
      email: input.user.email,
      role: input.role,
      sessionId,
    },
  };
  await withTransaction(actx, async (tx) => {
    await insertSession(tx, {
      id: sessionId,
      orgId: input.orgId,
      userId: input.user.id,
      tokenHash: sha256(token),
      expiresAt,
      ip: ctx.meta.ip ?? null,
      userAgent: ctx.meta.userAgent ?? null,
    });
    if (input.method !== 'org_switch') {
      await updateUser(tx, input.user.id, {
        last_login: now,
        failed_login_count: 0,
        locked_until: null,
      });
    }
    await recordAudit(tx, {
      action: input.auditAction ?? 'auth.sign_in',
      actionType: 'login',
      resourceType: 'session',
      resourceId: sessionId,
      resourceName: input.user.email,
      description: `signed in (${input.method})`,
      metadata: { method: input.method },
    });
  });
  return { token, sessionId, expiresAt };
}
