import { systemCtx, withTransaction, type Ctx } from '../../db/context.ts';
import { AppError, invalid, notFound } from '../../platform/errors.ts';
import { recordAudit } from '../audit/index.ts';
import { requireSession } from './actor.ts';
import type { IdentityConfig } from './deps.ts';
import { hashPassword, verifyPassword } from './passwords.ts';
import { findUserWithSecrets, updateUser } from './repository.ts';
import { revokeSessions } from './repository-sessions.ts';
import { assertSignInAllowed, recordSignInFailure } from './sign-in-guard.ts';

/**
 * Changes the caller's password after checking the current one (wrong guesses count as failed
 * sign-ins), clears must_change_password and revokes every other session of the user.
 */
export async function changePassword({
  ctx,
  input,
  config,
}: {
  ctx: Ctx;
  input: { currentPassword: string; newPassword: string };
  config: IdentityConfig;
}): Promise<{ revokedSessions: number }> {
  const { userId, sessionId } = requireSession(ctx);
  const sys = systemCtx(ctx.db, 'identity.password');
  const user = await findUserWithSecrets(sys, { id: userId });
  if (!user) throw notFound('User');
  const { failures } = await assertSignInAllowed({
    ctx,
    input: { email: user.email, user },
    config,
  });
  if (!(await verifyPassword(user.password_hash, input.currentPassword))) {
    await recordSignInFailure({
      ctx,
      input: { email: user.email, user, reason: 'wrong_current_password', failures },
      config,
    });
    throw new AppError('FORBIDDEN', 'The current password is not correct.');
  }
  if (input.currentPassword === input.newPassword) {
    throw invalid('The new password must differ from the current one.', [
      { path: 'body.new_password', message: 'must differ from the current password' },
    ]);
  }
  const passwordHash = await hashPassword(input.newPassword);
  let revoked = 0;
  await withTransaction(ctx, async (tx) => {
    await updateUser(tx, userId, { password_hash: passwordHash, must_change_password: false });
    revoked = await revokeSessions(tx, { userId, exceptId: sessionId }, 'password_change');
    await recordAudit(tx, {
      action: 'user.password_change',
      actionType: 'update',
      resourceType: 'user',
      resourceId: userId,
      resourceName: user.email,
      before: { must_change_password: user.must_change_password },
      after: { must_change_password: false },
    });
  });
  // Sessions in the user's other organizations are outside this transaction's row-level scope.
  revoked += await withTransaction(sys, (tx) =>
    revokeSessions(tx, { userId, exceptId: sessionId }, 'password_change'),
  );
  return { revokedSessions: revoked };
}
