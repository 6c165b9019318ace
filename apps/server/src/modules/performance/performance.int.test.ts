import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../../test/app.ts';
import { createIdentityTestApp, createKey, defaultOrgId, seedOrg } from '../../../test/identity.ts';
import { aggregateEndpointStats } from './aggregate-endpoint-stats.ts';
import { LATENCY_BOUNDS_MS, MAX_RELATIVE_ERROR } from './latency-buckets.ts';
import {
  bucketQuantile,
  checkoutLogs,
  clientOnly,
  legacy,
  nightly,
  ordersLater,
  ordersMinute0,
  pay,
  percentileCont,
  reports,
  requestLogs,
  sendSpans,
} from './test-fixtures.ts';

/**
 * Spans go in through the real OTLP/HTTP protobuf exporter and request logs through NDJSON; the
 * job runs with a fixed clock; the API answers are checked against figures computed here from
 * the requests sent.
 */
let t: TestApp;
let base: string;
let readKey: string;
let ingestKey: string;
let otherRead: string;
let otherIngest: string;
let orgA: string;
const MIN = 60_000;
// Two to three hours ago, on an hour boundary: inside the window traces ingest accepts.
const T0 = Math.floor((Date.now() - 2 * 3_600_000) / 3_600_000) * 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString();

async function api(path: string, key = readKey) {
  const res = await t.app.inject({
    method: 'GET',
    url: `/api/v1/performance/${path}`,
    headers: { authorization: `Bearer ${key}` },
  });
  return { status: res.statusCode, body: res.json() as Record<string, unknown> };
}

async function postLogs(body: string, key: string) {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/ingest/logs',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/x-ndjson' },
    payload: body,
  });
  expect(res.statusCode, res.body).toBeLessThan(300);
}

async function snapshot() {
  const out: Record<string, unknown[]> = {};
  for (const table of ['endpoint_stats', 'endpoint_stats_5m', 'endpoint_stats_1h']) {
    const time = table === 'endpoint_stats' ? 'time' : 'bucket';
    out[table] = (
      await t.db.handle.pool.query(
        `SELECT ${time} AS time, org_id, service, endpoint, method, status_class, source,
                request_count::int, error_count::int, latency_sum_ms, min, max, p50, p95, p99,
                latency_buckets::text
           FROM ${table} ORDER BY 1, 2, 3, 4, 5, 6`,
      )
    ).rows;
  }
  return out;
}

const run = (minutesAfterT0: number) =>
  aggregateEndpointStats(t.db.handle.db, { now: new Date(T0 + minutesAfterT0 * MIN) });

beforeAll(async () => {
  t = await createIdentityTestApp();
  orgA = await defaultOrgId(t.db.handle.db);
  ingestKey = await createKey(t, { scopes: ['ingest'] });
  readKey = await createKey(t, { scopes: ['read'] });
  const other = await seedOrg(t.db.handle.db, 'perf-other');
  otherIngest = await createKey(t, { scopes: ['ingest'], orgId: other });
  otherRead = await createKey(t, { scopes: ['read'], orgId: other });
  base = await t.app.listen({ port: 0, host: '127.0.0.1' });
  await sendSpans(base, ingestKey, 'checkout', 'prod', T0, [
    ...ordersMinute0,
    ...ordersLater,
    ...pay,
    ...reports,
    clientOnly,
  ]);
  await sendSpans(base, ingestKey, 'worker', 'prod', T0, nightly);
  await sendSpans(base, otherIngest, 'checkout', 'prod', T0, ordersMinute0.slice(0, 3));
  await postLogs(requestLogs('legacy', T0, legacy), ingestKey);
  await postLogs(requestLogs('checkout', T0, checkoutLogs), ingestKey);
  await run(70);
}, 60_000);
afterAll(async () => t?.close());

describe('endpoint stats from spans', () => {
  it('aggregates server spans per minute, endpoint template, method and status class', async () => {
    const r = await t.db.handle.pool.query(
      `SELECT service, endpoint, method, status_class, source, metric_name, environment,
              request_count::int AS n, error_count::int AS errors, min, max, p50, p95, p99,
              latency_sum_ms, latency_buckets::float8[] AS buckets
         FROM endpoint_stats WHERE org_id = $2 AND time = $1 AND service = 'checkout'
        ORDER BY status_class`,
      [iso(T0), orgA],
    );
    const ok = ordersMinute0.filter((s) => s.status === 200).map((s) => s.durationMs);
    const failed = ordersMinute0.filter((s) => s.status === 500).map((s) => s.durationMs);
    expect(r.rows.map((x) => [x.endpoint, x.method, x.status_class, x.n, x.errors])).toEqual([
      ['/orders/{id}', 'GET', '2xx', ok.length, 0],
      ['/orders/{id}', 'GET', '5xx', failed.length, failed.length],
    ]);
    const row = r.rows[0]!;
    expect(row).toMatchObject({ source: 'spans', metric_name: 'http.server', environment: 'prod' });
    expect(row.min).toBe(Math.min(...ok));
    expect(row.max).toBe(Math.max(...ok));
    expect(row.latency_sum_ms).toBeCloseTo(
      ok.reduce((a, b) => a + b, 0),
      6,
    );
    // Minute rows keep exact percentiles.
    expect(row.p50).toBeCloseTo(percentileCont(ok, 0.5), 6);
    expect(row.p95).toBeCloseTo(percentileCont(ok, 0.95), 6);
    expect(row.p99).toBeCloseTo(percentileCont(ok, 0.99), 6);
    // Cumulative histogram: requests below each boundary, then all of them.
    expect(row.buckets).toEqual([
      ...LATENCY_BOUNDS_MS.map((b) => ok.filter((v) => v < b).length),
      ok.length,
    ]);
  });

  it('templates raw paths, counts span errors and root internal spans, skips client and child spans', async () => {
    const r = await t.db.handle.pool.query(
      `SELECT service, endpoint, method, status_class, metric_name, request_count::int AS n,
              error_count::int AS errors FROM endpoint_stats
        WHERE org_id = $3 AND time IN ($1, $2) ORDER BY service, endpoint, status_class`,
      [iso(T0 + 2 * MIN), iso(T0 + 4 * MIN), orgA],
    );
    expect(r.rows).toEqual([
      {
        service: 'checkout',
        endpoint: '/pay/{id}',
        method: 'POST',
        status_class: '2xx',
        metric_name: 'http.server',
        n: 6,
        errors: 2,
      },
      {
        service: 'legacy',
        endpoint: '/users/{id}/profile',
        method: 'GET',
        status_class: '2xx',
        metric_name: 'http.server',
        n: 1,
        errors: 0,
      },
      {
        service: 'legacy',
        endpoint: '/users/{id}/profile',
        method: 'GET',
        status_class: '5xx',
        metric_name: 'http.server',
        n: 1,
        errors: 1,
      },
      {
        service: 'worker',
        endpoint: 'nightly-job',
        method: '',
        status_class: 'ok',
        metric_name: 'server',
        n: 1,
        errors: 0,
      },
    ]);
    const all = await t.db.handle.pool.query(
      `SELECT sum(request_count)::int AS n FROM endpoint_stats WHERE service = 'checkout' AND org_id = $1`,
      [orgA],
    );
    // Every checkout server span once; the client span, the children and the log line not at all.
    expect(all.rows[0].n).toBe(
      ordersMinute0.length + ordersLater.length + pay.length + reports.length,
    );
  });

  it('uses request logs only for services that send no spans, with source logs', async () => {
    const r = await t.db.handle.pool.query(
      `SELECT DISTINCT service, source FROM endpoint_stats ORDER BY service, source`,
    );
    expect(r.rows).toEqual([
      { service: 'checkout', source: 'spans' },
      { service: 'legacy', source: 'logs' },
      { service: 'worker', source: 'spans' },
    ]);
  });

  it('rollups equal their minute rows merged, histograms summed element-wise', async () => {
    for (const [table, step] of [
      ['endpoint_stats_5m', 5],
      ['endpoint_stats_1h', 60],
    ] as const) {
      const r = await t.db.handle.pool.query(
        `SELECT r.bucket, r.request_count::int AS n, r.error_count::int AS errors, r.min, r.max,
                r.latency_buckets::float8[] AS b,
                (SELECT json_agg(json_build_object('n', m.request_count::int, 'errors', m.error_count::int,
                          'min', m.min, 'max', m.max, 'b', m.latency_buckets::float8[]))
                   FROM endpoint_stats m
                  WHERE m.org_id = r.org_id AND m.service = r.service AND m.endpoint = r.endpoint
                    AND m.method = r.method AND m.status_class = r.status_class
                    AND m.time >= r.bucket AND m.time < r.bucket + make_interval(mins => $1::int)) AS merged
           FROM ${table} r`,
        [step],
      );
      expect(r.rows.length).toBeGreaterThan(3);
      type Row = { n: number; errors: number; min: number; max: number; b: number[] };
      for (const x of r.rows) {
        const minutes = x.merged as Row[];
        expect({ n: x.n, errors: x.errors, min: x.min, max: x.max, b: x.b }).toEqual({
          n: minutes.reduce((a, m) => a + m.n, 0),
          errors: minutes.reduce((a, m) => a + m.errors, 0),
          min: Math.min(...minutes.map((m) => m.min)),
          max: Math.max(...minutes.map((m) => m.max)),
          b: minutes[0]!.b.map((_, i) => minutes.reduce((a, m) => a + m.b[i]!, 0)),
        });
      }
    }
  });

  it('reruns change nothing; a late span within the window is counted once', async () => {
    const before = await snapshot();
    await run(70);
    expect(await snapshot()).toEqual(before);

    await sendSpans(base, ingestKey, 'checkout', 'prod', T0, [
      { minute: 67, durationMs: 44, route: '/orders/{id}', method: 'GET', status: 200 },
    ]);
    await run(71);
    await run(71);
    const r = await t.db.handle.pool.query(
      `SELECT (SELECT request_count::int FROM endpoint_stats WHERE service = 'checkout' AND time = $1) AS minute,
              (SELECT sum(request_count)::int FROM endpoint_stats_1h WHERE service = 'checkout' AND bucket = $2
                  AND org_id = $3) AS hour`,
      [iso(T0 + 67 * MIN), iso(T0 + 60 * MIN), orgA],
    );
    expect(r.rows[0]).toEqual({ minute: 1, hour: 2 });
  });
});

describe('performance API', () => {
  const range = `from=${iso(T0)}&to=${iso(T0 + 60 * MIN)}`;
  const hour0 = [...ordersMinute0, ...ordersLater.filter((s) => s.minute < 60), ...pay, ...reports];

  it('endpoints: counts, error rate, throughput and merged percentiles, busiest first', async () => {
    const { status, body } = await api(`endpoints?${range}&service=checkout`);
    expect(status, JSON.stringify(body)).toBe(200);
    expect(body.from).toBe(iso(T0));
    expect(body.to).toBe(iso(T0 + 60 * MIN));
    const eps = body.endpoints as Array<Record<string, number | string | null>>;
    expect(eps.map((e) => [e.endpoint, e.method, e.requests])).toEqual([
      ['/orders/{id}', 'GET', 45],
      ['/reports/{id}', 'GET', 20],
      ['/pay/{id}', 'POST', 6],
    ]);
    const orders = hour0.filter((s) => s.route === '/orders/{id}');
    const d = orders.map((s) => s.durationMs);
    const errors = orders.filter((s) => s.status === 500).length;
    const e = eps[0]!;
    expect(e.errors).toBe(errors);
    expect(e.errorRate).toBeCloseTo((errors * 100) / orders.length, 9);
    expect(e.throughput).toBeCloseTo(orders.length / 3600, 9);
    expect(e.mean).toBeCloseTo(d.reduce((a, b) => a + b, 0) / d.length, 9);
    for (const [k, q] of [
      ['p50', 0.5],
      ['p95', 0.95],
      ['p99', 0.99],
    ] as const) {
      expect(e[k]).toBeCloseTo(bucketQuantile(d, q, LATENCY_BOUNDS_MS), 6);
      const exact = percentileCont(d, q);
      expect(Math.abs((e[k] as number) - exact) / exact).toBeLessThan(MAX_RELATIVE_ERROR);
    }
    expect(eps[2]).toMatchObject({ errors: 2, errorRate: (2 * 100) / 6 });
  });

  it('services: one row per service ordered by requests; other organizations see only theirs', async () => {
    const mine = await api(`services?${range}&environment=prod`);
    expect(mine.status).toBe(200);
    const rows = mine.body.services as Array<Record<string, unknown>>;
    expect(rows.map((s) => [s.service, s.requests])).toEqual([
      ['checkout', hour0.length],
      ['legacy', 3],
      ['worker', 1],
    ]);
    expect(rows[1]).toMatchObject({ errors: 1, errorRate: 100 / 3 });
    const theirs = await api(`services?${range}`, otherRead);
    expect(
      (theirs.body.services as Array<Record<string, unknown>>).map((s) => [s.service, s.requests]),
    ).toEqual([['checkout', 3]]);
    const none = await api(`services?${range}&environment=staging`);
    expect(none.body.services).toEqual([]);
  });

  it('slowest: endpoints whose p95 exceeds the threshold, slowest first', async () => {
    const { status, body } = await api(`slowest?${range}&thresholdMs=1000`);
    expect(status).toBe(200);
    const d = reports.map((s) => s.durationMs);
    expect(body).toMatchObject({ thresholdMs: 1000 });
    const expected = [
      {
        service: 'worker',
        endpoint: 'nightly-job',
        method: '',
        p95: 3000,
        p99: 3000,
        requests: 1,
        errorRate: 0,
      },
      {
        service: 'checkout',
        endpoint: '/reports/{id}',
        method: 'GET',
        p95: bucketQuantile(d, 0.95, LATENCY_BOUNDS_MS),
        p99: bucketQuantile(d, 0.99, LATENCY_BOUNDS_MS),
        requests: 20,
        errorRate: 5,
      },
    ].sort((a, b) => b.p95 - a.p95);
    const got = body.endpoints as typeof expected;
    expect(got.map((e) => [e.service, e.endpoint, e.method, e.requests, e.errorRate])).toEqual(
      expected.map((e) => [e.service, e.endpoint, e.method, e.requests, e.errorRate]),
    );
    got.forEach((e, i) => {
      expect(e.p95).toBeCloseTo(expected[i]!.p95, 6);
      expect(e.p99).toBeCloseTo(expected[i]!.p99, 6);
    });
    const high = await api(`slowest?${range}&thresholdMs=5000`);
    expect(high.body.endpoints).toEqual([]);
  });

  it('trend: one point per interval from the matching table, idle intervals zero', async () => {
    const q = `from=${iso(T0)}&to=${iso(T0 + 10 * MIN)}&service=checkout&endpoint=%2Forders%2F%7Bid%7D&method=GET`;
    const minutes = await api(`trend?${q}&interval=1m`);
    expect(minutes.status, JSON.stringify(minutes.body)).toBe(200);
    const points = minutes.body.points as Array<Record<string, number | string | null>>;
    expect(points.map((p) => p.requests)).toEqual([40, 3, 0, 0, 0, 0, 0, 2, 0, 0]);
    expect(points[0]).toMatchObject({
      time: iso(T0),
      errors: 5,
      errorRate: 12.5,
      throughput: 40 / 60,
    });
    expect(points[2]).toMatchObject({ p50: null, p95: null, p99: null });
    const five = await api(`trend?${q}&interval=5m`);
    expect((five.body.points as Array<Record<string, unknown>>).map((p) => p.requests)).toEqual([
      43, 2,
    ]);
    const auto = await api(
      `trend?from=${iso(T0)}&to=${iso(T0 + 2 * 60 * MIN)}&service=checkout&interval=1h`,
    );
    expect(auto.body.interval).toBe('1h');
    expect((auto.body.points as Array<Record<string, unknown>>).map((p) => p.requests)).toEqual([
      hour0.length,
      2,
    ]);
    const rel = await api('trend?from=now-24h&to=now');
    expect(rel.status).toBe(200);
    expect(rel.body.interval).toBe('5m');
    const odd = await api(`trend?${range}&endpoint=${encodeURIComponent("' OR 1=1 --")}`);
    expect(odd.status).toBe(200);
    expect((odd.body.points as Array<{ requests: number }>).every((p) => p.requests === 0)).toBe(
      true,
    );
    const n = (rel.body.points as unknown[]).length;
    expect(n === 288 || n === 289, String(n)).toBe(true);
  });

  it.each([
    ['services?from=yesterday', /`from`/],
    [`services?from=${iso(T0 + MIN)}&to=${iso(T0)}`, /before/],
    ['endpoints?from=now-100d', /90 days/],
    ['endpoints?limit=0', /limit/],
    ['slowest?thresholdMs=-1', /thresholdMs/],
    ['trend?interval=2m', /interval/],
    ['trend?from=now-7d&interval=1m', /points/],
    ['trend?to=now-1x', /`to`/],
    ['endpoints?service=%00', /NUL/],
    ['endpoints?limit=abc', /limit/],
    ['slowest?thresholdMs=1e309', /thresholdMs/],
    [`trend?endpoint=${'x'.repeat(501)}`, /endpoint/],
  ])('GET %s answers 400 problem JSON', async (path, detail) => {
    const { status, body } = await api(path);
    expect(status, JSON.stringify(body)).toBe(400);
    expect(body).toMatchObject({ type: expect.any(String), title: expect.any(String) });
    expect(String(body.detail)).toMatch(detail);
  });
});
