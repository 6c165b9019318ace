import type { Segment, StatsRow } from './repository.ts';
import { alignRange, LEVEL_MS, resolveRange, splitRange, type Range } from './time-range.ts';

/** Shared by the read use cases: the effective range and the figures derived from totals. */

export interface ResolvedRange {
  range: Range;
  segments: Segment[];
  from: string;
  to: string;
}

/** The requested range rounded out to whole minutes, and the rollup rows that tile it. */
export function resolveSummaryRange(
  from: string | undefined,
  to: string | undefined,
): ResolvedRange {
  const range = alignRange(resolveRange(from, to), LEVEL_MS['1m']);
  return {
    range,
    segments: splitRange(range).map((p) => ({
      level: p.level,
      from: new Date(p.fromMs),
      to: new Date(p.toMs),
    })),
    from: new Date(range.fromMs).toISOString(),
    to: new Date(range.toMs).toISOString(),
  };
}

export interface Figures {
  requests: number;
  errors: number;
  errorRate: number;
  throughput: number;
  p50: number | null;
  p95: number | null;
  p99: number | null;
}

/** Totals with the error rate in percent and throughput in requests per second over seconds. */
export function figures(row: StatsRow, seconds: number): Figures {
  return {
    requests: row.requests,
    errors: row.errors,
    errorRate: row.requests > 0 ? (row.errors * 100) / row.requests : 0,
    throughput: row.requests / seconds,
    p50: row.p50,
    p95: row.p95,
    p99: row.p99,
  };
}

export const meanOf = (row: StatsRow): number | null =>
  row.latency_sum === null || row.requests === 0 ? null : row.latency_sum / row.requests;

export const secondsOf = (r: Range) => (r.toMs - r.fromMs) / 1000;
