import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SCRUB_POLICY,
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

describe('scrubSensitive with extras', () => {
  const extras = {
    idKeys: new Set(['trace_id']),
    idPattern: /^[0-9a-f]{32}$/,
    text: (s: string) => s.replace(/secret=\w+/g, 'secret=[Filtered]'),
    textSkip: new Set(['frames']),
  };

  it('keeps hex ids whole, scrubs text outside the skipped members, in one copy', () => {
    const input = {
      ctx: { trace_id: '4111111111111111aaaaaaaaaaaaaaaa', other: '4111111111111111' },
      crumbs: [{ url: '/a?secret=x' }, { note: 'fine' }],
      frames: [{ url: '/b?secret=y' }],
      top: '/c?secret=z',
    };
    const out = scrubSensitive(input, DEFAULT_SCRUB_POLICY, extras);
    expect(out).toEqual({
      ctx: { trace_id: '4111111111111111aaaaaaaaaaaaaaaa', other: FILTERED },
      crumbs: [{ url: '/a?secret=[Filtered]' }, { note: 'fine' }],
      frames: [{ url: '/b?secret=y' }],
      top: '/c?secret=[Filtered]',
    });
    expect(out.crumbs[1]).toBe(input.crumbs[1]); // unchanged parts are shared, not copied
    expect(out.frames).toBe(input.frames);
    expect(input.crumbs[0]!.url).toBe('/a?secret=x'); // never mutates
  });

  it('still hides any non-null value under a sensitive key, unless it is a kept id', () => {
    const out = scrubSensitive(
      { token: 5, session: true, password: null, trace_id: 'abc', api_key: '' },
      DEFAULT_SCRUB_POLICY,
      { ...extras, idKeys: new Set(['token']) },
    );
    expect(out).toEqual({
      token: FILTERED,
      session: FILTERED,
      password: null,
      trace_id: 'abc',
      api_key: '',
    });
  });

  it('answers the same for a key however often it is seen, per policy', () => {
    const custom = scrubPolicyFromSettings({ scrubbing: { safe_keys: ['session'] } });
    for (let i = 0; i < 3; i++) {
      expect(scrubSensitive({ session: 's' })).toEqual({ session: FILTERED });
      expect(scrubSensitive({ session: 's' }, custom)).toEqual({ session: 's' });
    }
    // More distinct keys than the cache holds: the answers stay right.
    const many = Object.fromEntries(
      Array.from({ length: 5000 }, (_, i) => [`k${i}${i % 7 ? '' : 'token'}`, 'v']),
    );
    const out = scrubSensitive(many);
    expect(out.k0token).toBe(FILTERED);
    expect(out.k1).toBe('v');
    expect(scrubSensitive({ k1: 'v', k7token: 'v' })).toEqual({ k1: 'v', k7token: FILTERED });
  });
});
