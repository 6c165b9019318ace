import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maintainPartitions } from '../../db/partitions.ts';
import { createTestDatabase, type TestDatabase } from '../../../test/db.ts';
import { seedOrg } from '../../../test/identity.ts';
import { compactMetricSamples, compactionCutoff } from './compaction.ts';
import { refreshMetricRollups } from './rollups.ts';

// Compaction, rollups and retention of metric storage against a real PostgreSQL. Time is
// pinned: "now" is today 12:00 UTC and the head holds samples from yesterday 00:00 to today
// 11:00 (the daily partitions of yesterday to 3 days ahead exist in every test database).

let t: TestDatabase;
let orgId: string;
const DAY = 86_400_000;
const TODAY = Math.floor(Date.now() / DAY) * DAY;
const NOW = new Date(TODAY + 12 * 3_600_000);
const OPTS = { chunkHours: 2, headMinutes: 60, batchSeries: 7 };
const SERIES = 24;

const q = async <R extends object>(sql: string, params: unknown[] = []) =>
  (await t.handle.pool.query<R>(sql, params)).rows;

/** Every stored sample (head and chunks) as "series|ms|value" (value as float8 text). */
async function stored(): Promise<string[]> {
  const rows = await q<{ s: string }>(
    `SELECT series_id || '|' || t || '|' || v AS s FROM (
       SELECT series_id, floor(extract(epoch FROM time) * 1000)::bigint AS t, value::text AS v
         FROM metric_samples
       UNION ALL
       SELECT c.series_id,
              (extract(epoch FROM c.start_time) * 1000)::bigint
                + sum(u.d) OVER (PARTITION BY c.series_id, c.start_time ORDER BY u.i),
              u.v::text
         FROM metric_sample_chunks c,
              unnest(c.time_deltas_ms, c.sample_values) WITH ORDINALITY AS u(d, v, i)
     ) x ORDER BY series_id, t`,
  );
  return rows.map((r) => r.s);
}

const chunkDigest = async () =>
  (
    await q<{ d: string }>(`SELECT md5(string_agg(c::text, ',' ORDER BY series_id, start_time)) AS d
                            FROM metric_sample_chunks c`)
  )[0]!.d;

beforeAll(async () => {
  t = await createTestDatabase();
  orgId = await seedOrg(t.handle.db, 'storage');
  // Counters (with resets), gauges (with NaN), histogram bucket counters and untyped series.
  await q(
    `INSERT INTO metric_series (org_id, name, labels, fingerprint, type, le)
     SELECT $1, CASE k WHEN 0 THEN 'c_total' WHEN 1 THEN 'g' WHEN 2 THEN 'h_bucket' ELSE 'u' END,
            jsonb_build_object('i', i::text), decode(md5(i::text), 'hex'),
            CASE k WHEN 0 THEN 'counter' WHEN 1 THEN 'gauge' WHEN 2 THEN 'histogram' ELSE 'unknown' END,
            CASE k WHEN 2 THEN i END
       FROM generate_series(1, $2::int) i, LATERAL (SELECT i % 4 AS k) kk`,
    [orgId, SERIES],
  );
  // One sample per minute and series with a per-series millisecond offset, 35 hours.
  await q(
    `INSERT INTO metric_samples (time, series_id, value, org_id)
     SELECT to_timestamp(($2::bigint + n * 60000 + (s.id % 17) * 37) / 1000.0), s.id,
            CASE WHEN s.type = 'gauge' AND n % 331 = 0 THEN 'NaN'::float8
                 WHEN s.type = 'gauge' THEN round((random() * 1000)::numeric, 3)::float8
                 ELSE (n % 700) * 2.5 + floor(random() * 2) END,
            s.org_id
       FROM metric_series s, generate_series(0, 35 * 60 - 1) n
      WHERE s.org_id = $1`,
    [orgId, TODAY - DAY],
  );
  // The independent reference for the rollups: a copy of the raw samples.
  await q(`CREATE TABLE raw_copy AS SELECT * FROM metric_samples`);
});
afterAll(async () => t?.drop());

describe('metric compaction', () => {
  let before: string[];

  it('moves every closed-window sample into one chunk per series and window, exactly once', async () => {
    before = await stored();
    const cutoff = compactionCutoff(NOW, OPTS);
    expect(cutoff.getTime()).toBe(TODAY + 10 * 3_600_000);
    const r = await compactMetricSamples(t.handle.pool, OPTS, NOW);
    expect(r.skipped).toBe(false);
    expect(r.windows).toBe(17); // yesterday's 12 windows and today's 00:00..10:00
    expect(r.samples).toBe(SERIES * 34 * 60);
    expect(r.chunks).toBe(SERIES * 17);
    expect(await stored()).toEqual(before);

    const head = await q<{ n: string; oldest: Date }>(
      'SELECT count(*) AS n, min(time) AS oldest FROM metric_samples',
    );
    expect(Number(head[0]!.n)).toBe(SERIES * 60);
    expect(head[0]!.oldest.getTime()).toBeGreaterThanOrEqual(cutoff.getTime());
    // Chunk shape: aligned start, first delta = offset from the start, never crossing a day.
    const bad = await q(
      `SELECT 1 FROM metric_sample_chunks
        WHERE extract(epoch FROM start_time)::bigint % 7200 <> 0
           OR time_deltas_ms[1] <> (series_id % 17) * 37
           OR date_trunc('day', start_time AT TIME ZONE 'UTC') <> date_trunc('day', end_time AT TIME ZONE 'UTC')
           OR sample_count <> 120 OR time_deltas_ms[2] <> 60000`,
    );
    expect(bad).toEqual([]);
    // Yesterday's head partition is emptied for good (TRUNCATE), today's keeps its rows.
    expect(r.truncated).toHaveLength(1);
  });

  it('changes nothing when run again', async () => {
    const digest = await chunkDigest();
    const r = await compactMetricSamples(t.handle.pool, OPTS, NOW);
    expect(r).toMatchObject({ samples: 0, chunks: 0, truncated: [] });
    expect(await chunkDigest()).toBe(digest);
    expect(await stored()).toEqual(before);
  });

  it('merges late samples into the compacted chunk; a resent timestamp keeps the stored value', async () => {
    const series = (
      await q<{ id: string }>(
        `SELECT id::text FROM metric_series WHERE name = 'g' AND id % 17 <> 0 LIMIT 1`,
      )
    )[0]!.id;
    const offset = (Number(series) % 17) * 37; // of every stored sample of the series
    const hour = TODAY + 3_600_000; // inside today's compacted 00:00-02:00 window
    await q(
      `INSERT INTO metric_samples (time, series_id, value, org_id) VALUES
         (to_timestamp($1 / 1000.0), $4, 42.5, $5),  -- new, between two stored samples
         (to_timestamp($2 / 1000.0), $4, -1, $5),    -- resent timestamp, different value
         (to_timestamp($3 / 1000.0), $4, 7, $5)      -- new, at the window start`,
      [hour + offset + 30_000, hour + offset, TODAY, series, orgId],
    );
    const r = await compactMetricSamples(t.handle.pool, OPTS, NOW);
    expect(r).toMatchObject({ samples: 3, chunks: 1 });
    const expected = [
      ...before,
      `${series}|${hour + offset + 30_000}|42.5`,
      `${series}|${TODAY}|7`,
    ].sort(bySeriesTime);
    expect(await stored()).toEqual(expected);
    const chunk = await q<{ n: number; first: number; second: number }>(
      `SELECT sample_count AS n, time_deltas_ms[1] AS first, time_deltas_ms[2] AS second
         FROM metric_sample_chunks WHERE series_id = $1 AND start_time = to_timestamp($2 / 1000.0)`,
      [series, TODAY],
    );
    expect(chunk[0]).toEqual({ n: 122, first: 0, second: offset });
    await q(
      `INSERT INTO raw_copy VALUES (to_timestamp($1 / 1000.0), $2, 42.5, $3),
                                         (to_timestamp($4 / 1000.0), $2, 7, $3)`,
      [hour + offset + 30_000, series, orgId, TODAY],
    );
  });
});

function bySeriesTime(a: string, b: string): number {
  const [sa, ta] = a.split('|').map(Number);
  const [sb, tb] = b.split('|').map(Number);
  return sa! - sb! || ta! - tb!;
}

/** The reference aggregate over raw_copy, computed without the rollup code. */
async function reference(width: string) {
  return q<Record<string, string | number | null>>(
    `WITH d AS (
       SELECT r.*, s.type,
              CASE WHEN lag(value) OVER w IS NULL THEN 0
                   WHEN value < lag(value) OVER w THEN value
                   ELSE value - lag(value) OVER w END AS rise
         FROM raw_copy r JOIN metric_series s ON s.id = r.series_id
       WINDOW w AS (PARTITION BY series_id ORDER BY time)
     )
     SELECT series_id::text, date_bin($1::interval, time, TIMESTAMPTZ 'epoch') AS bucket,
            count(*)::int AS n, sum(value)::text AS s, min(value)::text AS lo,
            (SELECT max(x) FROM unnest(array_agg(value)) x WHERE x <> 'NaN')::text AS hi,
            (array_agg(value::text ORDER BY time DESC))[1] AS last,
            CASE WHEN min(type) = 'gauge' THEN NULL ELSE sum(rise)::text END AS inc
       FROM d GROUP BY 1, 2 ORDER BY 1, 2`,
    [width],
  );
}

/** The buckets stored in a rollup table (arrays of 24 per window, migration 0029), one per row. */
const rollup = (table: string) =>
  q<Record<string, string | number | null>>(
    `SELECT r.series_id::text,
            r.bucket + (u.i - 1) * $1::interval AS bucket, u.n, u.s::text AS s, u.lo::text AS lo,
            nullif(u.hi::text, 'NaN') AS hi, u.last::text AS last, u.inc::text AS inc
       FROM ${table} r
      CROSS JOIN LATERAL unnest(r.sample_count, r.sum_value, r.min_value, r.max_value,
                                r.last_value, r.increase) WITH ORDINALITY AS u(n, s, lo, hi, last, inc, i)
      WHERE u.n > 0 ORDER BY 1, 2`,
    [table === 'metric_rollups_5m' ? '5 minutes' : '1 hour'],
  );

/** Sums may differ in the last bits (addition order): compare them as numbers. */
function close(a: Record<string, unknown>[], b: Record<string, unknown>[]) {
  expect(a.length).toBe(b.length);
  a.forEach((row, i) => {
    const other = b[i]!;
    for (const k of Object.keys(row)) {
      const x = row[k];
      const y = other[k];
      if ((k === 's' || k === 'inc') && x !== null && y !== null && x !== 'NaN') {
        expect(Number(x)).toBeCloseTo(Number(y), 6);
      } else expect([k, x]).toEqual([k, y]);
    }
  });
}

describe('metric rollups', () => {
  it('5-minute and hourly rollups equal an independent aggregate of the raw samples', async () => {
    await refreshMetricRollups(t.handle.pool, { lookbackMinutes: 120 }, NOW);
    close(await rollup('metric_rollups_5m'), await reference('5 minutes'));
    close(await rollup('metric_rollups_1h'), await reference('1 hour'));
  });

  it('a late sample within the lookback is re-aggregated by the next refresh', async () => {
    const series = (
      await q<{ id: string }>(`SELECT id::text FROM metric_series WHERE type = 'counter' LIMIT 1`)
    )[0]!.id;
    const at = NOW.getTime() - 61 * 60_000 + 500; // 10:59:00.5, in the head
    await q(`INSERT INTO metric_samples VALUES (to_timestamp($1 / 1000.0), $2, 1e9, $3)`, [
      at,
      series,
      orgId,
    ]);
    await q(`INSERT INTO raw_copy VALUES (to_timestamp($1 / 1000.0), $2, 1e9, $3)`, [
      at,
      series,
      orgId,
    ]);
    await refreshMetricRollups(t.handle.pool, { lookbackMinutes: 120 }, NOW);
    close(await rollup('metric_rollups_5m'), await reference('5 minutes'));
    close(await rollup('metric_rollups_1h'), await reference('1 hour'));
  });
});

describe('metric retention', () => {
  const day = (daysAgo: number) => new Date(TODAY - daysAgo * DAY).toISOString().slice(0, 10);
  const exists = async (name: string) =>
    (await q<{ r: string | null }>('SELECT to_regclass($1)::text AS r', [name]))[0]!.r !== null;
  const part = (table: string, daysAgo: number) => `${table}_p${day(daysAgo).replace(/-/g, '')}`;

  it('drops raw partitions after 7 days, 5-minute after 90, hourly after 365; an org policy extends', async () => {
    const made: [string, number][] = [
      ['metric_samples', 8],
      ['metric_sample_chunks', 8],
      ['metric_sample_chunks', 6],
      ['metric_rollups_5m', 91],
      ['metric_rollups_5m', 89],
      ['metric_rollups_1h', 366],
      ['metric_rollups_1h', 200],
    ];
    for (const [table, ago] of made) {
      await q('SELECT pharos_create_partitions($1, $2::date, 1)', [table, day(ago)]);
    }
    await maintainPartitions(t.handle.pool, 3);
    expect(await exists(part('metric_samples', 8))).toBe(false);
    expect(await exists(part('metric_sample_chunks', 8))).toBe(false);
    expect(await exists(part('metric_sample_chunks', 6))).toBe(true);
    expect(await exists(part('metric_rollups_5m', 91))).toBe(false);
    expect(await exists(part('metric_rollups_5m', 89))).toBe(true);
    expect(await exists(part('metric_rollups_1h', 366))).toBe(false);
    expect(await exists(part('metric_rollups_1h', 200))).toBe(true);

    // Configurable: an organization keeping 5-minute rollups 120 days keeps the 91-day partition.
    await q('SELECT pharos_create_partitions($1, $2::date, 1)', ['metric_rollups_5m', day(91)]);
    await q(
      `INSERT INTO retention_policies (org_id, data_kind, retention_days) VALUES ($1, 'metrics_5m', 120)`,
      [orgId],
    );
    await maintainPartitions(t.handle.pool, 3);
    expect(await exists(part('metric_rollups_5m', 91))).toBe(true);
  });
});
