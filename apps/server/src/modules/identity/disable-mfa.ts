import { systemCtx, withTransaction, type Ctx } from '../../db/context.ts';
import { AppError, conflict } from '../../platform/errors.ts';
import { recordAudit } from '../audit/index.ts';
import type { IdentityConfig } from './deps.ts';
import { consumeMfaCode, lastTotpStep } from './mfa-codes.ts';
import { verifyPassword } from './passwords.ts';
import { replaceBackupCodes, updateUserMfa } from './repository.ts';
import { loadSelfForMfa } from './totp-enrolment.ts';

/** Turns MFA off after proof: a current TOTP or backup code, or the account password. */
export async function disableMfa({
  ctx,
  input,
  config,
}: {
  ctx: Ctx;
  input: { code?: string; password?: string };
  config: IdentityConfig;
}): Promise<void> {
  const { user, home } = await loadSelfForMfa(ctx);
  if (!user.mfa_enabled && !user.mfa_pending_secret_enc) throw conflict('MFA is not enabled.');
  let ok = false;
  if (input.password) ok = await verifyPassword(user.password_hash, input.password);
  else if (input.code && user.mfa_enabled) {
    ok = Boolean(
      await consumeMfaCode({
        ctx: systemCtx(ctx.db, 'identity.mfa'),
        input: {
          userId: user.id,
          secretEnc: user.mfa_secret_enc,
          lastStep: lastTotpStep(user.metadata),
          code: input.code,
        },
        config,
      }),
    );
  }
  if (!ok) throw new AppError('FORBIDDEN', 'The code or password is not correct.');
  await withTransaction(home, async (tx) => {
    await updateUserMfa(tx, user.id, {
      mfa_enabled: false,
      mfa_method: null,
      mfa_secret_enc: null,
      mfa_pending_secret_enc: null,
      lastStep: null,
    });
    await replaceBackupCodes(tx, user.org_id, user.id, []);
    await recordAudit(tx, {
      action: 'mfa.disable',
      resourceType: 'user',
      resourceId: user.id,
      resourceName: user.email,
      before: { mfa_enabled: user.mfa_enabled },
      after: { mfa_enabled: false },
      severity: 'warning',
    });
  });
}
