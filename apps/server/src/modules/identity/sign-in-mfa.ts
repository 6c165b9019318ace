import type { Role } from '@pharos/contracts';
import { systemCtx, type Ctx } from '../../db/context.ts';
import { AppError } from '../../platform/errors.ts';
import type { IdentityConfig } from './deps.ts';
import { openMfaChallenge } from './mfa-challenge.ts';
import { consumeMfaCode, lastTotpStep } from './mfa-codes.ts';
import { findMemberRole, findUserWithSecrets } from './repository.ts';
import { assertSignInAllowed, recordSignInFailure } from './sign-in-guard.ts';
import { startSession } from './start-session.ts';
import type { SignInResult } from './sign-in.ts';

/** Second step of an MFA sign-in: the challenge from the password step and a TOTP or backup code. */
export async function signInWithMfa({
  ctx,
  input,
  config,
}: {
  ctx: Ctx;
  input: { challenge: string; code: string };
  config: IdentityConfig;
}): Promise<SignInResult & { kind: 'session' }> {
  const expired = () =>
    new AppError('UNAUTHORIZED', 'The sign-in challenge is invalid or has expired; sign in again.');
  const c = openMfaChallenge(config, input.challenge);
  if (!c) throw expired();
  const sys = systemCtx(ctx.db, 'identity.sign_in');
  const user = await findUserWithSecrets(sys, { id: c.userId });
  if (!user || !user.is_active || !user.mfa_enabled) throw expired();
  const role = (await findMemberRole(sys, c.orgId, user.id)) as Role | null;
  if (!role) throw expired();
  const { failures } = await assertSignInAllowed({
    ctx,
    input: { email: user.email, user },
    config,
  });
  const method = await consumeMfaCode({
    ctx: sys,
    input: {
      userId: user.id,
      secretEnc: user.mfa_secret_enc,
      lastStep: lastTotpStep(user.metadata),
      code: input.code,
    },
    config,
  });
  if (!method) {
    await recordSignInFailure({
      ctx,
      input: { email: user.email, user, reason: 'invalid_mfa_code', failures },
      config,
    });
    throw new AppError('UNAUTHORIZED', 'Invalid authentication code.');
  }
  const session = await startSession({
    ctx,
    input: { orgId: c.orgId, user, role, method },
    config,
  });
  return {
    kind: 'session',
    session,
    userId: user.id,
    orgId: c.orgId,
    role,
    mustChangePassword: user.must_change_password,
  };
}
