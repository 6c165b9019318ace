import { describe, expect, it } from 'vitest';
import { memoized } from './memoized.ts';

describe('memoized', () => {
  it('computes each key once and answers repeats from the memo', () => {
    let calls = 0;
    const f = memoized((k) => {
      calls++;
      return k.toUpperCase();
    });
    expect([f('a'), f('b'), f('a'), f('a')]).toEqual(['A', 'B', 'A', 'A']);
    expect(calls).toBe(2);
  });

  it('stays bounded: it empties when full and never keeps keys over 1 KB', () => {
    let calls = 0;
    const f = memoized((k) => {
      calls++;
      return k;
    }, 3);
    for (const k of ['a', 'b', 'c']) f(k);
    f('d'); // full: emptied, then holds d
    f('a');
    expect(calls).toBe(5);
    const long = 'x'.repeat(1025);
    f(long);
    f(long);
    expect(calls).toBe(7);
  });
});
