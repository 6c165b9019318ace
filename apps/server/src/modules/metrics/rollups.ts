import type pg from 'pg';
import { idBatches } from './compaction.ts';
import { refreshRollupRange, seriesIdBounds } from './storage-repository.ts';

/**
 * The rollup refresh, run every minute like a continuous aggregate's refresh policy: the 5-minute
 * buckets of the last `lookbackMinutes` (and the current, partial one) are re-aggregated from
 * the stored samples and upserted, then the hourly buckets they belong to. Samples arriving
 * later than the lookback are folded in when compaction moves their window (compaction.ts), so
 * every rollup ends up equal to the aggregate of the stored samples.
 */

export interface RollupRefreshOptions {
  lookbackMinutes: number;
  batchSeries?: number;
  /**
   * How far before the range a counter's previous sample is looked for. Short, so each run reads
   * only recent head rows (with 1 h it read 4x more and took 4-5 s for 10,000 series): a series
   * scraped less often than this gets the rise into its first refreshed bucket from compaction,
   * which looks back 1 h.
   */
  prevLookbackMs?: number;
}

const FIVE_MINUTES = 300_000;
const PREV_LOOKBACK_MS = 10 * 60_000;

export async function refreshMetricRollups(
  pool: pg.Pool,
  opts: RollupRefreshOptions,
  now = new Date(),
): Promise<{ from: string; to: string; buckets5m: number; buckets1h: number }> {
  const from = new Date(
    Math.floor((now.getTime() - opts.lookbackMinutes * 60_000) / FIVE_MINUTES) * FIVE_MINUTES,
  );
  const to = new Date(Math.floor(now.getTime() / FIVE_MINUTES) * FIVE_MINUTES + FIVE_MINUTES);
  const out = { from: from.toISOString(), to: to.toISOString(), buckets5m: 0, buckets1h: 0 };
  const bounds = await seriesIdBounds(pool);
  if (!bounds) return out;
  for (const ids of idBatches(bounds, opts.batchSeries ?? 1000)) {
    const r = await refreshRollupRange(
      pool,
      from,
      to,
      ids,
      opts.prevLookbackMs ?? PREV_LOOKBACK_MS,
    );
    out.buckets5m += r.buckets5m;
    out.buckets1h += r.buckets1h;
  }
  return out;
}
