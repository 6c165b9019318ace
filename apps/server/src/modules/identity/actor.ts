import type { Ctx } from '../../db/context.ts';
import { AppError } from '../../platform/errors.ts';

/** The user a request acts for: the signed-in user, or the owner of the API key. */
export function actorUserId(ctx: Ctx): string {
  const a = ctx.actor;
  if ((a.type === 'user' || a.type === 'api_key') && a.userId) return a.userId;
  throw new AppError('UNAUTHORIZED', 'This needs a signed-in user.');
}

/** Account-security changes (password, MFA, sign-out) need a session, not an API key. */
export function requireSession(ctx: Ctx): { userId: string; email: string; sessionId: string } {
  const a = ctx.actor;
  if (a.type !== 'user') {
    throw new AppError(
      'FORBIDDEN',
      'This can only be done from a signed-in session, not with an API key.',
    );
  }
  return { userId: a.userId, email: a.email, sessionId: a.sessionId };
}

export function orgIdOf(ctx: Ctx): string {
  if (!ctx.orgId) throw new Error('identity: ctx has no organization');
  return ctx.orgId;
}

export { isUniqueViolation } from '../../db/errors.ts';
