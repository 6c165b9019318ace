import { describe, expect, it } from 'vitest';
import {
  clampWidth,
  compareSortValues,
  formatSortParam,
  nextRowIndex,
  nextSort,
  parseColumnList,
  parseSortParam,
  sortRows,
  toggleHiddenColumn,
} from './sort.ts';

describe('compareSortValues', () => {
  it('orders numbers, dates, booleans and strings naturally', () => {
    expect(compareSortValues(2, 10)).toBeLessThan(0);
    expect(compareSortValues(new Date(2), new Date(1))).toBeGreaterThan(0);
    expect(compareSortValues(false, true)).toBeLessThan(0);
    expect(compareSortValues('host-2', 'host-10')).toBeLessThan(0);
    expect(compareSortValues('Alpha', 'alpha')).toBe(0);
    expect(compareSortValues(null, 'a')).toBeGreaterThan(0);
    expect(compareSortValues(Number.NaN, 1)).toBeGreaterThan(0);
  });
});

describe('sortRows', () => {
  const rows = [
    { id: 'a', n: 3 },
    { id: 'b', n: null },
    { id: 'c', n: 1 },
    { id: 'd', n: 3 },
    { id: 'e', n: 2 },
  ];
  it('sorts ascending and descending, stable, missing values last both ways', () => {
    expect(sortRows(rows, (r) => r.n, 'asc').map((r) => r.id)).toEqual(['c', 'e', 'a', 'd', 'b']);
    expect(sortRows(rows, (r) => r.n, 'desc').map((r) => r.id)).toEqual(['a', 'd', 'e', 'c', 'b']);
  });
  it('does not mutate its input', () => {
    const copy = [...rows];
    sortRows(rows, (r) => r.n, 'desc');
    expect(rows).toEqual(copy);
  });
  it('sorts 100k rows quickly', () => {
    const many = Array.from({ length: 100_000 }, (_, i) => ({
      v: (i * 7919) % 100_003,
      s: `svc-${i % 97}`,
    }));
    const start = performance.now();
    const byNumber = sortRows(many, (r) => r.v, 'asc');
    const byString = sortRows(many, (r) => r.s, 'desc');
    const elapsed = performance.now() - start;
    expect(byNumber[0]?.v).toBe(0);
    expect(byString[0]?.s).toBe('svc-96');
    // Generous bound for a 2-vCPU CI machine; catches accidental O(n^2) or per-compare key reads.
    expect(elapsed).toBeLessThan(3000);
  });
});

describe('sort state', () => {
  it('cycles asc -> desc -> none, and restarts on another column', () => {
    const a = nextSort(null, 'time');
    expect(a).toEqual({ columnId: 'time', direction: 'asc' });
    const b = nextSort(a, 'time');
    expect(b).toEqual({ columnId: 'time', direction: 'desc' });
    expect(nextSort(b, 'time')).toBeNull();
    expect(nextSort(b, 'level')).toEqual({ columnId: 'level', direction: 'asc' });
  });
  it('round-trips through a URL parameter', () => {
    expect(formatSortParam({ columnId: 'time', direction: 'desc' })).toBe('-time');
    expect(parseSortParam('-time', ['time'])).toEqual({ columnId: 'time', direction: 'desc' });
    expect(parseSortParam('level', ['time'])).toBeNull();
    expect(parseSortParam(null, ['time'])).toBeNull();
  });
});

describe('column state', () => {
  const all = ['time', 'level', 'message'];
  it('toggles hidden columns but keeps one visible', () => {
    expect(toggleHiddenColumn([], 'level', all)).toEqual(['level']);
    expect(toggleHiddenColumn(['level'], 'level', all)).toEqual([]);
    expect(toggleHiddenColumn(['level', 'message'], 'time', all)).toEqual(['level', 'message']);
  });
  it('parses column lists defensively', () => {
    expect(parseColumnList('level,bogus,level,message', all)).toEqual(['level', 'message']);
    expect(parseColumnList('', all)).toEqual([]);
  });
  it('clamps widths', () => {
    expect(clampWidth(10)).toBe(48);
    expect(clampWidth(5000)).toBe(1200);
    expect(clampWidth(120.6)).toBe(121);
  });
});

describe('nextRowIndex', () => {
  it('moves within bounds', () => {
    expect(nextRowIndex('ArrowDown', -1, 10, 5)).toBe(0);
    expect(nextRowIndex('ArrowDown', 9, 10, 5)).toBe(9);
    expect(nextRowIndex('ArrowUp', 0, 10, 5)).toBe(0);
    expect(nextRowIndex('PageDown', 2, 10, 5)).toBe(7);
    expect(nextRowIndex('PageUp', 2, 10, 5)).toBe(0);
    expect(nextRowIndex('End', 2, 10, 5)).toBe(9);
    expect(nextRowIndex('Home', 2, 10, 5)).toBe(0);
    expect(nextRowIndex('x', 2, 10, 5)).toBeNull();
    expect(nextRowIndex('ArrowDown', 0, 0, 5)).toBeNull();
  });
});
