/**
 * Uptime rules, shared by every window and by the status page bars:
 * - healthy and degraded results are up; down, unhealthy and pending (a failure being retried)
 *   are down; unknown results count in neither;
 * - results taken during a maintenance window of the monitor are excluded;
 * - uptime = up / (up + down) x 100, rounded to 2 decimals; no counted result gives null.
 * Windows read buckets: 24 h from the results themselves (minute resolution), 7 and 30 days
 * from hour buckets, 1 year from day buckets; a window starts at the bucket containing
 * now - window, so the oldest bucket may be partial.
 */
export type Counted = 'up' | 'down' | 'excluded' | 'none';

export function classifyResult(status: string, inMaintenance: boolean): Counted {
  if (inMaintenance) return 'excluded';
  if (status === 'healthy' || status === 'degraded') return 'up';
  if (status === 'down' || status === 'unhealthy' || status === 'pending') return 'down';
  return 'none';
}

export interface UpDown {
  up: number;
  down: number;
}

export function uptimePercent(buckets: UpDown[]): number | null {
  let up = 0;
  let down = 0;
  for (const b of buckets) {
    up += b.up;
    down += b.down;
  }
  if (up + down === 0) return null;
  return Math.round((up / (up + down)) * 10_000) / 100;
}

export type BucketUnit = 'minute' | 'hour' | 'day';
const UNIT_MS: Record<BucketUnit, number> = { minute: 60_000, hour: 3_600_000, day: 86_400_000 };

export function bucketStart(t: Date, unit: BucketUnit): Date {
  const ms = UNIT_MS[unit];
  return new Date(Math.floor(t.getTime() / ms) * ms);
}

/** Groups results into buckets of a unit (UTC), counting by the rules above. */
export function bucketize(
  results: Array<{ checkedAt: Date; status: string; inMaintenance?: boolean }>,
  unit: BucketUnit,
): Map<number, UpDown & { excluded: number }> {
  const out = new Map<number, UpDown & { excluded: number }>();
  for (const r of results) {
    const key = bucketStart(r.checkedAt, unit).getTime();
    const b = out.get(key) ?? { up: 0, down: 0, excluded: 0 };
    const c = classifyResult(r.status, r.inMaintenance ?? false);
    if (c === 'up') b.up++;
    else if (c === 'down') b.down++;
    else if (c === 'excluded') b.excluded++;
    out.set(key, b);
  }
  return out;
}

export const UPTIME_WINDOWS = {
  '24h': { ms: 86_400_000, unit: 'minute' },
  '7d': { ms: 7 * 86_400_000, unit: 'hour' },
  '30d': { ms: 30 * 86_400_000, unit: 'hour' },
  '1y': { ms: 365 * 86_400_000, unit: 'day' },
} as const satisfies Record<string, { ms: number; unit: BucketUnit }>;

export type UptimeWindow = keyof typeof UPTIME_WINDOWS;

/** Where a window's first bucket starts. */
export function windowStart(now: Date, window: UptimeWindow): Date {
  const w = UPTIME_WINDOWS[window];
  return bucketStart(new Date(now.getTime() - w.ms), w.unit);
}

/** Nearest-rank percentiles of a list of response times; null for an empty list. */
export function percentiles(values: number[], ps: number[]): Record<string, number | null> {
  const sorted = [...values].sort((a, b) => a - b);
  const out: Record<string, number | null> = {};
  for (const p of ps) {
    out[`p${p}`] = sorted.length
      ? sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!
      : null;
  }
  return out;
}
