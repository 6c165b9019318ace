/**
 * Histogram shapes for Prometheus' classic form. Pure.
 *
 * Exponential histograms become classic buckets at a scale of at most 3 (bounds 2^(k/8), about 9%
 * apart): buckets of a finer scale are merged, so the `le` values stay the same when an SDK
 * rescales its histogram as the range of values grows, and series counts stay bounded.
 * Negative buckets get negative upper bounds, the zero bucket `le` = zero_threshold.
 */

/** One bucket: its upper bound and the count in it alone (not cumulative). */
export interface Bucket {
  le: number;
  count: number;
}

/** Prometheus' `le` text: shortest decimal, `+Inf`. */
export function leText(le: number): string {
  if (le === Infinity) return '+Inf';
  if (le === -Infinity) return '-Inf';
  return String(le);
}

/** `_bucket` series with cumulative counts (+Inf = count), then `_sum` (when known) and `_count`. */
export function histogramParts(
  name: string,
  buckets: Bucket[],
  count: number,
  sum: number | null,
): { name: string; le?: string; value: number }[] {
  const out: { name: string; le?: string; value: number }[] = [];
  let acc = 0;
  for (const b of buckets) {
    acc += b.count;
    out.push({ name: `${name}_bucket`, le: leText(b.le), value: acc });
  }
  out.push({ name: `${name}_bucket`, le: '+Inf', value: count });
  if (sum !== null) out.push({ name: `${name}_sum`, value: sum });
  out.push({ name: `${name}_count`, value: count });
  return out;
}

export interface ExpHistogram {
  scale: number;
  zeroCount: number;
  zeroThreshold: number;
  positive: { offset: number; counts: number[] };
  negative: { offset: number; counts: number[] };
}

const MAX_SCALE = 3;
const MAX_BUCKETS = 4096;

function merged(
  side: { offset: number; counts: number[] },
  shift: number,
): Map<number, number> | string {
  if (side.counts.length > MAX_BUCKETS) return `more than ${MAX_BUCKETS} buckets`;
  if (!Number.isInteger(side.offset)) return 'bucket offset is not an integer';
  const out = new Map<number, number>();
  side.counts.forEach((n, i) => {
    if (!n) return;
    const idx = Math.floor((side.offset + i) / 2 ** shift);
    out.set(idx, (out.get(idx) ?? 0) + n);
  });
  return out;
}

/** An exponential histogram as classic buckets, ascending by bound; an error for bad input. */
export function expHistogramBuckets(h: ExpHistogram): Bucket[] | string {
  if (!Number.isInteger(h.scale) || h.scale < -10 || h.scale > 20)
    return `invalid scale ${h.scale}`;
  const scale = Math.min(h.scale, MAX_SCALE);
  const shift = h.scale - scale;
  const pos = merged(h.positive, shift);
  const neg = merged(h.negative, shift);
  if (typeof pos === 'string') return pos;
  if (typeof neg === 'string') return neg;
  const bound = (idx: number) => 2 ** (idx * 2 ** -scale);
  const out: Bucket[] = [];
  // A negative bucket idx holds values in [-(base^(idx+1)), -(base^idx)).
  for (const idx of [...neg.keys()].sort((a, b) => b - a))
    out.push({ le: -bound(idx), count: neg.get(idx)! });
  out.push({ le: Math.max(0, h.zeroThreshold || 0), count: h.zeroCount || 0 });
  for (const idx of [...pos.keys()].sort((a, b) => a - b))
    out.push({ le: bound(idx + 1), count: pos.get(idx)! });
  return out;
}
