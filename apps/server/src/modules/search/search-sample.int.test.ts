// Histograms and facets over ranges too large to count exactly, with the limits lowered so that
// 3,000 seeded records stand for millions: estimates are compared with the seeded truth.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemCtx, type Ctx } from '../../db/context.ts';
import { ensurePartitions } from '../../db/partitions.ts';
import { createTestDatabase, type TestDatabase } from '../../../test/db.ts';
import { seedOrg } from '../../../test/identity.ts';
import { compactLogCounts } from './compact-log-counts.ts';
import { getLogFacets } from './get-log-facets.ts';
import { getLogHistogram, type HistogramLimits } from './get-log-histogram.ts';
import type { Histogram } from './schemas.ts';
import { insertLogs, type LogRow } from './test-fixtures.ts';

const N = 3_000;
const HOUR = 3_600_000;
const to = new Date(Math.floor(Date.now() / HOUR) * HOUR - HOUR);
const from = new Date(to.getTime() - 2 * HOUR);
const SAMPLED: HistogramLimits = { exactRows: 500, sampleRows: 600, maxProbes: 48 };

// Every 10th record a warning ("timeout"), every 5th of the rest an error, half of those
// "payment"; one record every 2.4 s, so times are distinct and the newest-N order is known.
const records: Array<LogRow & { time: Date; level: string; message: string; host: string }> = [];
for (let k = 0; k < N; k++) {
  const level = k % 10 === 3 ? 'warning' : k % 5 === 1 ? 'error' : 'info';
  const message =
    level === 'warning'
      ? `retry timeout after ${k % 7}s`
      : level === 'error'
        ? k % 2 === 0
          ? `payment failed for order ${k}`
          : `db lost ${k}`
        : `GET /items/${k} 200`;
  const time = new Date(from.getTime() + Math.floor((k * 2 * HOUR) / N));
  const service = Math.floor(k / 7) % 2 === 0 ? 'api' : 'web';
  records.push({ time, level, message, host: `host-${k % 4}`, service });
}

let db: TestDatabase;
let ctx: Ctx;

beforeAll(async () => {
  db = await createTestDatabase();
  await ensurePartitions(db.handle.pool, 2);
  const orgId = await seedOrg(db.handle.db, 'sample');
  await insertLogs(db.handle.pool, orgId, records);
  ctx = systemCtx(db.handle.db, 'test', orgId);
});

afterAll(async () => {
  await db?.drop();
});

/** Seeded truth per 10-minute bucket: matching records by level. */
function truth(
  match: (r: (typeof records)[number]) => boolean,
): Map<string, Record<string, number>> {
  const out = new Map<string, Record<string, number>>();
  for (const r of records.filter(match)) {
    const t = new Date(Math.floor(r.time.getTime() / 600_000) * 600_000).toISOString();
    const e = out.get(t) ?? {};
    e[r.level] = (e[r.level] ?? 0) + 1;
    out.set(t, e);
  }
  return out;
}

const histogram = (q: string, limits?: HistogramLimits, interval = '10m') =>
  getLogHistogram({
    ctx,
    input: { q, from: from.toISOString(), to: to.toISOString(), interval },
    limits,
  });
const total = (h: Histogram) => h.buckets.reduce((s, b) => s + b.total, 0);

describe('histogram of a query the rollup cannot answer', () => {
  it('counts exactly while the range holds few records', async () => {
    const h = await histogram('timeout');
    expect(h.source).toBe('raw');
    expect(h.sample).toBeNull();
    expect(total(h)).toBe(N / 10);
  });

  it('estimates from a sample over a larger range, and says so', async () => {
    const h = await histogram('*', SAMPLED);
    expect(h.source).toBe('sample');
    expect(h.sample!.records).toBeGreaterThanOrEqual(500);
    expect(h.sample!.records).toBeLessThan(N / 2);
    expect(h.sample!.reason).toMatch(/Estimated/);
    // Matching everything, every (bucket, level) scales to its exact count.
    const all = truth(() => true);
    expect(h.buckets).toHaveLength(12);
    for (const b of h.buckets) expect(b.counts).toMatchObject(all.get(b.time)!);
  });

  it('is exact for a query that follows the level, and close for one that does not', async () => {
    const timeout = await histogram('timeout', SAMPLED);
    expect(timeout.source).toBe('sample');
    const warnings = truth((r) => r.message.includes('timeout'));
    for (const b of timeout.buckets) {
      expect(b.counts).toEqual({
        debug: 0,
        info: 0,
        warning: warnings.get(b.time)!.warning,
        error: 0,
        critical: 0,
      });
    }
    const web = await histogram('service:web timeout', SAMPLED);
    expect(web.sample!.reason).toMatch(/selected by its service/);
    const webWarnings = truth((r) => r.service === 'web' && r.message.includes('timeout'));
    for (const b of web.buckets) expect(b.counts.warning).toBe(webWarnings.get(b.time)!.warning);
    const payment = await histogram('payment', SAMPLED);
    const exact = N / 10;
    expect(Math.abs(total(payment) - exact) / exact).toBeLessThan(0.25);
    for (const b of payment.buckets) expect(b.total).toBe(b.counts.error);
  });

  it('prorates the partial minutes at either end', async () => {
    const h = await getLogHistogram({
      ctx,
      input: {
        q: '*',
        from: new Date(from.getTime() + 30_000).toISOString(),
        to: new Date(to.getTime() - 90_000).toISOString(),
        interval: '10m',
      },
      limits: SAMPLED,
    });
    expect(h.source).toBe('sample');
    const inside = records.filter(
      (r) =>
        r.time.getTime() >= from.getTime() + 30_000 && r.time.getTime() < to.getTime() - 90_000,
    );
    // Evenly spread records: the prorated minutes are off by a record or two at most.
    expect(Math.abs(total(h) - inside.length)).toBeLessThanOrEqual(5);
  });

  it('counts the newest records only when buckets are shorter than a minute', async () => {
    const h = await histogram('timeout', SAMPLED, '30s');
    expect(h.source).toBe('raw');
    const since = new Date(h.partial!.scanned_from);
    expect(since > from).toBe(true);
    const newer = records.filter((r) => r.time >= since && r.message.includes('timeout'));
    expect(total(h)).toBe(newer.length);
  });
});

describe('facets of a query the rollup cannot answer', () => {
  const facets = (sampleRecords: number, scanRows: number) =>
    getLogFacets({
      ctx,
      input: {
        q: 'timeout OR payment',
        fields: 'host,level',
        from: from.toISOString(),
        to: to.toISOString(),
        size: 10,
      },
      limits: { sampleRecords, scanRows },
    });
  const matching = records.filter((r) => /timeout|payment/.test(r.message)).reverse();
  const count = (rs: typeof records, host: string) => rs.filter((r) => r.host === host).length;

  it('counts every matching record when there are few', async () => {
    const f = await facets(5_000, 100_000);
    expect(f.sample).toBeNull();
    expect(f.partial).toBeNull();
    expect(f.facets.level).toEqual([
      { value: 'error', count: 300 },
      { value: 'warning', count: 300 },
    ]);
  });

  it('counts the newest N matching records, and says from when', async () => {
    const f = await facets(100, 100_000);
    expect(f.sample).toMatchObject({ records: 100 });
    const newest = matching.slice(0, 100);
    expect(new Date(f.partial!.scanned_from)).toEqual(newest[99]!.time);
    expect(f.facets.host!.find((x) => x.value === 'host-1')?.count ?? 0).toBe(
      count(newest, 'host-1'),
    );
    expect(f.facets.host!.reduce((s, x) => s + x.count, 0)).toBe(100);
  });

  it('looks for them among the newest records of the range only', async () => {
    const f = await facets(5_000, 500);
    const since = new Date(f.partial!.scanned_from);
    const seen = matching.filter((r) => r.time >= since);
    expect(f.sample).toMatchObject({ records: seen.length });
    expect(seen.length).toBeLessThan(matching.length);
    expect(f.facets.host!.reduce((s, x) => s + x.count, 0)).toBe(seen.length);
  });
});

describe('counts by level (log_counts_level_1m)', () => {
  it('agree with the records once compacted, and with deltas not yet folded', async () => {
    expect(await compactLogCounts(db.handle.db)).toBeGreaterThanOrEqual(0);
    const folded = await db.handle.pool.query<{ n: string }>(
      'SELECT sum(count) AS n FROM log_counts_level_1m',
    );
    expect(Number(folded.rows[0]!.n)).toBe(N);
    // A late record in a minute already folded: counted from its delta row.
    const late = {
      time: new Date(from.getTime() + 61_000),
      level: 'warning',
      message: 'late',
      host: 'host-9',
      service: 'api',
    };
    await insertLogs(db.handle.pool, ctx.orgId!, [late]);
    records.push(late);
    for (const q of ['', 'level:warning', 'level>=warning']) {
      const h = await histogram(q);
      expect(h.source).toBe('rollup');
      const want = truth((r) =>
        q === '' ? true : q === 'level:warning' ? r.level === 'warning' : r.level !== 'info',
      );
      for (const b of h.buckets) expect(b.counts).toMatchObject(want.get(b.time) ?? {});
      expect(total(h)).toBe(
        [...want.values()].reduce((s, e) => s + Object.values(e).reduce((x, y) => x + y, 0), 0),
      );
    }
    const f = await getLogFacets({
      ctx,
      input: { fields: 'level,service', from: from.toISOString(), to: to.toISOString(), size: 10 },
    });
    expect(f.source).toBe('rollup');
    expect(f.facets.level).toEqual([
      { value: 'info', count: 2_100 },
      { value: 'error', count: 600 },
      { value: 'warning', count: 301 },
    ]);
    const api = records.filter((r) => r.service === 'api').length;
    expect(f.facets.service).toEqual([
      { value: 'api', count: api },
      { value: 'web', count: N + 1 - api },
    ]);
  });
});
