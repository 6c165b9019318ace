// Value representations shared by the evaluator's parts.
import type { Labels } from '../types.ts';
import { PromQLError } from '../types.ts';
import { labelsKey } from './labels.ts';

/** The evaluation steps: start + i * interval for i in [0, n). Times in ms. */
export interface Grid {
  start: number;
  interval: number;
  n: number;
}

export const gridTime = (g: Grid, i: number): number => g.start + i * g.interval;
export const gridEnd = (g: Grid): number => g.start + (g.n - 1) * g.interval;

/** Raw samples of one series in time order. */
export interface SampleSeries {
  labels: Labels;
  ts: Float64Array;
  vs: Float64Array;
}

/** An instant vector evaluated at every step of a grid: value and presence per step. */
export interface StepSeries {
  labels: Labels;
  vals: Float64Array;
  has: Uint8Array;
}

export type Value =
  | { kind: 'scalar'; vals: Float64Array }
  | { kind: 'string'; value: string }
  | { kind: 'vector'; series: StepSeries[] }
  | { kind: 'matrix'; series: SampleSeries[] };

export type VectorValue = Extract<Value, { kind: 'vector' }>;

/** Prometheus' query.max-samples default: points loaded plus points produced per query. */
export const MAX_SAMPLES = 50_000_000;

/** Prometheus' query.timeout default. */
export const QUERY_TIMEOUT_MS = 120_000;

/** Limits of one query: points held and wall time (checked as points are allocated). */
export class Budget {
  used = 0;
  private readonly deadline: number;
  constructor(
    private readonly max = MAX_SAMPLES,
    timeoutMs = QUERY_TIMEOUT_MS,
  ) {
    this.deadline = Date.now() + timeoutMs;
  }
  add(n: number): void {
    this.used += n;
    if (Date.now() > this.deadline)
      throw new PromQLError('timeout', 'query timed out in expression evaluation');
    if (this.used > this.max)
      throw new PromQLError(
        'execution',
        'query processing would load too many samples into memory in query execution',
      );
  }

  private slabVals = new Float64Array(0);
  private slabHas = new Uint8Array(0);
  private slabAt = 0;
  /**
   * Zeroed value and presence arrays of n steps, cut from slabs shared by up to 64 series: a
   * thousand series cost a few allocations instead of two each (typed-array allocation and the
   * garbage collection it triggers were a tenth of a 1,000-series query).
   */
  stepArrays(n: number): { vals: Float64Array; has: Uint8Array } {
    if (this.slabAt + n > this.slabVals.length) {
      const size = Math.max(n, Math.min(1 << 16, n * 64));
      this.slabVals = new Float64Array(size);
      this.slabHas = new Uint8Array(size);
      this.slabAt = 0;
    }
    const at = this.slabAt;
    this.slabAt += n;
    return {
      vals: this.slabVals.subarray(at, at + n),
      has: this.slabHas.subarray(at, at + n),
    };
  }
}

export function newStepSeries(labels: Labels, n: number, budget: Budget): StepSeries {
  budget.add(n);
  const { vals, has } = budget.stepArrays(n);
  return { labels, vals, has };
}

/** First index with ts[i] >= t (ts ascending). */
export function lowerBound(ts: ArrayLike<number>, t: number, from = 0): number {
  let lo = from;
  let hi = ts.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (ts[mid]! < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** First index with ts[i] > t. */
export function upperBound(ts: Float64Array, t: number, from = 0): number {
  let lo = from;
  let hi = ts.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (ts[mid]! <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export const duplicateLabelsetError = (): PromQLError =>
  new PromQLError('execution', 'vector cannot contain metrics with the same labelset');

/**
 * Series with equal label sets merged into one. Prometheus rejects two with the same labels at
 * one step; `strict` rejects them whenever both have any point (its range-function check).
 */
export function mergeSameLabels(series: StepSeries[], strict = false): StepSeries[] {
  const byKey = new Map<string, StepSeries>();
  const out: StepSeries[] = [];
  for (const s of series) {
    const k = labelsKey(s.labels);
    const prev = byKey.get(k);
    if (!prev) {
      byKey.set(k, s);
      out.push(s);
      continue;
    }
    const any = (x: StepSeries) => x.has.some((h) => h === 1);
    if (strict && any(prev) && any(s)) throw duplicateLabelsetError();
    for (let i = 0; i < s.has.length; i++) {
      if (!s.has[i]) continue;
      if (prev.has[i]) throw duplicateLabelsetError();
      prev.has[i] = 1;
      prev.vals[i] = s.vals[i]!;
    }
  }
  return out;
}

/** Marks step i of s present with value v. */
export function setPoint(s: StepSeries, i: number, v: number): void {
  s.has[i] = 1;
  s.vals[i] = v;
}
