import { withTransaction, type Ctx } from '../../db/context.ts';
import { actorUserId } from './actor.ts';
import { listUserSessions } from './repository-sessions.ts';

/** The caller's live sessions in the current organization, the current one marked. */
export async function listMySessions({ ctx }: { ctx: Ctx }) {
  const userId = actorUserId(ctx);
  const current = ctx.actor.type === 'user' ? ctx.actor.sessionId : null;
  const rows = await withTransaction(ctx, (tx) => listUserSessions(tx, userId));
  return rows.map((s) => ({
    id: s.id,
    ip_address: s.ip_address,
    user_agent: s.user_agent,
    created_at: s.created_at.toISOString(),
    last_activity: s.last_activity.toISOString(),
    expires_at: s.expires_at.toISOString(),
    current: s.id === current,
  }));
}
