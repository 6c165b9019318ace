import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { seedOrg } from '../../../test/identity.ts';
import { systemCtx, withTransaction } from '../../db/context.ts';
import { loadRawSamples } from './repository.ts';
import { DbSeriesSource } from './source-db.ts';
import { PromQLError, type Matcher, type RawSeries, type SelectHints } from './types.ts';

/**
 * The PostgreSQL SeriesSource on real tables: matchers translated to SQL (with Prometheus'
 * empty-label semantics), the union of compacted chunks and head rows, organization isolation.
 */
let t: TestApp;
let orgA: string;
let orgB: string;
const DAY = 86_400_000;
const MIN = 60_000;
// Today's UTC midnight: chunks hold yesterday, the head holds today.
const today = Math.floor(Date.now() / DAY) * DAY;

async function addSeries(orgId: string, name: string, labels: Record<string, string>) {
  const fp = createHash('sha256')
    .update(name + JSON.stringify(labels) + orgId)
    .digest()
    .subarray(0, 16);
  const r = await t.db.handle.pool.query<{ id: string }>(
    `INSERT INTO metric_series (org_id, name, labels, fingerprint, type, first_seen_at)
     VALUES ($1, $2, $3, $4, 'counter', now() - interval '3 days') RETURNING id`,
    [orgId, name, JSON.stringify(labels), fp],
  );
  return Number(r.rows[0]!.id);
}

/** Samples every minute from `from` (count n), value = f(i); into a chunk or the head. */
async function addSamples(
  orgId: string,
  id: number,
  from: number,
  n: number,
  f: (i: number) => number,
  where: 'chunk' | 'head',
) {
  const values = Array.from({ length: n }, (_, i) => f(i));
  if (where === 'chunk') {
    await t.db.handle.pool.query(
      `INSERT INTO metric_sample_chunks (start_time, series_id, end_time, org_id, sample_count, time_deltas_ms, sample_values)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [
        new Date(from),
        id,
        new Date(from + (n - 1) * MIN),
        orgId,
        n,
        values.map((_, i) => (i === 0 ? 0 : MIN)),
        values,
      ],
    );
  } else {
    await t.db.handle.pool.query(
      `INSERT INTO metric_samples (time, series_id, value, org_id)
       SELECT to_timestamp(($1::float8 + i * 60000) / 1000), $2, ($3::float8[])[i + 1], $4
         FROM generate_series(0, $5 - 1) i`,
      [from, id, values, orgId, n],
    );
  }
}

let upA: number;
let upB: number;
let foreign: number;

beforeAll(async () => {
  t = await createTestApp();
  const pool = t.db.handle.pool;
  for (const table of ['metric_samples', 'metric_sample_chunks', 'metric_rollups_5m'])
    await pool.query(`SELECT pharos_create_partitions($1, current_date - 3, 6)`, [table]);
  orgA = await seedOrg(t.db.handle.db, 'prom-a');
  orgB = await seedOrg(t.db.handle.db, 'prom-b');
  upA = await addSeries(orgA, 'up', { job: 'api', instance: 'h1' });
  upB = await addSeries(orgA, 'up', { job: 'db', instance: 'h2', env: 'prod' });
  const other = await addSeries(orgA, 'http_requests_total', { job: 'api', code: '200' });
  foreign = await addSeries(orgB, 'up', { job: 'api', instance: 'h1' });
  // up{job="api"}: yesterday's last 60 minutes compacted, today's first 30 in the head.
  await addSamples(orgA, upA, today - 60 * MIN, 60, (i) => i, 'chunk');
  await addSamples(orgA, upA, today, 30, (i) => 100 + i, 'head');
  await addSamples(orgA, upB, today, 30, () => 0.5, 'head');
  await addSamples(orgA, other, today, 5, (i) => i * 10, 'head');
  await addSamples(orgB, foreign, today, 30, () => 666, 'head');
});
afterAll(async () => {
  await t?.close();
});

async function select(orgId: string, matchers: Matcher[], hints?: Partial<SelectHints>) {
  const ctx = systemCtx(t.db.handle.db, 'test', orgId);
  return withTransaction(ctx, (tx) =>
    new DbSeriesSource(tx).select(matchers, {
      start: today - DAY,
      end: today + DAY,
      step: 0,
      range: 0,
      ...hints,
    }),
  );
}
const m = (name: string, op: Matcher['op'], value: string): Matcher => ({ name, op, value });
const jobs = (r: RawSeries[]) => r.map((s) => `${s.labels.__name__}/${s.labels.job}`).sort();

describe('DbSeriesSource', () => {
  it('translates every matcher operator, with absent labels matching the empty string', async () => {
    const up = m('__name__', '=', 'up');
    expect(jobs(await select(orgA, [up]))).toEqual(['up/api', 'up/db']);
    expect(jobs(await select(orgA, [up, m('job', '=', 'db')]))).toEqual(['up/db']);
    expect(jobs(await select(orgA, [up, m('job', '!=', 'db')]))).toEqual(['up/api']);
    expect(jobs(await select(orgA, [up, m('job', '=~', 'a.*|x')]))).toEqual(['up/api']);
    expect(jobs(await select(orgA, [up, m('job', '=~', 'p')]))).toEqual([]); // anchored
    expect(jobs(await select(orgA, [up, m('job', '!~', 'a.*')]))).toEqual(['up/db']);
    expect(jobs(await select(orgA, [up, m('job', '=~', '(?i)API')]))).toEqual(['up/api']);
    // env is absent on up{job="api"}: it matches env="" and env!="prod" and env=~"|x".
    expect(jobs(await select(orgA, [up, m('env', '=', '')]))).toEqual(['up/api']);
    expect(jobs(await select(orgA, [up, m('env', '!=', '')]))).toEqual(['up/db']);
    expect(jobs(await select(orgA, [up, m('env', '!=', 'prod')]))).toEqual(['up/api']);
    expect(jobs(await select(orgA, [up, m('env', '=~', '|x')]))).toEqual(['up/api']);
    expect(jobs(await select(orgA, [m('__name__', '=~', 'up|http_.*')]))).toEqual([
      'http_requests_total/api',
      'up/api',
      'up/db',
    ]);
    expect(jobs(await select(orgA, [m('__name__', '!=', 'up'), m('job', '=', 'api')]))).toEqual([
      'http_requests_total/api',
    ]);
    expect(jobs(await select(orgA, [m('__name__', '!~', 'up')]))).toEqual([
      'http_requests_total/api',
    ]);
  });

  it('answers an invalid regular expression as bad_data', async () => {
    const err = await select(orgA, [m('job', '=~', '(unclosed')]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PromQLError);
    expect((err as PromQLError).errorType).toBe('bad_data');
  });

  it('reads compacted chunks and head rows as one ordered series, cut to [start, end]', async () => {
    const [s] = await select(orgA, [m('__name__', '=', 'up'), m('job', '=', 'api')], {
      start: today - 10 * MIN,
      end: today + 5 * MIN,
    });
    expect(s!.labels).toEqual({ __name__: 'up', job: 'api', instance: 'h1' });
    expect(Array.from(s!.timestamps)).toEqual(
      Array.from({ length: 16 }, (_, i) => today - 10 * MIN + i * MIN),
    );
    expect(Array.from(s!.values)).toEqual([
      50, 51, 52, 53, 54, 55, 56, 57, 58, 59, 100, 101, 102, 103, 104, 105,
    ]);
    const none = await select(orgA, [m('__name__', '=', 'up')], {
      start: today + DAY - MIN,
      end: today + DAY,
    });
    expect(none).toEqual([]);
  });

  it('reads chunks with irregular time deltas and head rows stored out of order', async () => {
    const id = await addSeries(orgA, 'irregular', { job: 'x' });
    const base = today - 2 * 60 * MIN;
    await t.db.handle.pool.query(
      `INSERT INTO metric_sample_chunks (start_time, series_id, end_time, org_id, sample_count, time_deltas_ms, sample_values)
       VALUES ($1, $2, $3, $4, 4, '{5000,1000,30000,2000}', '{1,2,3,4}')`,
      [new Date(base), id, new Date(base + 38_000), orgA],
    );
    // Head rows inserted newest first.
    for (const [dt, v] of [
      [120_000, 7],
      [60_000, 6],
      [40_000, 5],
    ] as const) {
      await t.db.handle.pool.query(
        'INSERT INTO metric_samples (time, series_id, value, org_id) VALUES ($1, $2, $3, $4)',
        [new Date(base + dt), id, v, orgA],
      );
    }
    const [s] = await select(orgA, [m('__name__', '=', 'irregular')], {
      start: base + 6000,
      end: base + 200_000,
    });
    expect(Array.from(s!.timestamps).map((x) => x - base)).toEqual([
      6000, 36_000, 38_000, 40_000, 60_000, 120_000,
    ]);
    expect(Array.from(s!.values)).toEqual([2, 3, 4, 5, 6, 7]);
  });

  it("never returns another organization's series", async () => {
    const b = await select(orgB, [m('__name__', '=', 'up')]);
    expect(b).toHaveLength(1);
    expect(Array.from(b[0]!.values).every((v) => v === 666)).toBe(true);
    const a = await select(orgA, [m('__name__', '=', 'up')]);
    expect(a.flatMap((s) => Array.from(s.values))).not.toContain(666);
  });

  it("hides another organization's rows by row-level security even when asked by series id", async () => {
    // Migration 0025 evaluates the policies once per statement: still per organization.
    const count = (orgId: string, table: string, id: number) =>
      withTransaction(systemCtx(t.db.handle.db, 'test', orgId), async (tx) => {
        const r = await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(table)}
           WHERE series_id = ${id}`.execute(tx.tx);
        return r.rows[0]!.n;
      });
    await addSamples(orgB, foreign, today - 60 * MIN, 3, () => 666, 'chunk');
    await t.db.handle.pool.query(
      `INSERT INTO metric_rollups_5m (bucket, series_id, org_id, sample_count, sum_value, min_value, max_value, last_value)
       SELECT $1, $2, $3, array_fill(1, ARRAY[24]), a, a, a, a FROM array_fill(666::float8, ARRAY[24]) a`,
      [new Date(today - 120 * MIN), foreign, orgB],
    );
    for (const table of ['metric_samples', 'metric_sample_chunks', 'metric_rollups_5m']) {
      expect(await count(orgA, table, foreign)).toBe(0);
      expect(await count(orgB, table, foreign)).toBeGreaterThan(0);
    }
    expect(await count(orgA, 'metric_samples', upA)).toBe(30);
    expect(await count(orgB, 'metric_samples', upA)).toBe(0);
  });

  it('serves a rewritten chunk from its new version, not from the chunk cache', async () => {
    const read = async () => {
      const [s] = await select(orgA, [m('__name__', '=', 'up'), m('job', '=', 'api')]);
      return Array.from(s!.values).slice(0, 3);
    };
    expect(await read()).toEqual([0, 1, 2]);
    expect(await read()).toEqual([0, 1, 2]); // cached
    // As compaction does when it merges late samples into a chunk: a new row version.
    await t.db.handle.pool.query(
      `UPDATE metric_sample_chunks SET sample_values[1] = 42 WHERE series_id = $1`,
      [upA],
    );
    expect(await read()).toEqual([42, 1, 2]);
    // A held version comes without its arrays; a version that no longer exists is sent in full.
    const ctx = systemCtx(t.db.handle.db, 'test', orgA);
    const window = [today - DAY, today + DAY] as const;
    const rows = await withTransaction(ctx, async (tx) => {
      const [chunk] = (await loadRawSamples(tx, [upA], ...window)).filter((r) => r.k === 0);
      const held = (x: string) => ({
        ids: [upA],
        starts: [new Date(Math.round(chunk!.t0)).toISOString()],
        xs: [x],
      });
      return {
        current: await loadRawSamples(tx, [upA], ...window, held(chunk!.x!)),
        stale: await loadRawSamples(tx, [upA], ...window, held('1')),
      };
    });
    expect(rows.current.filter((r) => r.k === 0).map((r) => r.vs)).toEqual([null]);
    expect(rows.stale.filter((r) => r.k === 0 && r.vs !== null)).toHaveLength(1);
    await t.db.handle.pool.query(
      `UPDATE metric_sample_chunks SET sample_values[1] = 0 WHERE series_id = $1`,
      [upA],
    );
  });

  it('refuses a query that would load more samples than its budget', async () => {
    const ctx = systemCtx(t.db.handle.db, 'test', orgA);
    const err = await withTransaction(ctx, (tx) =>
      new DbSeriesSource(tx, {
        maxSeries: 10,
        maxSamples: 50,
        lookbackMs: 300_000,
        rollups: false,
      }).select([m('__name__', '=', 'up')], {
        start: today - DAY,
        end: today + DAY,
        step: 0,
        range: 0,
      }),
    ).catch((e: unknown) => e);
    expect((err as PromQLError).errorType).toBe('execution');
  });
});
