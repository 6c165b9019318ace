import { withTransaction, type Ctx } from '../../db/context.ts';
import { decryptSecret, randomReadable, sha256 } from '../../lib/crypto.ts';
import { verifyTotp } from '../../lib/totp.ts';
import type { IdentityConfig } from './deps.ts';
import { claimTotpStep, useBackupCode } from './repository.ts';

const BACKUP_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';
export const BACKUP_CODE_COUNT = 10;

/** The AAD of a user's TOTP secret: a ciphertext copied to another user's row does not decrypt. */
export const totpAad = (userId: string) => `pharos.totp:${userId}`;

export function generateBackupCodes(): string[] {
  return Array.from({ length: BACKUP_CODE_COUNT }, () => {
    const c = randomReadable(10, BACKUP_ALPHABET);
    return `${c.slice(0, 5)}-${c.slice(5)}`;
  });
}

/** Backup codes are compared case- and separator-insensitively, by SHA-256 of the normal form. */
export function hashBackupCode(code: string): Buffer {
  return sha256(code.toLowerCase().replace(/[^a-z0-9]/g, ''));
}

/**
 * Checks a TOTP code (±1 step, each step usable once) or an unused backup code (then spent),
 * committing the spend even if the caller's later work fails, so a code can never be reused.
 */
export async function consumeMfaCode({
  ctx,
  input,
  config,
}: {
  ctx: Ctx;
  input: { userId: string; secretEnc: string | null; lastStep: number | null; code: string };
  config: IdentityConfig;
}): Promise<'totp' | 'backup_code' | null> {
  const code = input.code.replace(/\s/g, '');
  if (/^\d{6}$/.test(code)) {
    if (!input.secretEnc) return null;
    const secret = decryptSecret(config.secretKey, input.secretEnc, totpAad(input.userId));
    const step = verifyTotp(secret, code, { afterStep: input.lastStep });
    if (step === null) return null;
    const claimed = await withTransaction(ctx, (tx) => claimTotpStep(tx, input.userId, step));
    return claimed ? 'totp' : null;
  }
  const used = await withTransaction(ctx, (tx) =>
    useBackupCode(tx, input.userId, hashBackupCode(code)),
  );
  return used ? 'backup_code' : null;
}

export function lastTotpStep(metadata: Record<string, unknown>): number | null {
  const v = metadata.totp_last_step;
  return typeof v === 'number' ? v : null;
}
