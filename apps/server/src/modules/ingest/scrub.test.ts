import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  FILTERED,
  luhnValid,
  scrubCards,
  scrubPolicyFromSettings,
  scrubSensitive,
} from './scrub.ts';

describe('scrubCards', () => {
  it('replaces Luhn-valid card numbers, alone or grouped', () => {
    expect(scrubCards('card 4111111111111111 charged')).toBe(`card ${FILTERED} charged`);
    expect(scrubCards('4111 1111 1111 1111')).toBe(FILTERED);
    expect(scrubCards('pan=5500-0000-0000-0004;')).toBe(`pan=${FILTERED};`);
  });

  it('keeps numbers that fail the Luhn check or are too short', () => {
    expect(scrubCards('order 4111111111111112')).toBe('order 4111111111111112');
    expect(scrubCards('id 123456789012')).toBe('id 123456789012');
    expect(luhnValid('79927398713')).toBe(true);
  });

  it('never touches digit runs inside hex ids, hashes or words', () => {
    // A Luhn-valid run embedded in a hex id (this is how event ids got corrupted).
    const id = 'ab4111111111111111cd';
    expect(scrubCards(id)).toBe(id);
    for (let i = 0; i < 2000; i++) {
      const hex = randomBytes(16).toString('hex');
      expect(scrubCards(hex)).toBe(hex);
      expect(scrubCards(`trace ${hex} done`)).toBe(`trace ${hex} done`);
    }
  });
});

describe('scrubSensitive', () => {
  it('replaces values under sensitive keys at any depth and cards in strings', () => {
    const input = {
      user: { name: 'ada', password: 'hunter2', apiKey: 'k' },
      headers: { Authorization: 'Bearer x', cookie: 'a=b', accept: '*/*' },
      extra: { note: 'paid with 4111 1111 1111 1111', list: ['4111111111111111', 'fine'] },
    };
    const out = scrubSensitive(input);
    expect(out.user).toEqual({ name: 'ada', password: FILTERED, apiKey: FILTERED });
    expect(out.headers).toEqual({ Authorization: FILTERED, cookie: FILTERED, accept: '*/*' });
    expect(out.extra.note).toBe(`paid with ${FILTERED}`);
    expect(out.extra.list).toEqual([FILTERED, 'fine']);
    expect(input.user.password).toBe('hunter2'); // never mutates
  });

  it('returns the same object when nothing is sensitive', () => {
    const v = { a: 1, b: ['x', { c: 'y' }] };
    expect(scrubSensitive(v)).toBe(v);
  });

  it('follows the organization settings', () => {
    const off = scrubPolicyFromSettings({ scrubbing: { enabled: false } });
    expect(scrubSensitive({ password: 'p' }, off)).toEqual({ password: 'p' });
    const custom = scrubPolicyFromSettings({
      scrubbing: { extra_keys: ['ssn'], safe_keys: ['session'], scrub_cards: false },
    });
    expect(scrubSensitive({ ssn: '1', session: 's', n: '4111111111111111' }, custom)).toEqual({
      ssn: FILTERED,
      session: 's',
      n: '4111111111111111',
    });
    // Malformed settings keep scrubbing on.
    expect(scrubSensitive({ token: 't' }, scrubPolicyFromSettings({ scrubbing: 'yes' }))).toEqual({
      token: FILTERED,
    });
  });
});
