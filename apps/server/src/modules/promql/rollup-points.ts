// How rollup buckets become samples the engine can evaluate unchanged (README.md, "API and
// storage"). Pure: no I/O.

export type RollupValue = 'last' | 'max' | 'min' | 'sum' | 'avg' | 'increase';

/** Buckets of one series in time order: their starts (ms) and the planned value of each. */
export interface Buckets {
  starts: number[];
  values: number[];
  /** The newest bucket's last sample value (where a counter's increase continues from). */
  last: number;
}

/**
 * Aggregates raw samples (time order) into the complete buckets ending by `end`, exactly as the
 * rollup job does (metrics module, refreshRollupRange): NaN-ignoring min/max, sum, count, last,
 * and `increase` = the rise from each sample's predecessor (`prevLast` for the first one; a
 * drop is a counter reset, counting the new value).
 */
export function bucketize(
  ts: ArrayLike<number>,
  vs: ArrayLike<number>,
  bucketMs: number,
  value: RollupValue,
  prevLast: number,
  end: number,
): Buckets {
  const out: Buckets = { starts: [], values: [], last: prevLast };
  let prev = prevLast;
  let b = NaN;
  let n = 0;
  let sum = 0;
  let lo = NaN;
  let hi = NaN;
  let inc = 0;
  let last = NaN;
  const flush = () => {
    if (n === 0 || b + bucketMs > end) return;
    const v = { last, max: hi, min: lo, sum, avg: sum / n, increase: inc }[value];
    out.starts.push(b);
    out.values.push(v);
    out.last = last;
  };
  for (let i = 0; i < ts.length; i++) {
    const t = ts[i]!;
    const v = vs[i]!;
    const bucket = Math.floor(t / bucketMs) * bucketMs;
    if (bucket !== b) {
      flush();
      b = bucket;
      n = 0;
      sum = 0;
      lo = hi = NaN;
      inc = 0;
    }
    n++;
    sum += v;
    if (!Number.isNaN(v)) {
      lo = Number.isNaN(lo) ? v : Math.min(lo, v);
      hi = Number.isNaN(hi) ? v : Math.max(hi, v);
    }
    if (!Number.isNaN(prev)) inc += v >= prev ? v - prev : v;
    prev = v;
    last = v;
  }
  flush();
  return out;
}

/**
 * Samples standing for buckets. A bucket's value sits at its last instant (start + bucket - 1
 * ms), so a window [t - range, t] with t on a bucket boundary holds exactly the buckets inside
 * it and an instant selector at t sees the bucket that just ended. For `increase` the samples
 * form a synthetic counter: 0 at the first bucket's start, then the running sum of increases at
 * each bucket's end, so rate/increase over a boundary-aligned window is the sum of its buckets'
 * increases divided by the range, with no extrapolation (samples lie on the window's edges).
 */
export function bucketSamples(
  starts: ArrayLike<number>,
  values: ArrayLike<number>,
  bucketMs: number,
  value: RollupValue,
): { ts: Float64Array; vs: Float64Array } {
  if (value !== 'increase') {
    const ts = new Float64Array(starts.length);
    for (let i = 0; i < starts.length; i++) ts[i] = starts[i]! + bucketMs - 1;
    return { ts, vs: Float64Array.from(values) };
  }
  if (!starts.length) return { ts: new Float64Array(0), vs: new Float64Array(0) };
  const ts = new Float64Array(starts.length + 1);
  const vs = new Float64Array(starts.length + 1);
  ts[0] = starts[0]!;
  let sum = 0;
  for (let i = 0; i < starts.length; i++) {
    sum += values[i]!;
    ts[i + 1] = starts[i]! + bucketMs;
    vs[i + 1] = sum;
  }
  return { ts, vs };
}
