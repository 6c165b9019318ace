import { decryptSecret, encryptSecret, randomToken } from '../../lib/crypto.ts';
import type { IdentityConfig } from './deps.ts';

const CHALLENGE_TTL_MS = 5 * 60_000;
const AAD = 'pharos.mfa_challenge';

/**
 * The opaque token between the password step and the code step of an MFA sign-in: the user,
 * the organization and an expiry, encrypted and authenticated under the secret key (nothing is
 * stored). Replays within its five minutes still need a fresh code, which is single use.
 */
export function createMfaChallenge(
  config: IdentityConfig,
  c: { userId: string; orgId: string },
  now = Date.now(),
): string {
  const payload = JSON.stringify({
    u: c.userId,
    o: c.orgId,
    e: now + CHALLENGE_TTL_MS,
    n: randomToken(8),
  });
  return Buffer.from(encryptSecret(config.secretKey, payload, AAD)).toString('base64url');
}

export function openMfaChallenge(
  config: IdentityConfig,
  token: string,
  now = Date.now(),
): { userId: string; orgId: string } | null {
  try {
    const payload = JSON.parse(
      decryptSecret(config.secretKey, Buffer.from(token, 'base64url').toString('utf8'), AAD),
    ) as { u?: unknown; o?: unknown; e?: unknown };
    if (typeof payload.u !== 'string' || typeof payload.o !== 'string') return null;
    if (typeof payload.e !== 'number' || payload.e <= now) return null;
    return { userId: payload.u, orgId: payload.o };
  } catch {
    return null;
  }
}
