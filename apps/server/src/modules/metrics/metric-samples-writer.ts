import type pg from 'pg';
import {
  BinaryCopyBuilder,
  copyIdempotent,
  coveredPartitionDays,
  type TableWriter,
  type WriteOptions,
} from '../ingest/index.ts';

/**
 * One metric_samples row as the ingest adapters build it. A finite value is a number; NaN and
 * the infinities are kept as their PostgreSQL text ('NaN', 'Infinity', '-Infinity') so the row
 * survives the JSON of the spool unchanged (JSON has no NaN or Infinity).
 */
export interface MetricSampleRow {
  org_id: string;
  series_id: string;
  /** Milliseconds since the epoch. */
  t: number;
  v: number | string;
}

/** A float64 as a MetricSampleRow value. */
export function sampleValue(v: number): number | string {
  return Number.isFinite(v) ? v : floatText(v);
}

export const SAMPLE_COLUMNS = ['time', 'series_id', 'value', 'org_id'] as const;

/** A float64 as PostgreSQL float8 text input. */
export function floatText(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return 'Infinity';
  if (v === -Infinity) return '-Infinity';
  return String(v);
}

interface Bounds {
  fromMs: number;
  toMs: number;
  at: number;
}

/** The time range the daily partitions of metric_samples cover, first day to last. */
async function partitionBounds(client: pg.PoolClient): Promise<Bounds | null> {
  const days = await coveredPartitionDays(client, ['metric_samples']);
  if (!days.length) return null;
  const fromMs = Date.parse(`${days[0]}T00:00:00Z`);
  return {
    fromMs,
    toMs: Date.parse(`${days[days.length - 1]}T00:00:00Z`) + 86_400_000,
    at: Date.now(),
  };
}

export interface SamplesWriterHooks {
  /** Samples dropped because no partition covers their time (older than retention, or far ahead). */
  onOutOfRange?(orgId: string, n: number): void;
}

/**
 * The metric_samples TableWriter: COPY in binary format; a re-sent sample (same series and
 * timestamp, as Prometheus re-sends after a restart) is stored once through copyIdempotent's
 * ON CONFLICT DO NOTHING path. Samples outside the partitions are dropped (and reported):
 * unlike log records they cannot be moved to another time without becoming wrong data.
 */
export function createMetricSamplesWriter(
  hooks: SamplesWriterHooks = {},
): TableWriter<MetricSampleRow> {
  let bounds: Bounds | null = null;
  return {
    name: 'metric_samples',
    sizeOf: () => 120,
    async write(client: pg.PoolClient, rows: MetricSampleRow[], opts?: WriteOptions) {
      if (!bounds || Date.now() - bounds.at > 60_000) bounds = await partitionBounds(client);
      // Binary COPY: these rows are narrow, so parsing text would cost PostgreSQL more than
      // storing them (about 2x the rows/s of text COPY here).
      // In key order: the (series_id, time) index then takes its inserts leaf after leaf instead
      // of all over (a flush holds many requests, each a slice of the series): 20-40% more rows/s.
      const keyed = rows.map((r) => ({ id: Number(r.series_id), r }));
      keyed.sort((a, b) => a.id - b.id || a.r.t - b.r.t);
      const copy = new BinaryCopyBuilder(rows.length * 46);
      const dropped = new Map<string, number>();
      for (const { r } of keyed) {
        if (bounds && (r.t < bounds.fromMs || r.t >= bounds.toMs)) {
          dropped.set(r.org_id, (dropped.get(r.org_id) ?? 0) + 1);
          continue;
        }
        copy
          .row(4)
          .timestamptzMs(r.t)
          .int8(r.series_id)
          .float8(typeof r.v === 'number' ? r.v : Number(r.v))
          .uuid(r.org_id);
      }
      for (const [org, n] of dropped) hooks.onOutOfRange?.(org, n);
      if (copy.rowCount === 0) return;
      await copyIdempotent(client, 'metric_samples', SAMPLE_COLUMNS, copy.finish(), {
        replay: opts?.replay,
      });
    },
  };
}
