import { describe, expect, it } from 'vitest';
import type { SpanRecord } from './repository.ts';
import { buildWaterfall } from './waterfall.ts';

function span(id: string, parent: string | null, startMs: number): SpanRecord {
  return {
    span_id: id,
    parent_span_id: parent,
    name: id,
    kind: 'internal',
    service: 's',
    environment: null,
    start_time: new Date(startMs).toISOString(),
    end_time: new Date(startMs + 1).toISOString(),
    start_ms: startMs,
    duration_ms: 1,
    status: 'unset',
    status_message: null,
    status_code: null,
    method: null,
    route: null,
    attributes: {},
    resource: {},
    events: null,
    links: null,
  };
}

describe('buildWaterfall', () => {
  it('orders depth-first with siblings by start time', () => {
    const out = buildWaterfall([
      span('c2', 'r', 1030),
      span('g1', 'c1', 1015),
      span('r', null, 1000),
      span('c1', 'r', 1010),
    ]);
    expect(out.map((s) => [s.span_id, s.depth, s.offset_ms])).toEqual([
      ['r', 0, 0],
      ['c1', 1, 10],
      ['g1', 2, 15],
      ['c2', 1, 30],
    ]);
  });

  it('shows spans whose parent is missing as orphan roots, and survives parent cycles', () => {
    const out = buildWaterfall([
      span('r', null, 1000),
      span('x', 'missing', 1005),
      span('a', 'b', 1010),
      span('b', 'a', 1020),
    ]);
    expect(out.map((s) => [s.span_id, s.depth, s.orphan])).toEqual([
      ['r', 0, false],
      ['x', 0, true],
      ['a', 0, true],
      ['b', 0, true],
    ]);
  });
});
