// Single-pass aggregations (sum, avg, count, group, min, max, stddev, stdvar) accumulated
// series by series into per-step arrays. Each step sees its values in series order, so the
// arithmetic is exactly Prometheus' (its per-step loop adds them in the same order).
import type { StepSeries } from './series.ts';

export const STREAMING_AGGREGATIONS = new Set([
  'sum',
  'avg',
  'count',
  'group',
  'min',
  'max',
  'stddev',
  'stdvar',
]);

const isInf = (v: number) => v === Infinity || v === -Infinity;

/** Aggregates `members` into `out` (whose has/vals are filled for steps with any value). */
export function streamAggregate(op: string, members: StepSeries[], out: StepSeries): void {
  const n = out.vals.length;
  const val = out.vals;
  const cnt = new Float64Array(n);
  const mean = op === 'avg' || op === 'stddev' || op === 'stdvar' ? new Float64Array(n) : undefined;
  for (const s of members) {
    const has = s.has;
    const vs = s.vals;
    for (let i = 0; i < n; i++) {
      if (!has[i]) continue;
      const v = vs[i]!;
      const c = ++cnt[i]!;
      if (c === 1) {
        val[i] = op === 'count' || op === 'group' ? 1 : op === 'stddev' || op === 'stdvar' ? 0 : v;
        if (mean) mean[i] = v;
        continue;
      }
      switch (op) {
        case 'sum':
          val[i] = val[i]! + v;
          break;
        case 'count':
          val[i] = c;
          break;
        case 'max':
          if (val[i]! < v || Number.isNaN(val[i]!)) val[i] = v;
          break;
        case 'min':
          if (val[i]! > v || Number.isNaN(val[i]!)) val[i] = v;
          break;
        case 'avg': {
          const m = mean![i]!;
          if (isInf(m)) {
            if (isInf(v) && m > 0 === v > 0) break;
            if (Number.isFinite(v)) break;
          }
          mean![i] = m + (v / c - m / c);
          break;
        }
        case 'stddev':
        case 'stdvar': {
          const delta = v - mean![i]!;
          const m = mean![i]! + delta / c;
          mean![i] = m;
          val[i] = val[i]! + delta * (v - m);
          break;
        }
      }
    }
  }
  for (let i = 0; i < n; i++) {
    if (cnt[i] === 0) continue;
    out.has[i] = 1;
    if (op === 'avg') val[i] = mean![i]!;
    else if (op === 'stdvar') val[i] = val[i]! / cnt[i]!;
    else if (op === 'stddev') val[i] = Math.sqrt(val[i]! / cnt[i]!);
  }
}
