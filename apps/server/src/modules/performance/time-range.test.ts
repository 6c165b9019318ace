import { describe, expect, it } from 'vitest';
import {
  alignRange,
  autoInterval,
  LEVEL_MS,
  parseTimeExpression,
  resolveRange,
  splitRange,
} from './time-range.ts';

const NOW = Date.parse('2026-03-10T12:34:56.789Z');
const M = 60_000;
const H = 60 * M;

describe('parseTimeExpression', () => {
  it.each([
    ['now', NOW],
    ['now-15m', NOW - 15 * M],
    ['now-24h', NOW - 24 * H],
    ['now+1h', NOW + H],
    ['now-7d', NOW - 7 * 24 * H],
    ['now-2w', NOW - 14 * 24 * H],
    ['now-30s', NOW - 30_000],
    ['2026-03-01T10:00:00Z', Date.parse('2026-03-01T10:00:00Z')],
    ['2026-03-01T10:00:00.123+02:00', Date.parse('2026-03-01T08:00:00.123Z')],
    ['1772000000000', 1772000000000],
  ])('%s', (text, ms) => expect(parseTimeExpression(text, NOW)).toBe(ms));

  it.each([
    '',
    'yesterday',
    'now-',
    'now-5',
    'now-5y',
    'now - 5m',
    '2026-13-45T99:00:00Z',
    '12',
    'NaN',
  ])('refuses %j', (text) => expect(parseTimeExpression(text, NOW)).toBeNull());
});

describe('resolveRange', () => {
  it('defaults to the 24 hours before to', () => {
    expect(resolveRange(undefined, undefined, NOW)).toEqual({ fromMs: NOW - 24 * H, toMs: NOW });
    expect(resolveRange(undefined, 'now-1h', NOW)).toEqual({ fromMs: NOW - 25 * H, toMs: NOW - H });
  });
  it('refuses from >= to, a range over 90 days and garbage', () => {
    expect(() => resolveRange('now', 'now-1h', NOW)).toThrow(/before/);
    expect(() => resolveRange('now', 'now', NOW)).toThrow(/before/);
    expect(() => resolveRange('now-91d', undefined, NOW)).toThrow(/90 days/);
    expect(() => resolveRange('x', undefined, NOW)).toThrow(/`from`/);
    expect(() => resolveRange(undefined, '99999999999999', NOW)).not.toThrow();
  });
});

describe('splitRange', () => {
  const tiles = (fromMs: number, toMs: number) => {
    const parts = splitRange({ fromMs, toMs });
    // Contiguous, in order, each aligned to its own level.
    let at = fromMs;
    for (const p of parts) {
      expect(p.fromMs).toBe(at);
      expect(p.fromMs % LEVEL_MS[p.level]).toBe(0);
      expect(p.toMs % LEVEL_MS[p.level]).toBe(0);
      at = p.toMs;
    }
    expect(at).toBe(toMs);
    return parts.map((p) => [p.level, (p.toMs - p.fromMs) / M]);
  };
  const h0 = Date.parse('2026-03-10T00:00:00Z');

  it('uses whole hours, then 5-minute buckets, then minutes at the edges', () => {
    expect(tiles(h0 + 3 * M, h0 + 2 * H + 12 * M)).toEqual([
      ['1m', 2],
      ['5m', 55],
      ['1h', 60],
      ['5m', 10],
      ['1m', 2],
    ]);
    expect(tiles(h0, h0 + 24 * H)).toEqual([['1h', 24 * 60]]);
    expect(tiles(h0 + 5 * M, h0 + 15 * M)).toEqual([['5m', 10]]);
    expect(tiles(h0 + M, h0 + 4 * M)).toEqual([['1m', 3]]);
    expect(tiles(h0 + 59 * M, h0 + 61 * M)).toEqual([['1m', 2]]);
  });

  it('tiles arbitrary minute-aligned ranges exactly', () => {
    for (let i = 0; i < 200; i++) {
      const a = h0 + Math.floor(Math.random() * 3000) * M;
      const b = a + (1 + Math.floor(Math.random() * 3000)) * M;
      tiles(a, b);
    }
  });
});

describe('alignRange and autoInterval', () => {
  it('rounds out to whole steps', () => {
    const r = alignRange({ fromMs: 90_500, toMs: 150_001 }, M);
    expect(r).toEqual({ fromMs: M, toMs: 3 * M });
  });
  it('picks 1m up to 6 hours, 5m up to 3 days, else 1h', () => {
    expect(autoInterval({ fromMs: 0, toMs: 6 * H })).toBe('1m');
    expect(autoInterval({ fromMs: 0, toMs: 6 * H + 1 })).toBe('5m');
    expect(autoInterval({ fromMs: 0, toMs: 72 * H })).toBe('5m');
    expect(autoInterval({ fromMs: 0, toMs: 90 * 24 * H })).toBe('1h');
  });
});
