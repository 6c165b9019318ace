import { withTransaction, type Ctx } from '../../db/context.ts';
import { can } from '../../platform/auth.ts';
import { notFound } from '../../platform/errors.ts';
import { recordAudit } from '../audit/index.ts';
import { actorUserId } from './actor.ts';
import { findSession, revokeSessions } from './repository-sessions.ts';

/** Revokes one of the caller's sessions, or anyone's in the organization with users.manage. */
export async function revokeSession({ ctx, input }: { ctx: Ctx; input: { id: string } }) {
  const userId = actorUserId(ctx);
  await withTransaction(ctx, async (tx) => {
    const s = await findSession(tx, input.id);
    if (!s || (s.user_id !== userId && !can(ctx.actor, 'users.manage'))) throw notFound('Session');
    const reason = s.user_id === userId ? 'revoked_by_user' : 'admin_revoke';
    await revokeSessions(tx, { id: s.id }, reason);
    await recordAudit(tx, {
      action: 'session.revoke',
      resourceType: 'session',
      resourceId: s.id,
      before: { is_active: s.is_active },
      after: { is_active: false, revoked_reason: reason },
      metadata: { user_id: s.user_id },
    });
  });
}
