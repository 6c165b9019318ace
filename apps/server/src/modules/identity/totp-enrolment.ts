import QRCode from 'qrcode';
import { systemCtx, withTransaction, type Ctx } from '../../db/context.ts';
import { decryptSecret, encryptSecret } from '../../lib/crypto.ts';
import { generateTotpSecret, otpauthUri, verifyTotp } from '../../lib/totp.ts';
import { conflict, invalid, notFound } from '../../platform/errors.ts';
import { recordAudit } from '../audit/index.ts';
import { requireSession } from './actor.ts';
import type { IdentityConfig } from './deps.ts';
import { generateBackupCodes, hashBackupCode, totpAad } from './mfa-codes.ts';
import { findUserWithSecrets, replaceBackupCodes, updateUserMfa } from './repository.ts';

/**
 * MFA belongs to the user, not to one organization: its writes and audit events go to the
 * user's home organization (users.org_id), whichever organization the session is in.
 */
async function loadSelf(ctx: Ctx) {
  const { userId } = requireSession(ctx);
  const user = await findUserWithSecrets(systemCtx(ctx.db, 'identity.mfa'), { id: userId });
  if (!user) throw notFound('User');
  return { user, home: { ...ctx, orgId: user.org_id } satisfies Ctx };
}
export { loadSelf as loadSelfForMfa };

/** Starts TOTP enrolment: a new secret kept encrypted as pending until confirmed with a code. */
export async function startTotpEnrolment({ ctx, config }: { ctx: Ctx; config: IdentityConfig }) {
  const { user, home } = await loadSelf(ctx);
  if (user.mfa_enabled) throw conflict('MFA is already enabled; disable it first to re-enrol.');
  const secret = generateTotpSecret();
  await withTransaction(home, async (tx) => {
    await updateUserMfa(tx, user.id, {
      mfa_pending_secret_enc: encryptSecret(config.secretKey, secret, totpAad(user.id)),
    });
    await recordAudit(tx, {
      action: 'mfa.enroll',
      actionType: 'update',
      resourceType: 'user',
      resourceId: user.id,
      resourceName: user.email,
      description: 'TOTP enrolment started',
    });
  });
  const uri = otpauthUri({ secret, account: user.email, issuer: 'Pharos' });
  return { secret, otpauth_uri: uri, qr_data_url: await QRCode.toDataURL(uri) };
}

/** Confirms enrolment with a current code: enables TOTP and returns 10 backup codes, once. */
export async function confirmTotpEnrolment({
  ctx,
  input,
  config,
}: {
  ctx: Ctx;
  input: { code: string };
  config: IdentityConfig;
}): Promise<{ backup_codes: string[] }> {
  const { user, home } = await loadSelf(ctx);
  if (user.mfa_enabled) throw conflict('MFA is already enabled.');
  if (!user.mfa_pending_secret_enc)
    throw conflict('Start enrolment first (POST /api/v1/me/mfa/totp).');
  const secret = decryptSecret(config.secretKey, user.mfa_pending_secret_enc, totpAad(user.id));
  const step = verifyTotp(secret, input.code.replace(/\s/g, ''));
  if (step === null) {
    throw invalid('The code is not correct; check the time on your device and try again.', [
      { path: 'body.code', message: 'is not a current code' },
    ]);
  }
  const codes = generateBackupCodes();
  await withTransaction(home, async (tx) => {
    await updateUserMfa(tx, user.id, {
      mfa_enabled: true,
      mfa_method: 'totp',
      mfa_secret_enc: user.mfa_pending_secret_enc,
      mfa_pending_secret_enc: null,
      lastStep: step,
    });
    await replaceBackupCodes(tx, user.org_id, user.id, codes.map(hashBackupCode));
    await recordAudit(tx, {
      action: 'mfa.enable',
      resourceType: 'user',
      resourceId: user.id,
      resourceName: user.email,
      before: { mfa_enabled: false },
      after: { mfa_enabled: true, mfa_method: 'totp', backup_codes: codes.length },
    });
  });
  return { backup_codes: codes };
}
