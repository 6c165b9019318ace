import { describe, expect, it } from 'vitest';
import {
  axisTicks,
  barGeometry,
  initiallyCollapsed,
  toRows,
  visibleRows,
} from './waterfall-model.ts';

const span = (span_id: string, depth: number, offset_ms = 0, duration_ms = 10) => ({
  span_id,
  depth,
  offset_ms,
  duration_ms,
});

// root ─ a ─ a1
//      └ b
// orphan
const spans = [span('root', 0), span('a', 1), span('a1', 2), span('b', 1), span('orphan', 0)];

describe('waterfall model', () => {
  it('finds parents and children from depth-first order', () => {
    const rows = toRows(spans);
    expect(rows.map((r) => r.parentIndex)).toEqual([-1, 0, 1, 0, -1]);
    expect(rows.map((r) => r.hasChildren)).toEqual([true, true, false, false, false]);
  });

  it('hides the descendants of collapsed spans only', () => {
    const rows = toRows(spans);
    const ids = (c: string[]) => visibleRows(rows, new Set(c)).map((r) => r.span.span_id);
    expect(ids([])).toEqual(['root', 'a', 'a1', 'b', 'orphan']);
    expect(ids(['a'])).toEqual(['root', 'a', 'b', 'orphan']);
    expect(ids(['root'])).toEqual(['root', 'orphan']);
    expect(ids(['b', 'a1'])).toEqual(['root', 'a', 'a1', 'b', 'orphan']);
  });

  it('opens huge traces collapsed below their first level', () => {
    const rows = toRows(spans);
    expect(initiallyCollapsed(rows)).toEqual(new Set());
    expect(initiallyCollapsed(rows, 4)).toEqual(new Set(['a']));
    expect(visibleRows(rows, initiallyCollapsed(rows, 4)).map((r) => r.span.span_id)).toEqual([
      'root',
      'a',
      'b',
      'orphan',
    ]);
  });

  it('places bars inside the axis, with a visible sliver for instant spans', () => {
    expect(barGeometry(25, 50, 100)).toEqual({ left: 25, width: 50 });
    expect(barGeometry(100, 0, 100).width).toBeGreaterThan(0);
    const g = barGeometry(100, 0, 100);
    expect(g.left + g.width).toBeLessThanOrEqual(100);
    expect(barGeometry(0, 0, 0)).toEqual({ left: 0, width: 0.2 });
  });

  it('picks round ticks', () => {
    expect(axisTicks(100)).toEqual([0, 20, 40, 60, 80, 100]);
    expect(axisTicks(1234)).toEqual([0, 250, 500, 750, 1000, 1250].filter((t) => t <= 1234));
    expect(axisTicks(0)).toEqual([0]);
  });
});
