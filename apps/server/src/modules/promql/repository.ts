import { sql, type RawBuilder } from 'kysely';
import { txOf, type Ctx } from '../../db/context.ts';
import type { RollupValue } from './rollup-points.ts';
import { PromQLError, type Labels, type Matcher } from './types.ts';

/**
 * SQL of the PromQL source and the metadata endpoints. Everything runs inside withTransaction
 * (row-level security on the organization) and also filters metric_series by ctx.orgId.
 * Samples and rollups come back as `array_send` byte arrays, decoded by pg-arrays.ts.
 */

export interface SeriesRow {
  id: number;
  name: string;
  labels: Record<string, string>;
}

// PostgreSQL's timestamptz spans 4713 BC to 294276 AD and a JS Date ±8.64e15 ms; Prometheus
// takes times far outside both ("no limit"), which hold no samples anyway.
const pgTime = (ms: number) => new Date(Math.min(Math.max(ms, -2e14), 2.5e14));

/** A matcher set (one `match[]` or one selector) as an SQL condition on metric_series `s`. */
function matcherSql(m: Matcher): RawBuilder<unknown> {
  let re = m.value;
  let regexOp = m.op === '=~' ? '~' : '!~';
  if (m.op === '=~' || m.op === '!~') {
    // Go's (?i) flag prefix becomes PostgreSQL's case-insensitive operator: an embedded option
    // is only allowed at the very start of an ARE, and the pattern is wrapped to anchor it.
    if (re.startsWith('(?i)')) {
      re = re.slice(4);
      regexOp += '*';
    }
    re = `^(?:${re})$`;
  }
  const op = sql.raw(regexOp);
  if (m.name === '__name__') {
    if (m.op === '=') return sql`s.name = ${m.value}`;
    if (m.op === '!=') return sql`s.name <> ${m.value}`;
    return sql`s.name ${op} ${re}`;
  }
  // A label that is absent matches the empty string, as in Prometheus.
  const value = sql`coalesce(s.labels ->> ${m.name}, '')`;
  if (m.op === '=') {
    // Containment uses the GIN index on labels.
    return m.value === ''
      ? sql`${value} = ''`
      : sql`s.labels @> ${JSON.stringify({ [m.name]: m.value })}::jsonb`;
  }
  if (m.op === '!=') return sql`${value} <> ${m.value}`;
  return sql`${value} ${op} ${re}`;
}

function matchersSql(sets: Matcher[][]): RawBuilder<unknown> {
  if (!sets.length) return sql`true`;
  const ors = sets.map((set) =>
    set.length ? sql`(${sql.join(set.map(matcherSql), sql` AND `)})` : sql`true`,
  );
  return sql`(${sql.join(ors, sql` OR `)})`;
}

/** PostgreSQL refuses a regex (SQLSTATE 2201B): the caller's bad_data, not a server error. */
async function guardRegex<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if ((err as { code?: string }).code === '2201B') {
      throw new PromQLError('bad_data', `invalid regular expression: ${(err as Error).message}`);
    }
    throw err;
  }
}

/**
 * Series of the organization matching any of the matcher sets. Not filtered by time:
 * first_seen_at is when Pharos stored the series, not its first sample's time (remote write
 * and backfills carry older samples), and last_seen_at is refreshed lazily.
 */
export async function findSeries(
  ctx: Ctx,
  sets: Matcher[][],
  opts: { limit: number },
): Promise<SeriesRow[]> {
  return guardRegex(async () => {
    const r = await sql<SeriesRow>`SELECT s.id, s.name, s.labels FROM metric_series s
       WHERE s.org_id = ${ctx.orgId} AND ${matchersSql(sets)}
       LIMIT ${opts.limit}`.execute(txOf(ctx));
    return r.rows;
  });
}

export interface RawRow {
  id: number;
  /** 0: a chunk, 1: the head's rows of the series aggregated into arrays. */
  k: number;
  /** A chunk's start_time (ms, float: round it). */
  t0: number;
  /** A chunk's row version (xmin): with (id, t0) it names these exact samples. */
  x: string | null;
  /** A chunk's first two time deltas; `ts` is null when every later delta equals d1. */
  d0: number | null;
  d1: number | null;
  /** Base64 of array_send: int4 deltas (chunk) or timestamptz (head, unordered). */
  ts: string | null;
  /** Base64 of array_send(float8[]); null for a chunk the caller holds (HeldChunks). */
  vs: string | null;
}

// array_send + base64 moves a float in 16 characters (hex would take 24, decimal text about
// as many plus a slow parse); a regular scrape's deltas are not sent at all.
const b64 = (array: RawBuilder<unknown>) => sql`encode(array_send(${array}), 'base64')`;

/** The chunks overlapping [start, end]: pruned to the partitions from start's UTC day. */
function chunkWindow(start: number, end: number): RawBuilder<unknown> {
  // A chunk never crosses a UTC day, so one starting before start's day ends before start.
  const dayStart = pgTime(Math.floor(start / 86_400_000) * 86_400_000);
  return sql`c.start_time >= ${dayStart} AND c.start_time <= ${pgTime(end)}
    AND c.end_time >= ${pgTime(start)}`;
}

/** The head's rows of `ids` in [start, end], one row of arrays per series (k = 1). */
function headRows(ids: number[], start: number, end: number): RawBuilder<unknown> {
  return sql`SELECT m.series_id AS id, 1 AS k, 0 AS t0, NULL AS x, NULL::int4 AS d0,
           NULL::int4 AS d1, ${b64(sql`array_agg(m.time)`)} AS ts, ${b64(sql`array_agg(m.value)`)} AS vs
      FROM metric_samples m
     WHERE m.series_id = ANY(${ids}::int8[]) AND m.time >= ${pgTime(start)} AND m.time <= ${pgTime(end)}
     GROUP BY m.series_id`;
}

/** Chunk versions the caller holds decoded already (parallel arrays): their data is not sent. */
export interface HeldChunks {
  ids: number[];
  /** start_time, ISO 8601. */
  starts: string[];
  /** xmin, as text. */
  xs: string[];
}

/**
 * Samples of `ids` in [start, end] ms, in one statement (one snapshot): the chunks that overlap
 * it plus the head's rows. A chunk whose exact version (series, start, xmin) is in `held` comes
 * without its arrays (`vs` null): the caller has them.
 */
export async function loadRawSamples(
  ctx: Ctx,
  ids: number[],
  start: number,
  end: number,
  held: HeldChunks = { ids: [], starts: [], xs: [] },
): Promise<RawRow[]> {
  const send = sql`h.id IS NULL`;
  const r = await sql<RawRow>`
    SELECT c.series_id AS id, 0 AS k, date_part('epoch', c.start_time) * 1000 AS t0,
           c.xmin::text AS x,
           CASE WHEN ${send} THEN c.time_deltas_ms[1] END AS d0,
           CASE WHEN ${send} THEN c.time_deltas_ms[2] END AS d1,
           CASE WHEN ${send} AND NOT (c.sample_count > 1
                                      AND c.time_deltas_ms[2:] <@ ARRAY[c.time_deltas_ms[2]])
                THEN ${b64(sql`c.time_deltas_ms`)} END AS ts,
           CASE WHEN ${send} THEN ${b64(sql`c.sample_values`)} END AS vs
      FROM metric_sample_chunks c
      LEFT JOIN unnest(${held.ids}::int8[], ${held.starts}::timestamptz[], ${held.xs}::text[])
             AS h(id, start_time, x)
        ON h.id = c.series_id AND h.start_time = c.start_time AND h.x = c.xmin::text
     WHERE c.series_id = ANY(${ids}::int8[]) AND ${chunkWindow(start, end)}
    UNION ALL ${headRows(ids, start, end)}`.execute(txOf(ctx));
  return r.rows;
}

export type RollupTable = 'metric_rollups_5m' | 'metric_rollups_1h';

/** A rollup table's bucket and window (migration 0029: 24 buckets per row). */
export const ROLLUP_LAYOUT: Record<RollupTable, { bucketMs: number; windowMs: number }> = {
  metric_rollups_5m: { bucketMs: 300_000, windowMs: 7_200_000 },
  metric_rollups_1h: { bucketMs: 3_600_000, windowMs: 86_400_000 },
};
export const ROLLUP_SLOTS = 24;

// Fixed expressions, never user input: the array of one value per bucket (NULL for a bucket
// without samples). A NULL increase (a gauge) reads as NaN in every bucket, so the source can
// see that the series has no counter rollup and fall back to raw samples. `avg` sends the sums
// and the counts separately.
const VALUE_SQL: Record<RollupValue, string> = {
  last: 'last_value',
  max: 'max_value',
  min: 'min_value',
  sum: 'sum_value',
  avg: 'sum_value',
  increase: `coalesce(increase, array_fill('NaN'::float8, ARRAY[${ROLLUP_SLOTS}]))`,
};

export interface RollupRow {
  id: number;
  /** Base64 timestamptz[] of the series' window starts, in time order. */
  ws: string;
  /** Base64 float8[windows][24] of the planned value per bucket, NULL where none. */
  vs: string;
  /** For `avg`: base64 int4[windows][24] of the sample counts, else null. */
  ns: string | null;
  /**
   * For `increase`: the last sample value of the newest bucket starting in [start, end), where
   * raw samples take over; else null.
   */
  last: number | null;
}

/**
 * Rollup windows of `ids` holding buckets that start in [start, end) ms, one row per series
 * with all its windows' arrays (the caller keeps the buckets in range).
 */
export async function loadRollups(
  ctx: Ctx,
  table: RollupTable,
  value: RollupValue,
  ids: number[],
  start: number,
  end: number,
): Promise<RollupRow[]> {
  const { bucketMs, windowMs } = ROLLUP_LAYOUT[table];
  const from = pgTime(Math.floor(start / windowMs) * windowMs);
  // The newest bucket's last value, by one backward index scan per series.
  const last =
    value === 'increase'
      ? sql`(SELECT u.l FROM ${sql.table(table)} x
              CROSS JOIN LATERAL unnest(x.last_value) WITH ORDINALITY AS u(l, i)
              WHERE x.series_id = r.id AND x.bucket >= ${from} AND x.bucket < ${pgTime(end)}
                AND u.l IS NOT NULL
                AND x.bucket + (u.i - 1) * ${bucketMs}::float8 * interval '1 millisecond'
                    BETWEEN ${pgTime(start)} AND ${pgTime(end - 1)}
              ORDER BY x.bucket DESC, u.i DESC LIMIT 1)`
      : sql`NULL::float8`;
  const counts =
    value === 'avg' ? b64(sql`array_agg(sample_count ORDER BY bucket)`) : sql`NULL::text`;
  const r = await sql<RollupRow>`
    SELECT r.id, r.ws, r.vs, r.ns, ${last} AS last FROM (
      SELECT series_id AS id, ${b64(sql`array_agg(bucket ORDER BY bucket)`)} AS ws,
             ${b64(sql`array_agg(${sql.raw(VALUE_SQL[value])} ORDER BY bucket)`)} AS vs,
             ${counts} AS ns
        FROM ${sql.table(table)}
       WHERE series_id = ANY(${ids}::int8[]) AND bucket >= ${from} AND bucket < ${pgTime(end)}
       GROUP BY series_id) r`.execute(txOf(ctx));
  return r.rows;
}

/**
 * Settings of a query's transaction: the API's `timeout` as statement_timeout, and room for the
 * per-series array aggregates in memory. At the default 4 MB a 7-day query over 1,000 series
 * spills its hash aggregate to disk, and parallel workers would have to serialize and merge
 * those arrays, costing more than they save.
 */
export async function prepareQueryTransaction(ctx: Ctx, timeoutMs: number): Promise<void> {
  const ms = String(Math.max(1, Math.round(timeoutMs)));
  await sql`SELECT set_config('statement_timeout', ${ms}, true),
                   set_config('work_mem', '64MB', true),
                   set_config('max_parallel_workers_per_gather', '0', true)`.execute(txOf(ctx));
}

/** Label names of the matching series (with `__name__`), sorted. */
export async function labelNames(ctx: Ctx, sets: Matcher[][]): Promise<string[]> {
  return guardRegex(async () => {
    const r = await sql<{ k: string }>`SELECT DISTINCT k COLLATE "C" AS k FROM (
        SELECT jsonb_object_keys(s.labels) AS k FROM metric_series s
         WHERE s.org_id = ${ctx.orgId} AND ${matchersSql(sets)}
        UNION ALL SELECT '__name__' WHERE EXISTS (
          SELECT 1 FROM metric_series s
           WHERE s.org_id = ${ctx.orgId} AND ${matchersSql(sets)})
      ) x ORDER BY k`.execute(txOf(ctx));
    return r.rows.map((x) => x.k);
  });
}

/** Values of one label over the matching series, sorted; `__name__` gives metric names. */
export async function labelValues(
  ctx: Ctx,
  name: string,
  sets: Matcher[][],
  limit: number,
): Promise<string[]> {
  const col = name === '__name__' ? sql`s.name` : sql`s.labels ->> ${name}`;
  return guardRegex(async () => {
    const r = await sql<{ v: string }>`SELECT DISTINCT ${col} COLLATE "C" AS v FROM metric_series s
       WHERE s.org_id = ${ctx.orgId} AND ${matchersSql(sets)}
         AND ${col} IS NOT NULL AND ${col} <> ''
       ORDER BY v LIMIT ${limit}`.execute(txOf(ctx));
    return r.rows.map((x) => x.v);
  });
}

export interface MetadataRow {
  name: string;
  type: string;
  help: string | null;
  unit: string | null;
}

/** One row per metric name and distinct (type, help, unit), names sorted; `metric` with its histogram series. */
export async function metricMetadata(
  ctx: Ctx,
  metric: string | null,
  limit: number,
): Promise<MetadataRow[]> {
  const r =
    await sql<MetadataRow>`SELECT DISTINCT s.name COLLATE "C" AS name, s.type, s.help, s.unit FROM metric_series s
     WHERE s.org_id = ${ctx.orgId}
       AND (${metric}::text IS NULL
            OR s.name IN (${metric}, ${metric} || '_bucket', ${metric} || '_sum', ${metric} || '_count'))
     ORDER BY name, type, help LIMIT ${limit}`.execute(txOf(ctx));
  return r.rows;
}

/** A row's labels in Prometheus' form: the label set plus `__name__`. */
export function labelsOf(row: SeriesRow): Labels {
  return { __name__: row.name, ...row.labels };
}
