import type { Ctx } from '../../db/context.ts';
import {
  binaryArrayLength,
  readFloat8Present,
  readInt4Array,
  readTimestamps,
} from './pg-arrays.ts';
import { loadRawParts, mergeParts } from './raw-samples.ts';
import {
  findSeries,
  labelsOf,
  loadRollups,
  ROLLUP_SLOTS,
  type RollupRow,
  type RollupTable,
  type SeriesRow,
} from './repository.ts';
import { bucketize, bucketSamples, type RollupValue } from './rollup-points.ts';
import {
  PromQLError,
  type Matcher,
  type RawSeries,
  type SelectHints,
  type SeriesSource,
} from './types.ts';

/**
 * The SeriesSource over PostgreSQL: series from metric_series, samples from metric_samples (the
 * head) and metric_sample_chunks (compacted), or from the 5-minute / hourly rollups when the
 * step allows and the answer survives downsampling (see README.md "API and storage").
 */

export const DEFAULT_LOOKBACK_MS = 300_000;
/** Rollup buckets that closed less than this long ago may still miss samples. */
const ROLLUP_SETTLE_MS = 180_000;
const FIVE_MIN = 300_000;
const HOUR = 3_600_000;

export interface SourceLimits {
  /** Series one selector may match. */
  maxSeries: number;
  /** Samples (raw or rollup points) one query may load, over all its selectors. */
  maxSamples: number;
  /** Instant-vector lookback, to tell where a plain selector's evaluation starts. */
  lookbackMs: number;
  /** Serve from rollups when the plan allows (false: always raw samples). */
  rollups: boolean;
}

export const DEFAULT_SOURCE_LIMITS: SourceLimits = {
  maxSeries: 100_000,
  maxSamples: 20_000_000,
  lookbackMs: DEFAULT_LOOKBACK_MS,
  rollups: true,
};

export interface SourceStats {
  rawSelects: number;
  rollupSelects: number;
  samples: number;
}

/** How a selector is served from a rollup: which table and which value per bucket. */
export interface RollupPlan {
  table: RollupTable;
  bucketMs: number;
  value: RollupValue;
}

const RANGE_FUNCS: Record<string, RollupValue> = {
  last_over_time: 'last',
  max_over_time: 'max',
  min_over_time: 'min',
  sum_over_time: 'sum',
  avg_over_time: 'avg',
  rate: 'increase',
  increase: 'increase',
};

/**
 * The rollup that answers this selector, or null for raw samples. Rollups serve range queries
 * only, when the step and the range are multiples of the bucket and every evaluation time falls
 * on a bucket boundary, for a plain selector (the bucket's last value) or one of RANGE_FUNCS.
 */
export function planRollup(hints: SelectHints, lookbackMs: number): RollupPlan | null {
  if (hints.step <= 0) return null;
  let value: RollupValue | undefined;
  if (hints.range === 0) value = hints.func === 'timestamp' ? undefined : 'last';
  else value = hints.func ? RANGE_FUNCS[hints.func] : undefined;
  if (!value) return null;
  const firstEval = hints.start + (hints.range || lookbackMs);
  for (const [table, bucketMs] of [
    ['metric_rollups_1h', HOUR],
    ['metric_rollups_5m', FIVE_MIN],
  ] as const) {
    if (hints.step % bucketMs !== 0 || hints.range % bucketMs !== 0) continue;
    if (firstEval % bucketMs !== 0) continue;
    return { table, bucketMs, value };
  }
  return null;
}

/** Points (ts, vs) accumulated per series before they become a RawSeries. */
class Budget {
  constructor(
    private readonly limits: SourceLimits,
    private readonly stats: SourceStats,
  ) {}
  take(n: number) {
    this.stats.samples += n;
    if (this.stats.samples > this.limits.maxSamples) {
      throw new PromQLError(
        'execution',
        `query processing would load too many samples into memory (more than ${this.limits.maxSamples}); narrow the selectors or the time range`,
      );
    }
  }
}

const fromBase64 = (s: string) => Buffer.from(s, 'base64');

/** A series' rollup buckets in time order: their starts (ms) and planned values. */
interface Rolled {
  starts: Float64Array;
  values: Float64Array;
  /** The newest bucket's last sample value (where a counter's increase continues from). */
  last: number;
}
const NONE = new Float64Array(0);

function concat(a: Float64Array, b: number[]): Float64Array {
  if (!b.length) return a;
  const out = new Float64Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

/**
 * A series' rollup row as its buckets starting in [from, endBound) with samples: their starts
 * and planned values. Null when a counter's bucket has no increase (a gauge, or NaN): raw
 * samples then.
 */
function unpackRollup(
  r: RollupRow,
  plan: RollupPlan,
  from: number,
  endBound: number,
): Rolled | null {
  const wsBuf = fromBase64(r.ws);
  const windows = new Float64Array(binaryArrayLength(wsBuf));
  readTimestamps(wsBuf, windows);
  const vsBuf = fromBase64(r.vs);
  const n = binaryArrayLength(vsBuf);
  if (n !== windows.length * ROLLUP_SLOTS) throw new Error('rollup row: array size mismatch');
  const vs = new Float64Array(n);
  const present = new Uint8Array(n);
  readFloat8Present(vsBuf, vs, present);
  let counts: Float64Array | null = null;
  if (r.ns !== null) readInt4Array(fromBase64(r.ns), (counts = new Float64Array(n)));
  const B = plan.bucketMs;
  const starts = new Float64Array(n);
  let k = 0;
  for (let w = 0; w < windows.length; w++) {
    for (let i = 0; i < ROLLUP_SLOTS; i++) {
      const j = w * ROLLUP_SLOTS + i;
      const t = windows[w]! + i * B;
      if (!present[j] || t < from || t >= endBound) continue;
      if (plan.value === 'increase' && Number.isNaN(vs[j])) return null;
      starts[k] = t;
      vs[k++] = counts ? vs[j]! / counts[j]! : vs[j]!; // k <= j: never ahead of the reads
    }
  }
  return { starts: starts.subarray(0, k), values: vs.subarray(0, k), last: r.last ?? NaN };
}

export class DbSeriesSource implements SeriesSource {
  readonly stats: SourceStats = { rawSelects: 0, rollupSelects: 0, samples: 0 };
  private readonly budget: Budget;

  constructor(
    private readonly ctx: Ctx,
    private readonly limits: SourceLimits = DEFAULT_SOURCE_LIMITS,
  ) {
    this.budget = new Budget(limits, this.stats);
  }

  async select(matchers: Matcher[], hints: SelectHints): Promise<RawSeries[]> {
    const series = await findSeries(this.ctx, [matchers], { limit: this.limits.maxSeries + 1 });
    if (series.length > this.limits.maxSeries) {
      throw new PromQLError(
        'execution',
        `a selector matches more than ${this.limits.maxSeries} series; add label matchers`,
      );
    }
    if (!series.length) return [];
    const plan = this.limits.rollups ? planRollup(hints, this.limits.lookbackMs) : null;
    if (plan) {
      const out = await this.fromRollup(series, hints, plan);
      if (out) {
        this.stats.rollupSelects++;
        return out;
      }
    }
    this.stats.rawSelects++;
    return this.fromRaw(series, hints.start, hints.end);
  }

  private async fromRaw(series: SeriesRow[], start: number, end: number): Promise<RawSeries[]> {
    const parts = await loadRawParts(
      this.ctx,
      series.map((s) => s.id),
      start,
      end,
    );
    const samples = mergeParts(parts, start, end);
    const out: RawSeries[] = [];
    for (const s of series) {
      const mine = samples.get(Number(s.id));
      if (!mine) continue;
      const { ts, vs } = mine;
      this.budget.take(ts.length);
      if (ts.length) out.push({ labels: labelsOf(s), timestamps: ts, values: vs });
    }
    return out;
  }

  /**
   * Rollup buckets up to the newest one the rollup job has surely refreshed, then the raw
   * samples after it aggregated into the same buckets here, so the whole range has one
   * representation. Null when there is no rollup yet, or a counter rollup has no increase (a
   * gauge): raw samples then.
   */
  private async fromRollup(
    series: SeriesRow[],
    hints: SelectHints,
    plan: RollupPlan,
  ): Promise<RawSeries[] | null> {
    const B = plan.bucketMs;
    const from = Math.floor(hints.start / B) * B;
    // Evaluation times are bucket boundaries no later than hints.end: only buckets ending by
    // then matter, and of those the rollups serve the ones the job has refreshed after they
    // closed (it runs every minute).
    const settled = Math.floor((Date.now() - ROLLUP_SETTLE_MS) / B) * B;
    const ids = series.map((s) => s.id);
    const endBound = Math.min(hints.end, settled) - B + 1;
    const rows = await loadRollups(this.ctx, plan.table, plan.value, ids, from, endBound);
    let horizon = from;
    const rolled = new Map<number, Rolled>();
    for (const r of rows) {
      const roll = unpackRollup(r, plan, from, endBound);
      if (!roll) return null;
      if (!roll.starts.length) continue;
      horizon = Math.max(horizon, roll.starts[roll.starts.length - 1]! + B);
      rolled.set(Number(r.id), roll);
    }
    if (!rolled.size) return null;
    const tail =
      horizon + B <= hints.end
        ? mergeParts(await loadRawParts(this.ctx, ids, horizon, hints.end), horizon, hints.end)
        : new Map<number, never>();
    const out: RawSeries[] = [];
    for (const s of series) {
      const roll = rolled.get(Number(s.id)) ?? { starts: NONE, values: NONE, last: NaN };
      const raw = tail.get(Number(s.id));
      if (raw) {
        const more = bucketize(raw.ts, raw.vs, B, plan.value, roll.last, hints.end);
        roll.starts = concat(roll.starts, more.starts);
        roll.values = concat(roll.values, more.values);
      }
      if (!roll.starts.length) continue;
      const points = bucketSamples(roll.starts, roll.values, B, plan.value);
      this.budget.take(points.ts.length);
      out.push({ labels: labelsOf(s), timestamps: points.ts, values: points.vs });
    }
    return out;
  }
}
