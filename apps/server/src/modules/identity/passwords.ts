import { hash, verify } from '@node-rs/argon2';

// @node-rs/argon2 hashes with argon2id unless told otherwise; its defaults (19 MiB, t=2, p=1)
// are the OWASP minimum for argon2id.
export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 1024;

export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

export async function verifyPassword(
  passwordHash: string | null,
  password: string,
): Promise<boolean> {
  if (!passwordHash) {
    await dummyVerify(password);
    return false;
  }
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

let dummyHash: Promise<string> | null = null;

/** Spends the time of a real verification, so an unknown email answers as slowly as a known one. */
export async function dummyVerify(password: string): Promise<void> {
  dummyHash ??= hash('pharos-dummy-password-for-timing');
  try {
    await verify(await dummyHash, password);
  } catch {
    // Only the time spent matters.
  }
}
