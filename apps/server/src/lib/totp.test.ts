import { describe, expect, it } from 'vitest';
import {
  base32Decode,
  base32Encode,
  generateTotpSecret,
  hotp,
  otpauthUri,
  totpCode,
  totpStep,
  verifyTotp,
} from './totp.ts';

// RFC 6238 appendix B test secret (SHA-1): ASCII "12345678901234567890".
const RFC_SECRET = base32Encode(Buffer.from('12345678901234567890'));

describe('TOTP', () => {
  it('round-trips base32', () => {
    const buf = Buffer.from('hello world!');
    expect(base32Decode(base32Encode(buf)).equals(buf)).toBe(true);
    expect(base32Encode(Buffer.from('foobar'))).toBe('MZXW6YTBOI');
    expect(generateTotpSecret()).toMatch(/^[A-Z2-7]{32}$/);
  });

  it('matches the RFC 4226 HOTP vectors', () => {
    const s = Buffer.from('12345678901234567890');
    expect(hotp(s, 0)).toBe('755224');
    expect(hotp(s, 9)).toBe('520489');
  });

  it('matches the RFC 6238 SHA-1 vectors', () => {
    expect(totpCode(RFC_SECRET, 59_000, 8)).toBe('94287082');
    expect(totpCode(RFC_SECRET, 1111111109_000, 8)).toBe('07081804');
    expect(totpCode(RFC_SECRET, 20000000000_000, 8)).toBe('65353130');
    expect(totpCode(RFC_SECRET, 59_000)).toBe('287082');
  });

  it('accepts ±1 step and returns the matched step', () => {
    const now = 1_700_000_000_000;
    const step = totpStep(now);
    expect(verifyTotp(RFC_SECRET, totpCode(RFC_SECRET, now), { nowMs: now })).toBe(step);
    expect(verifyTotp(RFC_SECRET, totpCode(RFC_SECRET, now - 30_000), { nowMs: now })).toBe(
      step - 1,
    );
    expect(verifyTotp(RFC_SECRET, totpCode(RFC_SECRET, now + 30_000), { nowMs: now })).toBe(
      step + 1,
    );
    expect(verifyTotp(RFC_SECRET, totpCode(RFC_SECRET, now - 90_000), { nowMs: now })).toBeNull();
    expect(verifyTotp(RFC_SECRET, 'abcdef', { nowMs: now })).toBeNull();
  });

  it('refuses a step at or before the last used one (replay)', () => {
    const now = 1_700_000_000_000;
    const code = totpCode(RFC_SECRET, now);
    const step = totpStep(now);
    expect(verifyTotp(RFC_SECRET, code, { nowMs: now, afterStep: step })).toBeNull();
    expect(verifyTotp(RFC_SECRET, code, { nowMs: now, afterStep: step - 1 })).toBe(step);
  });

  it('builds an otpauth URI', () => {
    const uri = otpauthUri({ secret: 'ABC', account: 'a@b.c', issuer: 'Pharos' });
    expect(uri).toBe(
      'otpauth://totp/Pharos%3Aa%40b.c?secret=ABC&issuer=Pharos&algorithm=SHA1&digits=6&period=30',
    );
  });
});
