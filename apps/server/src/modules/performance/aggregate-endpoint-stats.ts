import type { Db } from '../../db/client.ts';
import { systemCtx, withTransaction } from '../../db/context.ts';
import {
  advanceWatermark,
  organizationIds,
  replaceMinuteStats,
  replaceRollup,
  selectFirstActivity,
  selectWatermark,
} from './repository.ts';

const MINUTE = 60_000;
const FIVE = 5 * MINUTE;
const HOUR = 60 * MINUTE;

export interface AggregateOptions {
  /** The clock (tests pass a fixed one). Minutes before floor(now) are closed. */
  now?: Date;
  /** Closed minutes re-aggregated on every run, so spans arriving this late are still counted. */
  lateMinutes?: number;
  /** Where an organization without a watermark starts: traces ingest accepts spans this old. */
  backfillMinutes?: number;
  /** One transaction covers at most this much; a run covers at most maxChunks of them. */
  chunkMinutes?: number;
  maxChunks?: number;
}

export const AGGREGATE_DEFAULTS = {
  lateMinutes: 5,
  backfillMinutes: 48 * 60,
  chunkMinutes: 60,
  maxChunks: 12,
};

const floorTo = (ms: number, step: number) => Math.floor(ms / step) * step;
const ceilTo = (ms: number, step: number) => Math.ceil(ms / step) * step;

export interface AggregateSummary {
  organizations: number;
  minuteRows: number;
  rollupRows: number;
}

/**
 * Turns closed minutes of spans (or request logs) into endpoint_stats rows and refreshes the
 * 5-minute and hourly rollups over the same minutes, per organization, each chunk in one
 * transaction. The minutes from min(watermark, now - lateMinutes) to now are replaced on every
 * run, so reruns never double count and late spans are picked up. Across organizations (a
 * system job); each organization's work runs under its own row-level security.
 */
export async function aggregateEndpointStats(
  db: Db,
  opts: AggregateOptions = {},
): Promise<AggregateSummary> {
  const o = { ...AGGREGATE_DEFAULTS, ...opts };
  const closed = floorTo((opts.now ?? new Date()).getTime(), MINUTE);
  const summary: AggregateSummary = { organizations: 0, minuteRows: 0, rollupRows: 0 };
  for (const orgId of await organizationIds(db)) {
    const ctx = systemCtx(db, 'performance.aggregate', orgId);
    const mark = await withTransaction(ctx, async (tx) => {
      const m = await selectWatermark(tx);
      if (m) return m.getTime();
      // First run: from the first request within the backfill window (or nothing to do).
      const first = await selectFirstActivity(tx, new Date(closed - o.backfillMinutes * MINUTE));
      return first ? floorTo(first.getTime(), MINUTE) : closed;
    });
    let from = Math.min(mark, closed - o.lateMinutes * MINUTE);
    for (let chunk = 0; chunk < o.maxChunks && from < closed; chunk++) {
      const to = Math.min(closed, from + o.chunkMinutes * MINUTE);
      await withTransaction(ctx, async (tx) => {
        summary.minuteRows += await replaceMinuteStats(tx, {
          from: new Date(from),
          to: new Date(to),
        });
        const five = { from: new Date(floorTo(from, FIVE)), to: new Date(ceilTo(to, FIVE)) };
        summary.rollupRows += await replaceRollup(tx, '1m', '5m', five);
        const hour = { from: new Date(floorTo(from, HOUR)), to: new Date(ceilTo(to, HOUR)) };
        summary.rollupRows += await replaceRollup(tx, '5m', '1h', hour);
        await advanceWatermark(tx, new Date(to));
      });
      from = to;
    }
    summary.organizations++;
  }
  return summary;
}
