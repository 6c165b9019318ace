import { describe, expect, it } from 'vitest';
import { nearestCovered, type Days } from './log-records-writer.ts';

const days = (...list: string[]): Days => ({ list, set: new Set(list), at: 0 });

describe('nearestCovered', () => {
  const d = days('2026-12-01', '2026-12-02', '2026-12-05', '2026-12-06');

  it('moves a time before every covered day to the first one, after them to the last', () => {
    expect(nearestCovered('2026-11-20T10:00:00Z', d)).toBe('2026-12-01T00:00:00.000000Z');
    expect(nearestCovered('2027-01-01T10:00:00Z', d)).toBe('2026-12-06T23:59:59.999999Z');
  });

  it('moves a time in a gap to the nearer edge of the days around it', () => {
    expect(nearestCovered('2026-12-03T01:00:00Z', d)).toBe('2026-12-02T23:59:59.999999Z');
    expect(nearestCovered('2026-12-04T22:00:00.5Z', d)).toBe('2026-12-05T00:00:00.000000Z');
  });
});
