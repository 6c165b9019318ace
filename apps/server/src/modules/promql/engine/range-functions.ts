// Functions over a range of samples (Prometheus' functions.go, matrix argument).
import { PromQLError } from '../types.ts';
import { quantile } from './quantile.ts';
import { lowerBound } from './series.ts';

/** One window of one series: samples [lo, hi) of ts/vs, the window bounds and step time (ms). */
export interface Window {
  ts: Float64Array;
  vs: Float64Array;
  lo: number;
  hi: number;
  /** Indexes i of the whole series where vs[i] < vs[i - 1] (built on first use by rate). */
  resets: Uint32Array | undefined;
  rangeStart: number;
  rangeEnd: number;
  /** The selector's range in ms. */
  range: number;
  /** The step's evaluation time, not moved by @/offset (predict_linear's intercept time). */
  evalTime: number;
  /** Scalar argument at this step (quantile_over_time's φ, predict_linear's t, ...). */
  param: number;
  param2: number;
}

export type RangeFunction = (w: Window) => number | undefined;

/** Kahan-Babuška summation step, as Prometheus' kahanSumInc. */
function kahanInc(inc: number, sum: number, c: number): [number, number] {
  const t = sum + inc;
  if (Number.isFinite(t)) {
    if (Math.abs(sum) >= Math.abs(inc)) c += sum - t + inc;
    else c += inc - t + sum;
  }
  return [t, c];
}

function resetIndexes(vs: Float64Array): Uint32Array {
  const out: number[] = [];
  for (let i = 1; i < vs.length; i++) if (vs[i]! < vs[i - 1]!) out.push(i);
  return Uint32Array.from(out);
}

/** Prometheus' extrapolatedRate: delta over the window extrapolated towards its bounds. */
function extrapolatedRate(w: Window, isCounter: boolean, isRate: boolean): number | undefined {
  const { ts, vs, lo, hi } = w;
  if (hi - lo < 2) return undefined;
  const first = vs[lo]!;
  const last = vs[hi - 1]!;
  let result = last - first;
  if (isCounter) {
    w.resets ??= resetIndexes(vs);
    // Same additions in the same order as Prometheus, visiting only the drops in the window.
    const r = w.resets;
    for (let k = lowerBound(r, lo + 1); k < r.length && r[k]! < hi; k++) result += vs[r[k]! - 1]!;
  }
  let durationToStart = (ts[lo]! - w.rangeStart) / 1000;
  const durationToEnd = (w.rangeEnd - ts[hi - 1]!) / 1000;
  const sampledInterval = (ts[hi - 1]! - ts[lo]!) / 1000;
  const avgBetween = sampledInterval / (hi - lo - 1);
  if (isCounter && result > 0 && first >= 0) {
    const durationToZero = sampledInterval * (first / result);
    if (durationToZero < durationToStart) durationToStart = durationToZero;
  }
  const threshold = avgBetween * 1.1;
  let extrapolateTo = sampledInterval;
  extrapolateTo += durationToStart < threshold ? durationToStart : avgBetween / 2;
  extrapolateTo += durationToEnd < threshold ? durationToEnd : avgBetween / 2;
  let factor = extrapolateTo / sampledInterval;
  if (isRate) factor /= w.range / 1000;
  return result * factor;
}

function instantValue(w: Window, isRate: boolean): number | undefined {
  const { ts, vs, hi } = w;
  if (hi - w.lo < 2) return undefined;
  const last = vs[hi - 1]!;
  const prev = vs[hi - 2]!;
  let result = isRate && last < prev ? last : last - prev;
  const interval = ts[hi - 1]! - ts[hi - 2]!;
  if (interval === 0) return undefined;
  if (isRate) result /= interval / 1000;
  return result;
}

/** Least squares over the window with x relative to `interceptTime` (s); [slope, intercept]. */
function linearRegression(w: Window, interceptTime: number): [number, number] {
  const { ts, vs, lo, hi } = w;
  let n = 0;
  let sumX = 0,
    cX = 0,
    sumY = 0,
    cY = 0,
    sumXY = 0,
    cXY = 0,
    sumX2 = 0,
    cX2 = 0;
  const initY = vs[lo]!;
  let constY = true;
  for (let i = lo; i < hi; i++) {
    const v = vs[i]!;
    if (constY && i > lo && v !== initY) constY = false;
    n++;
    const x = (ts[i]! - interceptTime) / 1000;
    [sumX, cX] = kahanInc(x, sumX, cX);
    [sumY, cY] = kahanInc(v, sumY, cY);
    [sumXY, cXY] = kahanInc(x * v, sumXY, cXY);
    [sumX2, cX2] = kahanInc(x * x, sumX2, cX2);
  }
  if (constY) {
    if (!Number.isFinite(initY) && !Number.isNaN(initY)) return [NaN, NaN];
    return [0, initY];
  }
  sumX += cX;
  sumY += cY;
  sumXY += cXY;
  sumX2 += cX2;
  const covXY = sumXY - (sumX * sumY) / n;
  const varX = sumX2 - (sumX * sumX) / n;
  const slope = covXY / varX;
  return [slope, sumY / n - (slope * sumX) / n];
}

function values(w: Window): number[] {
  const out: number[] = [];
  for (let i = w.lo; i < w.hi; i++) out.push(w.vs[i]!);
  return out;
}

function variance(w: Window): number {
  let count = 0,
    mean = 0,
    cMean = 0,
    aux = 0,
    cAux = 0;
  for (let i = w.lo; i < w.hi; i++) {
    const v = w.vs[i]!;
    count++;
    const delta = v - (mean + cMean);
    [mean, cMean] = kahanInc(delta / count, mean, cMean);
    [aux, cAux] = kahanInc(delta * (v - (mean + cMean)), aux, cAux);
  }
  return (aux + cAux) / count;
}

const nonEmpty =
  (f: RangeFunction): RangeFunction =>
  (w) =>
    w.hi > w.lo ? f(w) : undefined;

export const RANGE_FUNCTIONS: Record<string, RangeFunction> = {
  rate: (w) => extrapolatedRate(w, true, true),
  increase: (w) => extrapolatedRate(w, true, false),
  delta: (w) => extrapolatedRate(w, false, false),
  irate: (w) => instantValue(w, true),
  idelta: (w) => instantValue(w, false),
  deriv: (w) => (w.hi - w.lo < 2 ? undefined : linearRegression(w, w.ts[w.lo]!)[0]),
  predict_linear: (w) => {
    if (w.hi - w.lo < 2) return undefined;
    const [slope, intercept] = linearRegression(w, w.evalTime);
    return slope * w.param + intercept;
  },
  resets: nonEmpty((w) => {
    let n = 0;
    for (let i = w.lo + 1; i < w.hi; i++) if (w.vs[i]! < w.vs[i - 1]!) n++;
    return n;
  }),
  changes: nonEmpty((w) => {
    let n = 0;
    for (let i = w.lo + 1; i < w.hi; i++) {
      const cur = w.vs[i]!;
      const prev = w.vs[i - 1]!;
      if (cur !== prev && !(Number.isNaN(cur) && Number.isNaN(prev))) n++;
    }
    return n;
  }),
  avg_over_time: nonEmpty((w) => {
    let mean = 0,
      count = 0,
      c = 0;
    for (let i = w.lo; i < w.hi; i++) {
      const v = w.vs[i]!;
      count++;
      if (!Number.isFinite(mean) && !Number.isNaN(mean)) {
        if (!Number.isFinite(v) && !Number.isNaN(v) && mean > 0 === v > 0) continue;
        if (Number.isFinite(v)) continue;
      }
      [mean, c] = kahanInc(v / count - mean / count, mean, c);
    }
    return !Number.isFinite(mean) && !Number.isNaN(mean) ? mean : mean + c;
  }),
  sum_over_time: nonEmpty((w) => {
    let sum = 0,
      c = 0;
    for (let i = w.lo; i < w.hi; i++) [sum, c] = kahanInc(w.vs[i]!, sum, c);
    return !Number.isFinite(sum) && !Number.isNaN(sum) ? sum : sum + c;
  }),
  count_over_time: nonEmpty((w) => w.hi - w.lo),
  last_over_time: nonEmpty((w) => w.vs[w.hi - 1]!),
  present_over_time: nonEmpty(() => 1),
  max_over_time: nonEmpty((w) => {
    let max = w.vs[w.lo]!;
    for (let i = w.lo; i < w.hi; i++) {
      const v = w.vs[i]!;
      if (v > max || Number.isNaN(max)) max = v;
    }
    return max;
  }),
  min_over_time: nonEmpty((w) => {
    let min = w.vs[w.lo]!;
    for (let i = w.lo; i < w.hi; i++) {
      const v = w.vs[i]!;
      if (v < min || Number.isNaN(min)) min = v;
    }
    return min;
  }),
  quantile_over_time: nonEmpty((w) => quantile(w.param, values(w))),
  stddev_over_time: nonEmpty((w) => Math.sqrt(variance(w))),
  stdvar_over_time: nonEmpty((w) => variance(w)),
  holt_winters: (w) => {
    const sf = w.param;
    const tf = w.param2;
    if (w.hi === w.lo) return undefined;
    if (sf <= 0 || sf >= 1)
      throw new PromQLError(
        'execution',
        `invalid smoothing factor. Expected: 0 < sf < 1, got: ${sf}`,
      );
    if (tf <= 0 || tf >= 1)
      throw new PromQLError('execution', `invalid trend factor. Expected: 0 < tf < 1, got: ${tf}`);
    const l = w.hi - w.lo;
    if (l < 2) return undefined;
    let s0 = 0;
    let s1 = w.vs[w.lo]!;
    let b = w.vs[w.lo + 1]! - w.vs[w.lo]!;
    for (let i = 1; i < l; i++) {
      const x = sf * w.vs[w.lo + i]!;
      if (i > 1) b = tf * (s1 - s0) + (1 - tf) * b;
      const y = (1 - sf) * (s1 + b);
      s0 = s1;
      s1 = x + y;
    }
    return s1;
  },
};
