import type pg from 'pg';

/**
 * SQL of metric storage maintenance: compaction of the head (metric_samples) into chunks and
 * the 5-minute / hourly rollups. Runs as the connecting role (jobs, no request organization):
 * every statement is bounded by a series id range and a time range, never by user input.
 * Queries take `pg.Pool | pg.PoolClient` so a caller can put several in one transaction.
 */

type Q = pg.Pool | pg.PoolClient;

export interface IdRange {
  lo: number;
  hi: number;
}

/** The chunk windows (start, UTC) that hold head samples older than `cutoff`. */
export async function headWindowsBefore(db: Q, cutoff: Date, windowMs: number): Promise<Date[]> {
  const r = await db.query<{ w: Date }>(
    `SELECT DISTINCT date_bin($2::bigint * interval '1 millisecond', time, TIMESTAMPTZ 'epoch') AS w
       FROM metric_samples WHERE time < $1 ORDER BY 1`,
    [cutoff, windowMs],
  );
  return r.rows.map((x) => x.w);
}

/** The smallest and largest series id with head samples in [from, to). */
export async function headSeriesBounds(db: Q, from: Date, to: Date): Promise<IdRange | null> {
  const r = await db.query<{ lo: string | null; hi: string | null }>(
    `SELECT min(series_id)::text AS lo, max(series_id)::text AS hi
       FROM metric_samples WHERE time >= $1 AND time < $2`,
    [from, to],
  );
  const row = r.rows[0];
  return row?.lo && row.hi ? { lo: Number(row.lo), hi: Number(row.hi) } : null;
}

/** The smallest and largest metric_series id (the rollup job's batches). */
export async function seriesIdBounds(db: Q): Promise<IdRange | null> {
  const r = await db.query<{ lo: string | null; hi: string | null }>(
    'SELECT min(id)::text AS lo, max(id)::text AS hi FROM metric_series',
  );
  const row = r.rows[0];
  return row?.lo && row.hi ? { lo: Number(row.lo), hi: Number(row.hi) } : null;
}

/** Creates the daily partitions of `tables` for the UTC day of `day` when one is missing. */
export async function ensureDayPartitions(db: Q, tables: string[], day: Date): Promise<void> {
  await db.query(
    `SELECT pharos_create_partitions(t, ($2::timestamptz AT TIME ZONE 'UTC')::date, 1)
       FROM unnest($1::text[]) AS t
      WHERE to_regclass(t || '_p' || to_char($2::timestamptz AT TIME ZONE 'UTC', 'YYYYMMDD')) IS NULL`,
    [tables, day],
  );
}

export interface MoveResult {
  samples: number;
  chunks: number;
}

/**
 * Moves the head samples of one window [from, to) and series range into chunks, in the
 * caller's transaction: one DELETE ... RETURNING feeds the INSERT, so every sample is in
 * exactly one table before and after. A chunk that already exists (late samples after its
 * window was compacted) is merged by pharos_metric_chunk_merge (migration 0016). Timestamps are
 * kept to the millisecond (time_deltas_ms).
 */
export async function moveWindowToChunks(
  client: pg.PoolClient,
  from: Date,
  to: Date,
  ids: IdRange,
): Promise<MoveResult> {
  const r = await client.query<{ samples: string; chunks: string }>(
    `WITH moved AS (
       DELETE FROM metric_samples
        WHERE time >= $1 AND time < $2 AND series_id BETWEEN $3 AND $4
       RETURNING series_id, org_id, time, value
     ), ms AS (
       SELECT series_id, org_id, time, value,
              floor(extract(epoch FROM time) * 1000)::bigint AS t
         FROM moved
     ), gaps AS (
       SELECT series_id, org_id, time, value,
              t - lag(t, 1, floor(extract(epoch FROM $1::timestamptz) * 1000)::bigint)
                    OVER (PARTITION BY series_id ORDER BY time) AS d
         FROM ms
     ), packed AS (
       SELECT series_id, org_id, count(*)::integer AS n,
              array_agg(d::integer ORDER BY time) AS d, array_agg(value ORDER BY time) AS v
         FROM gaps GROUP BY series_id, org_id
     ), written AS (
       INSERT INTO metric_sample_chunks AS c
              (start_time, series_id, end_time, org_id, sample_count, time_deltas_ms, sample_values)
       SELECT $1, series_id, $1::timestamptz + (SELECT sum(x) FROM unnest(d) x) * interval '1 millisecond',
              org_id, n, d, v
         FROM packed
       ON CONFLICT (series_id, start_time) DO UPDATE
          SET (end_time, sample_count, time_deltas_ms, sample_values) =
              (SELECT m.end_time, m.sample_count, m.time_deltas_ms, m.sample_values
                 FROM pharos_metric_chunk_merge(c.start_time, c.time_deltas_ms, c.sample_values,
                                                EXCLUDED.time_deltas_ms, EXCLUDED.sample_values) m)
       RETURNING 1
     )
     SELECT (SELECT count(*) FROM moved)::text AS samples, (SELECT count(*) FROM written)::text AS chunks`,
    [from, to, ids.lo, ids.hi],
  );
  return { samples: Number(r.rows[0]?.samples ?? 0), chunks: Number(r.rows[0]?.chunks ?? 0) };
}

/**
 * Empties, by TRUNCATE, the head partitions of whole UTC days before `cutoff` that compaction
 * left without rows (DELETE leaves their pages until VACUUM). The partitions stay, so a late
 * sample for that day is still accepted and compacted by a later run. The lock waits up to 3 s,
 * not NOWAIT: an autovacuum of the partition (which a compaction's DELETE sets off at once)
 * holds a conflicting lock and gives way only to a waiting lock request, so with NOWAIT the
 * truncation kept losing to it. A partition still in use is tried again next time.
 */
export async function truncateEmptyHeadDays(
  client: pg.PoolClient,
  cutoff: Date,
): Promise<string[]> {
  const parts = await client.query<{ part: string }>(
    `SELECT c.oid::regclass::text AS part
       FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
      WHERE i.inhparent = 'metric_samples'::regclass
        AND c.relname ~ '_p\\d{8}$'
        AND to_date(right(c.relname, 8), 'YYYYMMDD') + 1 <= ($1::timestamptz AT TIME ZONE 'UTC')::date
        AND pg_relation_size(c.oid) > 0`,
    [cutoff],
  );
  const done: string[] = [];
  for (const { part } of parts.rows) {
    try {
      await client.query('BEGIN');
      await client.query(`SET LOCAL lock_timeout = '3s'`);
      await client.query(`LOCK TABLE ${part} IN ACCESS EXCLUSIVE MODE`);
      const rows = await client.query(`SELECT 1 FROM ${part} LIMIT 1`);
      if (rows.rowCount === 0) {
        await client.query(`TRUNCATE ${part}`);
        done.push(part);
      }
      await client.query('COMMIT');
    } catch (err) {
      await client.query('ROLLBACK');
      if ((err as { code?: string }).code !== '55P03') throw err; // lock_not_available (timeout)
    }
  }
  return done;
}

/**
 * Rollup storage (migration 0029): one row per series and window of SLOTS buckets, each column
 * an array with one element per bucket (sample_count 0 and NULL values for a bucket without
 * samples; increase NULL for a gauge). 5-minute buckets in 2-hour windows, hourly buckets in
 * UTC days.
 */
const SLOTS = 24;
interface RollupLayout {
  table: 'metric_rollups_5m' | 'metric_rollups_1h';
  bucket: string;
  bucketSeconds: number;
  window: string;
}
const FIVE_MINUTE_ROLLUP: RollupLayout = {
  table: 'metric_rollups_5m',
  bucket: '5 minutes',
  bucketSeconds: 300,
  window: '2 hours',
};
const HOUR_ROLLUP: RollupLayout = {
  table: 'metric_rollups_1h',
  bucket: '1 hour',
  bucketSeconds: 3600,
  window: '1 day',
};
const ROLLUP_COLUMNS = [
  'sample_count',
  'sum_value',
  'min_value',
  'max_value',
  'last_value',
  'increase',
] as const;

/**
 * The tail of a rollup refresh statement: `agg` (bucket, series_id, org_id, n, s, lo, hi, last,
 * inc; buckets in [$1, $2)) packed into windows and upserted. Only the slots of [$1, $2) are
 * replaced in an existing row (merged against the row as it is when locked, so concurrent
 * refreshes of other slots are kept), and a row whose refreshed slots did not change is not
 * rewritten. Fixed SQL text; the times are the statement's parameters $1 and $2.
 */
function packAndUpsert(l: RollupLayout, increase: string): string {
  const slot = (p: string, round: 'floor' | 'ceil') =>
    `least(${SLOTS}, greatest(0, ${round}(extract(epoch FROM (${p}::timestamptz - EXCLUDED.bucket)) / ${l.bucketSeconds})))::int`;
  const lo = slot('$1', 'floor');
  const hi = slot('$2', 'ceil');
  const old = (c: string) =>
    c === 'increase'
      ? `(coalesce(r.increase, array_fill(NULL::float8, ARRAY[${SLOTS}])))`
      : `r.${c}`;
  const merged = (c: string) =>
    `${old(c)}[1:${lo}] || EXCLUDED.${c}[${lo} + 1:${hi}] || ${old(c)}[${hi} + 1:${SLOTS}]`;
  const set = ROLLUP_COLUMNS.map((c) =>
    c === 'increase'
      ? `increase = CASE WHEN EXCLUDED.increase IS NOT NULL THEN ${merged(c)} END`
      : `${c} = ${merged(c)}`,
  );
  const slice = (t: string) => ROLLUP_COLUMNS.map((c) => `${t}.${c}[${lo} + 1:${hi}]`).join(', ');
  return `, keys AS (
       SELECT DISTINCT series_id, org_id, date_bin('${l.window}', bucket, TIMESTAMPTZ 'epoch') AS w
         FROM agg
     ), packed AS (
       SELECT k.w, k.series_id, k.org_id, array_agg(coalesce(a.n, 0) ORDER BY i) AS n,
              array_agg(a.s ORDER BY i) AS s, array_agg(a.lo ORDER BY i) AS lo,
              array_agg(a.hi ORDER BY i) AS hi, array_agg(a.last ORDER BY i) AS last,
              array_agg(a.inc ORDER BY i) AS inc, bool_or(a.inc IS NOT NULL) AS has_inc
         FROM keys k CROSS JOIN generate_series(0, ${SLOTS - 1}) i
         LEFT JOIN agg a
                ON a.series_id = k.series_id AND a.bucket = k.w + i * interval '${l.bucket}'
        GROUP BY k.w, k.series_id, k.org_id
     )
     INSERT INTO ${l.table} AS r
            (bucket, series_id, org_id, ${ROLLUP_COLUMNS.join(', ')})
     SELECT p.w, p.series_id, p.org_id, p.n, p.s, p.lo, p.hi, p.last, ${increase}
       FROM packed p JOIN metric_series s ON s.id = p.series_id
     ON CONFLICT (series_id, bucket) DO UPDATE SET ${set.join(',\n         ')}
      WHERE (${slice('r')}) IS DISTINCT FROM (${slice('EXCLUDED')})`;
}

/**
 * Re-aggregates the 5-minute rollups of the series range over [from, to) (5-minute aligned)
 * from every stored sample (head and chunks; a sample resent after its window was compacted is
 * counted once, the chunk's value winning), then the hourly rollups of the hours touched from
 * the 5-minute buckets (a window whose refreshed buckets did not change is not rewritten: most
 * of a refresh are). `increase` is the sum over the bucket's samples of the rise from the
 * previous sample of the series (looked up to `prevLookbackMs` before the bucket), a drop
 * counting as a counter reset (the new value is the increase), so it adds up across buckets:
 * the hourly increase is the sum of its 5-minute ones. NULL for gauges. NaN propagates to sum
 * and last; min and max ignore NaN unless every sample is NaN, as min/max_over_time do.
 */
export async function refreshRollupRange(
  db: Q,
  from: Date,
  to: Date,
  ids: IdRange,
  prevLookbackMs: number,
): Promise<{ buckets5m: number; buckets1h: number }> {
  const r5 = await db.query(
    `WITH pts AS (
       SELECT series_id, org_id, time, value, 1 AS src
         FROM metric_samples
        WHERE series_id BETWEEN $3 AND $4 AND time >= $5 AND time < $2
       UNION ALL
       SELECT series_id, org_id, time, value, 0 FROM (
         SELECT c.series_id, c.org_id, u.v AS value,
                c.start_time + sum(u.d) OVER (PARTITION BY c.series_id, c.start_time ORDER BY u.i)
                               * interval '1 millisecond' AS time
           FROM metric_sample_chunks c
          CROSS JOIN LATERAL unnest(c.time_deltas_ms, c.sample_values) WITH ORDINALITY AS u(d, v, i)
          WHERE c.series_id BETWEEN $3 AND $4
            AND c.start_time >= date_bin('1 day', $5::timestamptz, TIMESTAMPTZ 'epoch')
            AND c.start_time < $2 AND c.end_time >= $5
       ) unpacked WHERE time >= $5 AND time < $2
     ), uniq AS (
       SELECT DISTINCT ON (series_id, time) series_id, org_id, time, value
         FROM pts ORDER BY series_id, time, src
     ), prev AS (
       SELECT series_id, org_id, time, value,
              lag(value) OVER (PARTITION BY series_id ORDER BY time) AS prev
         FROM uniq
     ), agg AS (
       SELECT date_bin('5 minutes', time, TIMESTAMPTZ 'epoch') AS bucket, series_id, org_id,
              count(*)::integer AS n, sum(value) AS s, min(value) AS lo,
              coalesce(max(value) FILTER (WHERE value <> 'NaN'), 'NaN') AS hi,
              (array_agg(value ORDER BY time DESC))[1] AS last,
              sum(CASE WHEN prev IS NULL THEN 0 WHEN value >= prev THEN value - prev ELSE value END) AS inc
         FROM prev WHERE time >= $1
        GROUP BY 1, 2, 3
     )${packAndUpsert(FIVE_MINUTE_ROLLUP, `CASE WHEN s.type = 'gauge' THEN NULL ELSE p.inc END`)}`,
    [from, to, ids.lo, ids.hi, new Date(from.getTime() - prevLookbackMs)],
  );
  const r1 = await db.query(
    `WITH five AS (
       SELECT r.series_id, r.org_id, r.bucket + (u.i - 1) * interval '5 minutes' AS b,
              u.n, u.s, u.lo, u.hi, u.last, u.inc
         FROM metric_rollups_5m r
        CROSS JOIN LATERAL unnest(r.sample_count, r.sum_value, r.min_value, r.max_value,
                                  r.last_value, r.increase) WITH ORDINALITY AS u(n, s, lo, hi, last, inc, i)
        WHERE r.series_id BETWEEN $3 AND $4
          AND r.bucket >= date_bin('2 hours', $1::timestamptz, TIMESTAMPTZ 'epoch') AND r.bucket < $2
     ), agg AS (
       SELECT date_bin('1 hour', b, TIMESTAMPTZ 'epoch') AS bucket, series_id, org_id,
              sum(n)::integer AS n, sum(s) AS s, min(lo) AS lo,
              coalesce(max(hi) FILTER (WHERE hi <> 'NaN'), 'NaN') AS hi,
              (array_agg(last ORDER BY b DESC))[1] AS last, sum(inc) AS inc
         FROM five WHERE n > 0 AND b >= $1 AND b < $2
        GROUP BY 1, 2, 3
     )${packAndUpsert(HOUR_ROLLUP, 'CASE WHEN p.has_inc THEN p.inc END')}`,
    [hourFloor(from), hourCeil(to), ids.lo, ids.hi],
  );
  return { buckets5m: r5.rowCount ?? 0, buckets1h: r1.rowCount ?? 0 };
}

const HOUR = 3_600_000;
function hourFloor(d: Date): Date {
  return new Date(Math.floor(d.getTime() / HOUR) * HOUR);
}
function hourCeil(d: Date): Date {
  return new Date(Math.ceil(d.getTime() / HOUR) * HOUR);
}
