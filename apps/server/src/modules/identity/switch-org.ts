import type { Role } from '@pharos/contracts';
import { systemCtx, withTransaction, type Ctx } from '../../db/context.ts';
import { AppError } from '../../platform/errors.ts';
import type { IdentityConfig } from './deps.ts';
import { requireSession } from './actor.ts';
import { findMemberRole } from './repository.ts';
import { revokeSessions } from './repository-sessions.ts';
import { startSession, type StartedSession } from './start-session.ts';

/**
 * Moves the caller to another organization they belong to: a new session there (audited as
 * `auth.switch_org` in the target organization), and the current one revoked.
 */
export async function switchOrg({
  ctx,
  input,
  config,
}: {
  ctx: Ctx;
  input: { orgId: string };
  config: IdentityConfig;
}): Promise<{ session: StartedSession; role: Role }> {
  const { userId, email, sessionId } = requireSession(ctx);
  const role = await findMemberRole(systemCtx(ctx.db, 'identity.switch_org'), input.orgId, userId);
  if (!role) throw new AppError('NOT_FOUND', 'You are not a member of that organization.');
  const session = await startSession({
    ctx,
    input: {
      orgId: input.orgId,
      user: { id: userId, email },
      role,
      method: 'org_switch',
      auditAction: 'auth.switch_org',
    },
    config,
  });
  await withTransaction(ctx, (tx) => revokeSessions(tx, { id: sessionId }, 'org_switch'));
  return { session, role };
}
