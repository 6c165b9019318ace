import { describe, expect, it } from 'vitest';
import { LATENCY_BOUNDS_MS, LATENCY_BUCKET_COUNT, MAX_RELATIVE_ERROR } from './latency-buckets.ts';

describe('latency bucket boundaries', () => {
  it('run from 1 ms to past 60 s, four per doubling, one more bucket than boundaries', () => {
    expect(LATENCY_BOUNDS_MS[0]).toBe(1);
    expect(LATENCY_BOUNDS_MS.at(-1)).toBe(65_536);
    expect(LATENCY_BOUNDS_MS).toHaveLength(65);
    expect(LATENCY_BUCKET_COUNT).toBe(66);
    expect(LATENCY_BOUNDS_MS[4]).toBe(2);
    expect(LATENCY_BOUNDS_MS[40]).toBe(1024);
  });

  it('are strictly increasing with a constant ratio: the documented error bound', () => {
    for (let i = 1; i < LATENCY_BOUNDS_MS.length; i++) {
      const ratio = LATENCY_BOUNDS_MS[i]! / LATENCY_BOUNDS_MS[i - 1]!;
      expect(ratio).toBeCloseTo(1 + MAX_RELATIVE_ERROR, 12);
    }
    expect(MAX_RELATIVE_ERROR).toBeCloseTo(0.1892, 4);
  });

  it('are frozen (stored histograms depend on them)', () => {
    expect(Object.isFrozen(LATENCY_BOUNDS_MS)).toBe(true);
  });
});
