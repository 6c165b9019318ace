import {
  createCipheriv,
  createDecipheriv,
  hash,
  randomBytes,
  randomInt,
  timingSafeEqual,
} from 'node:crypto';

/** A URL-safe random token carrying `bytes` bytes of entropy (base64url, no padding). */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

const ALNUM = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';

/** A random string from an alphabet without look-alike characters (passwords shown to people). */
export function randomReadable(length: number, alphabet = ALNUM): string {
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[randomInt(alphabet.length)];
  return out;
}

/** SHA-256 of a string (UTF-8) or bytes. */
export function sha256(data: string | Buffer): Buffer {
  // One-shot: no Hash object per call (API keys are hashed on every ingest request).
  return hash('sha256', data, 'buffer');
}

export function sha256Hex(data: string | Buffer): string {
  return sha256(data).toString('hex');
}

/** Constant-time equality; different lengths compare unequal without leaking where they differ. */
export function safeEqual(a: string | Buffer, b: string | Buffer): boolean {
  const ba = typeof a === 'string' ? Buffer.from(a) : a;
  const bb = typeof b === 'string' ? Buffer.from(b) : b;
  // Hashing first makes both sides the same length, so timingSafeEqual never throws.
  return timingSafeEqual(sha256(ba), sha256(bb)) && ba.length === bb.length;
}

const VERSION = 'v1';

/**
 * Encrypts a secret with AES-256-GCM under the 32-byte key: `v1:<iv>:<tag>:<ciphertext>` (base64).
 * `aad` binds the ciphertext to a context (e.g. a user id) so it cannot be moved to another row.
 */
export function encryptSecret(key: Buffer, plaintext: string, aad = ''): string {
  if (key.length !== 32) throw new Error('encryptSecret: key must be 32 bytes');
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  if (aad) cipher.setAAD(Buffer.from(aad));
  const ct = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  const tag = cipher.getAuthTag();
  return [VERSION, iv.toString('base64'), tag.toString('base64'), ct.toString('base64')].join(':');
}

/** Decrypts what encryptSecret produced; throws on a wrong key, wrong aad or tampering. */
export function decryptSecret(key: Buffer, encoded: string, aad = ''): string {
  const parts = encoded.split(':');
  if (parts.length !== 4 || parts[0] !== VERSION) throw new Error('decryptSecret: bad format');
  const [, iv, tag, ct] = parts as [string, string, string, string];
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64'));
  if (aad) decipher.setAAD(Buffer.from(aad));
  decipher.setAuthTag(Buffer.from(tag, 'base64'));
  return Buffer.concat([decipher.update(Buffer.from(ct, 'base64')), decipher.final()]).toString(
    'utf8',
  );
}
