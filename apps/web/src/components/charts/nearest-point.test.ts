import { describe, expect, it } from 'vitest';
import { isSortedAscending, nearestSortedIndices } from './nearest-point.ts';

const lookup = (xs: number[], v: number) => nearestSortedIndices(xs.length, (i) => xs[i]!, v);

describe('nearest point for the axis tooltip', () => {
  it('finds the nearest value, ties to the left, equal values all returned', () => {
    const xs = [10, 20, 20, 30, 40];
    expect(lookup(xs, 5)).toEqual([0]);
    expect(lookup(xs, 14)).toEqual([0]);
    expect(lookup(xs, 15)).toEqual([0]); // halfway: the point at or before the pointer
    expect(lookup(xs, 16)).toEqual([1, 2]);
    expect(lookup(xs, 34)).toEqual([3]);
    expect(lookup(xs, 99)).toEqual([4]);
    expect(lookup([], 1)).toEqual([]);
    expect(lookup(xs, NaN)).toEqual([]);
  });

  it('matches a linear scan on random sorted data', () => {
    let seed = 7;
    const rnd = () => ((seed = (seed * 16807) % 2147483647) / 2147483647) * 1000;
    const xs = Array.from({ length: 300 }, () => Math.round(rnd())).sort((a, b) => a - b);
    for (let k = 0; k < 200; k++) {
      const v = rnd();
      const best = Math.min(...xs.map((x) => Math.abs(x - v)));
      const got = lookup(xs, v);
      expect(Math.abs(xs[got[0]!]! - v)).toBe(best);
      expect(got.every((i) => xs[i] === xs[got[0]!])).toBe(true);
    }
  });

  it('tells sorted from unsorted data', () => {
    expect(isSortedAscending(3, (i) => [1, 2, 2][i]!)).toBe(true);
    expect(isSortedAscending(3, (i) => [1, 3, 2][i]!)).toBe(false);
    expect(isSortedAscending(2, (i) => [1, NaN][i]!)).toBe(false);
  });
});
