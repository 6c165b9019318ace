import { describe, expect, it } from 'vitest';
import { bucketize, bucketSamples } from './rollup-points.ts';

const B = 300_000;
const ts = [0, 60_000, 120_000, 240_000, 300_000, 360_000, 600_000];
const vs = [5, 7, NaN, 9, 2, 4, 6];

describe('rollup points', () => {
  it('aggregates raw samples into the complete buckets, as the rollup job does', () => {
    const at = (value: Parameters<typeof bucketize>[3]) => bucketize(ts, vs, B, value, 3, 600_000);
    // Buckets [0, 5m) and [5m, 10m); the one at 10m is not complete by `end`.
    expect(at('max')).toEqual({ starts: [0, B], values: [9, 4], last: 4 });
    expect(at('min').values).toEqual([5, 2]);
    expect(at('last').values[1]).toBe(4);
    expect(at('sum').values[1]).toBe(6);
    expect(at('avg').values[1]).toBe(3);
    expect(Number.isNaN(at('sum').values[0])).toBe(true);
    // Rises from the previous sample (3 before the first); a drop counts the new value.
    const inc = bucketize([0, 60_000, 300_000, 360_000], [5, 7, 2, 4], B, 'increase', 3, 600_000);
    expect(inc.values).toEqual([2 + 2, 2 + 2]);
  });

  it('places bucket values on their last instant, and counters as a running sum', () => {
    expect(bucketSamples([0, B], [1, 2], B, 'max')).toEqual({
      ts: Float64Array.from([B - 1, 2 * B - 1]),
      vs: Float64Array.from([1, 2]),
    });
    expect(bucketSamples([0, 2 * B], [4, 6], B, 'increase')).toEqual({
      ts: Float64Array.from([0, B, 3 * B]),
      vs: Float64Array.from([0, 4, 10]),
    });
    expect(bucketSamples([], [], B, 'increase').ts.length).toBe(0);
  });
});
