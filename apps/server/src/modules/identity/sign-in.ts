import type { Role } from '@pharos/contracts';
import { systemCtx, type Ctx } from '../../db/context.ts';
import { AppError } from '../../platform/errors.ts';
import type { IdentityConfig } from './deps.ts';
import { createMfaChallenge } from './mfa-challenge.ts';
import { verifyPassword } from './passwords.ts';
import { findUserWithSecrets, listMemberships } from './repository.ts';
import { assertSignInAllowed, INVALID_CREDENTIALS, recordSignInFailure } from './sign-in-guard.ts';
import { startSession, type StartedSession } from './start-session.ts';

export type SignInResult =
  | {
      kind: 'session';
      session: StartedSession;
      userId: string;
      orgId: string;
      role: Role;
      mustChangePassword: boolean;
    }
  | { kind: 'mfa'; challenge: string };

/**
 * Password step of sign-in. Unknown email, wrong password and inactive account answer the same
 * (and an unknown email still pays for an argon2 verification), so responses do not tell which
 * emails have accounts. With MFA enabled it returns a challenge instead of a session.
 */
export async function signIn({
  ctx,
  input,
  config,
}: {
  ctx: Ctx;
  input: { email: string; password: string };
  config: IdentityConfig;
}): Promise<SignInResult> {
  const email = input.email.trim().toLowerCase();
  const sys = systemCtx(ctx.db, 'identity.sign_in');
  const user = (await findUserWithSecrets(sys, { email })) ?? null;
  const { failures } = await assertSignInAllowed({ ctx, input: { email, user }, config });
  const ok = await verifyPassword(user?.password_hash ?? null, input.password);
  const fail = async (reason: string): Promise<never> => {
    await recordSignInFailure({ ctx, input: { email, user, reason, failures }, config });
    throw new AppError('UNAUTHORIZED', INVALID_CREDENTIALS);
  };
  if (!user) return fail('unknown_email');
  if (!ok) return fail('wrong_password');
  if (!user.is_active) return fail('inactive');
  const memberships = await listMemberships(sys, user.id);
  const home = memberships.find((m) => m.id === user.org_id) ?? memberships[0];
  if (!home) return fail('no_membership');
  if (user.mfa_enabled) {
    return {
      kind: 'mfa',
      challenge: createMfaChallenge(config, { userId: user.id, orgId: home.id }),
    };
  }
  const role = home.role as Role;
  const session = await startSession({
    ctx,
    input: { orgId: home.id, user, role, method: 'password' },
    config,
  });
  return {
    kind: 'session',
    session,
    userId: user.id,
    orgId: home.id,
    role,
    mustChangePassword: user.must_change_password,
  };
}
