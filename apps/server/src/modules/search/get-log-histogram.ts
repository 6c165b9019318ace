import { withTransaction, type Ctx } from '../../db/context.ts';
import { LEVELS, trusted } from '../../lib/query-language/index.ts';
import { AppError } from '../../platform/errors.ts';
import { estimateCounts, planProbes } from './histogram-sample.ts';
import { compileSearch, mapTimeout, timeRange, type CompiledQuery } from './query.ts';
import { limitStatementTime } from './repository.ts';
import {
  countRaw,
  countRollup,
  countSample,
  rawScanStart,
  type CountRow,
} from './repository-counts.ts';
import type { Histogram, HistogramQuery } from './schemas.ts';

export interface HistogramLimits {
  /** A query the rollup cannot answer is counted exactly over ranges of at most this many records. */
  exactRows: number;
  /** Over larger ranges, about this many records are read across the range (estimates). */
  sampleRows: number;
  /** Index descents for the sample (at least one per bucket). */
  maxProbes: number;
}

// PERFORMANCE.md: a panel p95 <= 300 ms. A free-text term costs 1-2.5 us per record read on this
// class of machine under load (strpos over lower(message); it was 2-5 us as ILIKE), so a raw-row
// panel reads tens of thousands of records, not millions. Records read by the sample's probes cost about 1.5x those of one contiguous range.
export const DEFAULT_HISTOGRAM_LIMITS: HistogramLimits = {
  exactRows: 40_000,
  sampleRows: 24_000,
  maxProbes: 480,
};
const NICE_SECONDS = [
  1, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400,
];
const MINUTE = 60_000;
const UNIT: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400 };

/** The widest nice interval giving at least 60 buckets (so 60-120 in practice). */
export function autoInterval(rangeMs: number): number {
  const fit = NICE_SECONDS.filter((s) => rangeMs / (s * 1000) >= 60);
  return fit[fit.length - 1] ?? 1;
}

export function parseInterval(text: string | undefined, rangeMs: number): number {
  if (!text) return autoInterval(rangeMs);
  const seconds = Number(text.slice(0, -1)) * UNIT[text.slice(-1)]!;
  if (seconds < 1) throw new AppError('VALIDATION', 'interval must be at least 1s.');
  if (rangeMs / (seconds * 1000) > 2000) {
    throw new AppError('VALIDATION', 'interval is too small for the range (over 2000 buckets).');
  }
  return seconds;
}

const ceilMinute = (d: Date) => new Date(Math.ceil(d.getTime() / MINUTE) * MINUTE);
const floorMinute = (d: Date) => new Date(Math.floor(d.getTime() / MINUTE) * MINUTE);

/**
 * Counts by level over time. A query on service and level only is answered from the
 * per-minute rollup (the partial minutes at either end from raw rows, so it is exact). Any other
 * query is counted from raw rows when the range holds few records; over a larger range it is
 * estimated from a sample read across the whole range (`source: 'sample'`), or, for buckets
 * shorter than a minute, counted over the newest part of the range only (`partial`).
 */
export async function getLogHistogram({
  ctx,
  input,
  limits = DEFAULT_HISTOGRAM_LIMITS,
}: {
  ctx: Ctx;
  input: HistogramQuery;
  limits?: HistogramLimits;
}): Promise<Histogram> {
  const q = compileSearch(input.q);
  const { from, to } = timeRange(input.from, input.to);
  const interval = parseInterval(input.interval, to.getTime() - from.getTime());
  return mapTimeout(
    withTransaction(ctx, async (tx) => {
      await limitStatementTime(tx, 30_000);
      const r =
        q.rollup && interval % 60 === 0
          ? await countFromRollup(tx, q, from, to, interval)
          : await countFromRecords(tx, q, from, to, interval, limits);
      return {
        from: from.toISOString(),
        to: to.toISOString(),
        interval_seconds: interval,
        source: r.source,
        partial: r.partial ?? null,
        sample: r.sample ?? null,
        buckets: fillBuckets(from, to, interval, r.counts),
      };
    }),
  );
}

type Counted = Pick<Histogram, 'source'> &
  Partial<Pick<Histogram, 'partial' | 'sample'>> & { counts: CountRow[] };

async function countFromRollup(
  tx: Ctx,
  q: CompiledQuery,
  from: Date,
  to: Date,
  interval: number,
): Promise<Counted> {
  const sel = { orgId: tx.orgId!, where: q.where };
  const a = ceilMinute(from);
  const b = floorMinute(to);
  if (a >= b) return { source: 'raw', counts: await countRaw(tx, { ...sel, from, to }, interval) };
  const grain = q.levelOnly ? 'level' : 'service';
  const counts = await countRollup(tx, { ...sel, from: a, to: b }, interval, grain);
  if (from < a) counts.push(...(await countRaw(tx, { ...sel, from, to: a }, interval)));
  if (b < to) counts.push(...(await countRaw(tx, { ...sel, from: b, to }, interval)));
  return { source: 'rollup', counts };
}

async function countFromRecords(
  tx: Ctx,
  q: CompiledQuery,
  from: Date,
  to: Date,
  interval: number,
  limits: HistogramLimits,
): Promise<Counted> {
  const orgId = tx.orgId!;
  const a = ceilMinute(from);
  const b = floorMinute(to);
  if (interval % 60 === 0 && a < b) {
    // Every record of each (bucket, level) in scope, from the rollup: the estimate's denominators.
    const scope = q.scope ?? { where: trusted('TRUE'), levelOnly: true };
    const inScope = { orgId, from: a, to: b, where: scope.where };
    const grain = scope.levelOnly ? 'level' : 'service';
    const totals = await countRollup(tx, inScope, interval, grain);
    const total = totals.reduce((s, c) => s + Number(c.n), 0);
    if (total <= limits.exactRows) {
      return {
        source: 'raw',
        counts: await countRaw(tx, { orgId, from, to, where: q.where }, interval),
      };
    }
    // The partial minutes at either end: their counts prorated to the part inside the range
    // (an estimate like the rest, and no raw scan whose size would follow the ingest rate).
    const edge = async (lo: Date, hi: Date, share: number) =>
      (await countRollup(tx, { ...inScope, from: lo, to: hi }, interval, grain)).map((c) => ({
        ...c,
        n: Number(c.n) * share,
      }));
    if (from < a) totals.push(...(await edge(floorMinute(from), a, (+a - +from) / MINUTE)));
    if (b < to) totals.push(...(await edge(b, ceilMinute(to), (+to - +b) / MINUTE)));
    const probes = planProbes(from, to, interval, limits.maxProbes);
    const perProbe = Math.ceil(limits.sampleRows / probes.length);
    const read = await countSample(
      tx,
      { orgId, scope: scope.where, where: q.where, probes },
      perProbe,
      interval,
    );
    const counts = estimateCounts(totals, read);
    const records = read.reduce((s, r) => s + Number(r.seen), 0);
    return {
      source: 'sample',
      counts,
      sample: {
        records,
        reason:
          `Estimated: ${records} of the ${total} records of the range${q.scope ? ' selected by its service/level terms' : ''} were read, spread across ` +
          'it; each bucket scales the matches among them to its exact count of records by level.',
      },
    };
  }
  // Buckets shorter than a minute cannot be scaled to the per-minute counts: count the newest
  // part of the range exactly.
  const start = await rawScanStart(tx, { orgId, from, to }, limits.exactRows);
  const scanFrom = start && start > from ? start : from;
  const counts = await countRaw(tx, { orgId, from: scanFrom, to, where: q.where }, interval);
  if (scanFrom <= from) return { source: 'raw', counts };
  return {
    source: 'raw',
    counts,
    partial: {
      scanned_from: scanFrom.toISOString(),
      reason: `Only the newest ~${limits.exactRows} records of the range were counted: buckets shorter than a minute cannot be estimated from the per-minute counts.`,
    },
  };
}

/** Every bucket of [from, to), empty ones included, aligned like date_bin (origin 2000-01-01). */
function fillBuckets(from: Date, to: Date, interval: number, counts: CountRow[]) {
  const ms = interval * 1000;
  const origin = Date.UTC(2000, 0, 1);
  const first = origin + Math.floor((from.getTime() - origin) / ms) * ms;
  const byTime = new Map<number, Record<string, number>>();
  for (const c of counts) {
    const t = Date.parse(c.t);
    const entry = byTime.get(t) ?? {};
    entry[c.level] = (entry[c.level] ?? 0) + Number(c.n);
    byTime.set(t, entry);
  }
  const out: Histogram['buckets'] = [];
  for (let t = first; t < to.getTime(); t += ms) {
    const entry = byTime.get(t) ?? {};
    const levels = Object.fromEntries(LEVELS.map((l) => [l, entry[l] ?? 0]));
    const total = Object.values(levels).reduce((s, n) => s + n, 0);
    out.push({ time: new Date(t).toISOString(), total, counts: levels });
  }
  return out;
}
