import { withTransaction, type Ctx } from '../../db/context.ts';
import { systemCtx } from '../../db/context.ts';
import { AppError } from '../../platform/errors.ts';
import { recordAudit } from '../audit/index.ts';
import type { IdentityConfig } from './deps.ts';
import { countSignInFailures, findInstallationOrg, updateUser } from './repository.ts';

export const SIGNIN_WINDOW_MS = 15 * 60_000;

export const INVALID_CREDENTIALS = 'Invalid email or password.';

/**
 * Refuses a sign-in attempt when its account (email) or its IP address has had
 * config.signinMaxFailures failures within 15 minutes; the refusal is audited too. Counting
 * comes from the audit trail, so it holds across processes.
 */
export async function assertSignInAllowed({
  ctx,
  input,
  config,
}: {
  ctx: Ctx;
  input: { email: string; user: { id: string; org_id: string; locked_until: Date | null } | null };
  config: IdentityConfig;
}): Promise<{ failures: number }> {
  const now = Date.now();
  const sys = systemCtx(ctx.db, 'identity.sign_in');
  const { byEmail, byIp } = await countSignInFailures(sys, {
    email: input.email,
    ip: ctx.meta.ip ?? null,
    since: new Date(now - SIGNIN_WINDOW_MS),
  });
  const max = config.signinMaxFailures;
  const until: number[] = [];
  if (byEmail.count >= max && byEmail.oldest)
    until.push(byEmail.oldest.getTime() + SIGNIN_WINDOW_MS);
  if (byIp.count >= max && byIp.oldest) until.push(byIp.oldest.getTime() + SIGNIN_WINDOW_MS);
  const locked = input.user?.locked_until?.getTime();
  if (locked && locked > now) until.push(locked);
  if (until.length) {
    const retryAfter = Math.max(1, Math.ceil((Math.max(...until) - now) / 1000));
    await recordSignInFailure({
      ctx,
      input: { email: input.email, user: input.user, reason: 'rate_limited', failures: null },
      config,
    });
    throw new AppError(
      'LIMIT_EXCEEDED',
      `Too many failed sign-in attempts; try again in ${retryAfter} seconds.`,
      { headers: { 'Retry-After': String(retryAfter) } },
    );
  }
  return { failures: byEmail.count };
}

/**
 * Audits a failed sign-in in its own transaction (it must survive the failing request) and
 * counts it on the user: failed_login_count, and locked_until once the limit is reached.
 */
export async function recordSignInFailure({
  ctx,
  input,
  config,
}: {
  ctx: Ctx;
  input: {
    email: string;
    user: { id: string; org_id: string } | null;
    reason: string;
    /** Failures in the window before this one; null when this attempt is not counted. */
    failures: number | null;
  };
  config: IdentityConfig;
}): Promise<void> {
  const orgId =
    input.user?.org_id ?? (await findInstallationOrg(systemCtx(ctx.db, 'identity.sign_in')))?.id;
  if (!orgId) return; // nothing to record into before the first organization exists
  const actx: Ctx = { ...ctx, tx: undefined, orgId, actor: { type: 'anonymous' } };
  await withTransaction(actx, async (tx) => {
    if (input.user && input.failures !== null) {
      const count = input.failures + 1;
      await updateUser(tx, input.user.id, {
        failed_login_count: count,
        locked_until:
          count >= config.signinMaxFailures ? new Date(Date.now() + SIGNIN_WINDOW_MS) : null,
      });
    }
    await recordAudit(tx, {
      action: 'auth.sign_in',
      actionType: 'login',
      resourceType: 'user',
      resourceId: input.user?.id ?? null,
      resourceName: input.email.slice(0, 254),
      description: 'sign-in failed',
      outcome: 'failure',
      failureReason: input.reason,
      subject: { userId: input.user?.id ?? null, email: input.email.slice(0, 254) },
    });
  });
}
