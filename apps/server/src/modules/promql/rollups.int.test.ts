import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { seedOrg } from '../../../test/identity.ts';
import { systemCtx, withTransaction } from '../../db/context.ts';
import { refreshMetricRollups } from '../metrics/index.ts';
import { rangeQuery } from './engine/index.ts';
import { DbSeriesSource, DEFAULT_SOURCE_LIMITS } from './source-db.ts';
import type { PromMatrixSeries } from './types.ts';

/**
 * Range queries served from the rollups (filled by the metrics module's own refresh) against
 * the same queries over raw samples. The documented approximation is exact here, because
 * samples are scraped every minute on the minute: a rollup-served answer at t equals the raw
 * answer over the samples in [t - range, t), i.e. rate/increase and instant selectors equal
 * the raw query `offset 1m` (one scrape earlier), and *_over_time equal the raw query over
 * [t - range, t - 1 ms].
 */
let t: TestApp;
let orgId: string;
const MIN = 60_000;
const HOUR = 3_600_000;
// The last whole hour but one: the rollups cover up to H - 2h, raw samples go on to H + 30m.
const H = Math.floor(Date.now() / HOUR) * HOUR - HOUR;
const FIRST = H - 7 * HOUR;
const N = 7.5 * 60 + 1;

async function addSeries(name: string, type: string, values: (i: number) => number) {
  const fp = createHash('sha256').update(name).digest().subarray(0, 16);
  const pool = t.db.handle.pool;
  const r = await pool.query<{ id: string }>(
    `INSERT INTO metric_series (org_id, name, labels, fingerprint, type)
     VALUES ($1, $2, '{"job":"roll"}', $3, $4) RETURNING id`,
    [orgId, name, fp, type],
  );
  await pool.query(
    `INSERT INTO metric_samples (time, series_id, value, org_id)
     SELECT to_timestamp(($1::float8 + i * 60000) / 1000), $2, ($3::float8[])[i + 1], $4
       FROM generate_series(0, $5 - 1) i`,
    [FIRST, r.rows[0]!.id, Array.from({ length: N }, (_, i) => values(i)), orgId, N],
  );
}

beforeAll(async () => {
  t = await createTestApp();
  const pool = t.db.handle.pool;
  for (const table of [
    'metric_samples',
    'metric_sample_chunks',
    'metric_rollups_5m',
    'metric_rollups_1h',
  ])
    await pool.query(`SELECT pharos_create_partitions($1, current_date - 2, 4)`, [table]);
  orgId = await seedOrg(t.db.handle.db, 'rollups');
  await addSeries('c_steady', 'counter', (i) => 120 * i);
  await addSeries('c_reset', 'counter', (i) => (i % 97) * 30 + ((i * i) % 7));
  await addSeries('g', 'gauge', (i) => 50 + 40 * Math.sin(i / 9) + (i % 5));
  // The job as it would have run just before H - 2h, caught up to that point.
  await refreshMetricRollups(pool, { lookbackMinutes: 10 * 60 }, new Date(H - 2 * HOUR - 1));
});
afterAll(async () => {
  await t?.close();
});

async function run(query: string, step: number, rollups: boolean) {
  const ctx = systemCtx(t.db.handle.db, 'test', orgId);
  return withTransaction(ctx, async (tx) => {
    const source = new DbSeriesSource(tx, { ...DEFAULT_SOURCE_LIMITS, rollups });
    const data = await rangeQuery(query, { source, start: H - 5 * HOUR, end: H, step });
    if (data.resultType !== 'matrix') throw new Error(data.resultType);
    return { result: data.result, stats: source.stats };
  });
}

function expectSame(a: PromMatrixSeries[], b: PromMatrixSeries[], what: string) {
  expect(a.length, what).toBeGreaterThan(0);
  expect(
    a.map((s) => s.metric),
    what,
  ).toEqual(b.map((s) => s.metric));
  a.forEach((s, i) => {
    const other = b[i]!.values;
    expect(
      s.values.map((v) => v[0]),
      what,
    ).toEqual(other.map((v) => v[0]));
    s.values.forEach(([, v], j) => {
      const want = Number(other[j]![1]);
      expect(Math.abs(Number(v) - want), `${what} at ${s.values[j]![0]}`).toBeLessThanOrEqual(
        1e-9 * Math.max(1, Math.abs(want)),
      );
    });
  });
}

const CASES: [string, string, number[]][] = [
  ['rate(c_steady[1h])', 'rate(c_steady[1h] offset 1m)', [5 * MIN, HOUR]],
  ['increase(c_reset[1h])', 'increase(c_reset[1h] offset 1m)', [5 * MIN, HOUR]],
  ['sum(rate(c_reset[5m]))', 'sum(rate(c_reset[5m] offset 1m))', [5 * MIN]],
  ['rate(c_reset[15m])', 'rate(c_reset[15m] offset 1m)', [5 * MIN]],
  ['max_over_time(g[1h])', 'max_over_time(g[59m59s999ms] offset 1ms)', [5 * MIN, HOUR]],
  ['min_over_time(g[10m])', 'min_over_time(g[9m59s999ms] offset 1ms)', [5 * MIN]],
  ['sum_over_time(c_reset[1h])', 'sum_over_time(c_reset[59m59s999ms] offset 1ms)', [HOUR]],
  ['avg_over_time(g[1h])', 'avg_over_time(g[59m59s999ms] offset 1ms)', [5 * MIN, HOUR]],
  ['last_over_time(g[5m])', 'last_over_time(g[4m59s999ms] offset 1ms)', [5 * MIN]],
  ['g', 'g offset 1m', [5 * MIN, HOUR]],
  ['avg(g) + max(c_steady)', 'avg(g offset 1m) + max(c_steady offset 1m)', [5 * MIN, HOUR]],
];

describe('range queries from rollups', () => {
  for (const [query, raw, steps] of CASES) {
    for (const step of steps) {
      it(`${query} at step ${step / MIN}m equals the raw ${raw}`, async () => {
        const fromRollup = await run(query, step, true);
        const fromRaw = await run(raw, step, false);
        expect(fromRollup.stats.rollupSelects).toBeGreaterThan(0);
        expect(fromRollup.stats.rawSelects).toBe(0);
        expect(fromRaw.stats.rollupSelects).toBe(0);
        // Fewer points loaded: one per bucket instead of one per sample.
        expect(fromRollup.stats.samples).toBeLessThan(fromRaw.stats.samples);
        expectSame(fromRollup.result, fromRaw.result, `${query} step ${step}`);
      });
    }
  }

  it('reads raw samples when the step, the function or the alignment does not allow rollups', async () => {
    for (const [query, step] of [
      ['rate(c_steady[5m])', MIN],
      ['irate(c_steady[5m])', 5 * MIN],
      ['count_over_time(g[1h])', HOUR],
      ['rate(c_steady[7m])', 5 * MIN],
    ] as const) {
      const r = await run(query, step, true);
      expect(r.stats.rollupSelects, query).toBe(0);
      expect(r.stats.rawSelects, query).toBe(1);
    }
  });

  it('reads raw samples for a counter function over a gauge (no increase in its rollup)', async () => {
    const r = await run('rate(g[1h])', HOUR, true);
    expect(r.stats.rawSelects).toBe(1);
    expectSame(r.result, (await run('rate(g[1h])', HOUR, false)).result, 'rate(g)');
  });
});
