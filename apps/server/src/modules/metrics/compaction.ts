import type pg from 'pg';
import {
  ensureDayPartitions,
  headSeriesBounds,
  headWindowsBefore,
  moveWindowToChunks,
  refreshRollupRange,
  truncateEmptyHeadDays,
  type IdRange,
} from './storage-repository.ts';

/**
 * Compaction of the metric head (metric_samples, one row per sample) into metric_sample_chunks
 * (one row per series and chunk window). Design and figures: README.md, "Storage".
 */

export interface StorageOptions {
  /** Chunk window in hours; divides 24, so a chunk never crosses a UTC day. */
  chunkHours: number;
  /** A window is compacted once its end is this many minutes in the past. */
  headMinutes: number;
  /** Series ids per transaction. */
  batchSeries?: number;
  /** How far before a bucket the previous sample of a counter is looked for (increase). */
  prevLookbackMs?: number;
}

export interface CompactionResult {
  windows: number;
  batches: number;
  samples: number;
  chunks: number;
  truncated: string[];
  /** Another compaction held the lock: nothing done. */
  skipped: boolean;
}

const HOUR = 3_600_000;
export const DEFAULT_PREV_LOOKBACK_MS = HOUR;
const DEFAULT_BATCH_SERIES = 2000;
// pg_try_advisory_lock key: one compaction at a time across processes.
const LOCK_KEY = 'pharos.metrics.compaction';

/** The end of the newest window that may be compacted at `now`. */
export function compactionCutoff(now: Date, opts: StorageOptions): Date {
  const w = opts.chunkHours * HOUR;
  return new Date(Math.floor((now.getTime() - opts.headMinutes * 60_000) / w) * w);
}

/** Series id ranges of at most `size` ids covering `b`. */
export function idBatches(b: IdRange, size: number): IdRange[] {
  const out: IdRange[] = [];
  for (let lo = b.lo; lo <= b.hi; lo += size) out.push({ lo, hi: Math.min(b.hi, lo + size - 1) });
  return out;
}

async function inTransaction<T>(pool: pg.Pool, fn: (c: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const out = await fn(client);
    await client.query('COMMIT');
    return out;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    throw err;
  } finally {
    client.release();
  }
}

/**
 * Moves every head sample of the closed windows (ending before compactionCutoff) into chunks,
 * one transaction per window and series batch, and re-aggregates the rollups of what moved in
 * the same transaction (so late samples reach the rollups at the latest here). Idempotent and
 * restartable: a rerun finds nothing left in those windows; late samples that arrive for an
 * already compacted window wait in the head and are merged into its chunk by the next run.
 */
export async function compactMetricSamples(
  pool: pg.Pool,
  opts: StorageOptions,
  now = new Date(),
): Promise<CompactionResult> {
  const result: CompactionResult = {
    windows: 0,
    batches: 0,
    samples: 0,
    chunks: 0,
    truncated: [],
    skipped: false,
  };
  const lock = await pool.connect();
  try {
    const got = await lock.query<{ ok: boolean }>(
      'SELECT pg_try_advisory_lock(hashtext($1)) AS ok',
      [LOCK_KEY],
    );
    if (!got.rows[0]?.ok) return { ...result, skipped: true };
    try {
      const w = opts.chunkHours * HOUR;
      const cutoff = compactionCutoff(now, opts);
      for (const start of await headWindowsBefore(pool, cutoff, w)) {
        const end = new Date(start.getTime() + w);
        const bounds = await headSeriesBounds(pool, start, end);
        if (!bounds) continue;
        result.windows++;
        await ensureDayPartitions(
          pool,
          ['metric_sample_chunks', 'metric_rollups_5m', 'metric_rollups_1h'],
          start,
        );
        for (const ids of idBatches(bounds, opts.batchSeries ?? DEFAULT_BATCH_SERIES)) {
          const moved = await inTransaction(pool, async (c) => {
            const m = await moveWindowToChunks(c, start, end, ids);
            if (m.samples > 0) {
              await refreshRollupRange(
                c,
                start,
                end,
                ids,
                opts.prevLookbackMs ?? DEFAULT_PREV_LOOKBACK_MS,
              );
            }
            return m;
          });
          result.batches++;
          result.samples += moved.samples;
          result.chunks += moved.chunks;
        }
      }
      result.truncated = await truncateEmptyHeadDays(lock, cutoff);
    } finally {
      await lock.query('SELECT pg_advisory_unlock(hashtext($1))', [LOCK_KEY]);
    }
  } finally {
    lock.release();
  }
  return result;
}
