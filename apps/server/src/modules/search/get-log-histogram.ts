import { withTransaction, type Ctx } from '../../db/context.ts';
import { LEVELS } from '../../lib/query-language/index.ts';
import { AppError } from '../../platform/errors.ts';
import { compileSearch, mapTimeout, timeRange } from './query.ts';
import {
  countRaw,
  countRollup,
  limitStatementTime,
  rawScanStart,
  type CountRow,
} from './repository.ts';
import type { Histogram, HistogramQuery } from './schemas.ts';

/** A raw-row histogram reads at most about this many rows (PERFORMANCE.md: ~1M per panel). */
export const RAW_HISTOGRAM_MAX_ROWS = 1_000_000;
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
 * per-minute rollup (the partial minutes at either end from raw rows, so it is exact);
 * any other query from raw rows, scanning only the newest part of the range that holds about
 * RAW_HISTOGRAM_MAX_ROWS records (the response says where it started).
 */
export async function getLogHistogram({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: HistogramQuery;
}): Promise<Histogram> {
  const q = compileSearch(input.q);
  const { from, to } = timeRange(input.from, input.to);
  const interval = parseInterval(input.interval, to.getTime() - from.getTime());
  const orgId = ctx.orgId!;
  const useRollup = q.rollup && interval % 60 === 0;
  return mapTimeout(
    withTransaction(ctx, async (tx) => {
      await limitStatementTime(tx, 30_000);
      const counts: CountRow[] = [];
      let partial: Histogram['partial'] = null;
      if (useRollup) {
        const a = ceilMinute(from);
        const b = floorMinute(to);
        const sel = { orgId, where: q.where };
        if (a < b) {
          counts.push(...(await countRollup(tx, { ...sel, from: a, to: b }, interval)));
          if (from < a) counts.push(...(await countRaw(tx, { ...sel, from, to: a }, interval)));
          if (b < to) counts.push(...(await countRaw(tx, { ...sel, from: b, to }, interval)));
        } else {
          counts.push(...(await countRaw(tx, { ...sel, from, to }, interval)));
        }
      } else {
        const start = await rawScanStart(tx, { orgId, from, to }, RAW_HISTOGRAM_MAX_ROWS);
        const scanFrom = start && start > from ? start : from;
        if (scanFrom > from) {
          partial = {
            scanned_from: scanFrom.toISOString(),
            reason: `This query needs raw records; only the newest ~${RAW_HISTOGRAM_MAX_ROWS} records of the range were scanned.`,
          };
        }
        counts.push(
          ...(await countRaw(tx, { orgId, from: scanFrom, to, where: q.where }, interval)),
        );
      }
      return {
        from: from.toISOString(),
        to: to.toISOString(),
        interval_seconds: interval,
        source: useRollup ? 'rollup' : 'raw',
        partial,
        buckets: fillBuckets(from, to, interval, counts),
      };
    }),
  );
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
