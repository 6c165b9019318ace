import { describe, expect, it } from 'vitest';
import { goSort, heapLess, selectK } from './go-order.ts';

describe('Go ordering as Prometheus 2.42 uses it', () => {
  it('topk keeps the k largest, largest first', () => {
    expect(selectK([3, 9, 1, 7], 2, true)).toEqual([1, 3]);
    expect(selectK([3, 9, 1, 7], 2, false)).toEqual([2, 0]);
    expect(selectK([3, 9], 5, true)).toEqual([1, 0]);
  });

  it('replaces a NaN root even by NaN, and a tie never (heap order decides)', () => {
    // k=1 replaces in place: the last NaN wins.
    expect(selectK([NaN, NaN, NaN], 1, true)).toEqual([2]);
    expect(selectK([NaN, 1, NaN], 1, true)).toEqual([1]);
    expect(selectK([1, 1, 1, 2], 3, true)).toEqual([3, 2, 1]);
  });

  it('sorts up to 12 elements by insertion sort (stable for ties)', () => {
    const a = [
      { v: 2, id: 'a' },
      { v: 1, id: 'b' },
      { v: 2, id: 'c' },
    ];
    goSort(a, (x, y) => x.v < y.v);
    expect(a.map((x) => x.id)).toEqual(['b', 'a', 'c']);
    const less = heapLess(false);
    const b = [NaN, 3, 1, NaN, 2];
    goSort(b, (x, y) => less(y, x));
    expect(b.slice(0, 3)).toEqual([1, 2, 3]);
  });
});
