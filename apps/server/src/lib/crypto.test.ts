import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  decryptSecret,
  encryptSecret,
  randomReadable,
  randomToken,
  safeEqual,
  sha256Hex,
} from './crypto.ts';

describe('crypto helpers', () => {
  it('makes distinct url-safe random tokens', () => {
    const a = randomToken();
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(randomToken()).not.toBe(a);
    expect(randomReadable(20)).toMatch(/^[A-Za-z2-9]{20}$/);
  });

  it('hashes with SHA-256', () => {
    expect(sha256Hex('abc')).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
  });

  it('compares in constant time, including different lengths', () => {
    expect(safeEqual('abc', 'abc')).toBe(true);
    expect(safeEqual('abc', 'abd')).toBe(false);
    expect(safeEqual('abc', 'abcd')).toBe(false);
  });

  it('round-trips AES-256-GCM and rejects tampering, wrong keys and wrong context', () => {
    const key = randomBytes(32);
    const enc = encryptSecret(key, 'JBSWY3DPEHPK3PXP', 'user-1');
    expect(enc).toMatch(/^v1:[^:]+:[^:]+:[^:]+$/);
    expect(enc).not.toContain('JBSWY3DPEHPK3PXP');
    expect(encryptSecret(key, 'JBSWY3DPEHPK3PXP', 'user-1')).not.toBe(enc); // fresh IV
    expect(decryptSecret(key, enc, 'user-1')).toBe('JBSWY3DPEHPK3PXP');
    expect(() => decryptSecret(randomBytes(32), enc, 'user-1')).toThrow();
    expect(() => decryptSecret(key, enc, 'user-2')).toThrow();
    const parts = enc.split(':');
    const ct = Buffer.from(parts[3]!, 'base64');
    ct[0] = ct[0]! ^ 1;
    parts[3] = ct.toString('base64');
    expect(() => decryptSecret(key, parts.join(':'), 'user-1')).toThrow();
    expect(() => decryptSecret(key, 'v2:a:b:c')).toThrow();
  });
});
