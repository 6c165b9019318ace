import { withTransaction, type Ctx } from '../../db/context.ts';
import { recordAudit } from '../audit/index.ts';
import { requireSession } from './actor.ts';
import { revokeSessions } from './repository-sessions.ts';

/** Ends the caller's session (reason `sign_out`) and audits it. */
export async function signOut({ ctx }: { ctx: Ctx }): Promise<void> {
  const { sessionId, email } = requireSession(ctx);
  await withTransaction(ctx, async (tx) => {
    await revokeSessions(tx, { id: sessionId }, 'sign_out');
    await recordAudit(tx, {
      action: 'auth.sign_out',
      actionType: 'logout',
      resourceType: 'session',
      resourceId: sessionId,
      resourceName: email,
      description: 'signed out',
    });
  });
}
