import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../../test/app.ts';
import { CAPTURES_DIR } from '../../../test/client-captures.ts';
import { createIdentityTestApp, createKey, seedOrg } from '../../../test/identity.ts';
import { K6_HANDLE_SUMMARY, K6_SUMMARY_EXPORT } from './fixtures.test-data.ts';

let t: TestApp;
let writeKey: string;
let readKey: string;
let otherKey: string;
const AUTOCANNON = JSON.parse(
  readFileSync(join(CAPTURES_DIR, 'autocannon-9.0-result.json'), 'utf8'),
);

beforeAll(async () => {
  t = await createIdentityTestApp();
  writeKey = await createKey(t, { scopes: ['write'] });
  readKey = await createKey(t, { scopes: ['read'] });
  otherKey = await createKey(t, {
    scopes: ['read'],
    orgId: await seedOrg(t.db.handle.db, 'lt-other'),
  });
});
afterAll(async () => t?.close());

const post = (qs: string, payload: unknown, key = writeKey) =>
  t.app.inject({
    method: 'POST',
    url: `/api/v1/load-tests${qs}`,
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    payload: JSON.stringify(payload),
  });
const get = (url: string, key = readKey) =>
  t.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${key}` } });

describe('load tests', () => {
  it('stores a k6 --summary-export file (failed threshold: failed)', async () => {
    const res = await post('?name=checkout&test_type=stress&scenario=ramp', K6_SUMMARY_EXPORT);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      test_name: 'checkout',
      test_type: 'stress',
      tool: 'k6',
      scenario: 'ramp',
      duration_seconds: 41, // 180 requests at 4.369/s
      total_requests: 180,
      successful_requests: 178,
      failed_requests: 2,
      average_response_time_ms: 144.56,
      p95_response_time_ms: 215.95,
      p99_response_time_ms: null,
      throughput_rps: 4.37,
      error_rate: 1.11,
      status: 'failed',
    });
    const detail = await get(`/api/v1/load-tests/${res.json().id}`);
    expect(detail.json().thresholds).toEqual({
      http_req_duration: { 'p(95)<200': { ok: false } },
      http_req_failed: { 'rate<0.05': { ok: true } },
    });
    expect(detail.json().results.metrics.http_reqs).toEqual({ count: 180, rate: 4.369 });
  });

  it('stores k6 handleSummary data (passed)', async () => {
    const res = await post('?name=browse&started_at=2026-11-20T10:00:00.000Z', K6_HANDLE_SUMMARY);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      tool: 'k6',
      test_type: 'load',
      duration_seconds: 30,
      total_requests: 6000,
      failed_requests: 0,
      p95_response_time_ms: 95.25,
      p99_response_time_ms: 180.75,
      throughput_rps: 199.92,
      error_rate: 0,
      status: 'passed',
      started_at: '2026-11-20T10:00:00.000Z',
      completed_at: '2026-11-20T10:00:30.000Z',
    });
  });

  it('stores the captured autocannon result', async () => {
    const res = await post('?name=ingest-bench&test_type=smoke', AUTOCANNON);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      tool: 'autocannon',
      duration_seconds: 3,
      total_requests: 7577,
      successful_requests: 7577,
      failed_requests: 0,
      average_response_time_ms: 1.12,
      p95_response_time_ms: null,
      p99_response_time_ms: 5,
      throughput_rps: 2526.34,
      status: 'passed',
      started_at: '2026-11-21T20:18:00.189Z',
      completed_at: '2026-11-21T20:18:03.200Z',
    });
    // Connection errors and non-2xx answers are failures; the title names an unnamed run.
    const bad = await post('', { ...AUTOCANNON, title: 'titled', errors: 23, non2xx: 100 });
    expect(bad.json()).toMatchObject({
      test_name: 'titled',
      total_requests: 7600,
      failed_requests: 123,
      successful_requests: 7477,
      error_rate: 1.62,
      status: 'warning',
    });
  });

  it('lists newest first with filters, and keeps organizations apart', async () => {
    const all = (await get('/api/v1/load-tests')).json().items;
    expect(all.length).toBe(4);
    const failed = (await get('/api/v1/load-tests?status=failed')).json().items;
    expect(failed.map((x: { test_name: string }) => x.test_name)).toEqual(['checkout']);
    const byName = (await get('/api/v1/load-tests?name=browse')).json().items;
    expect(byName).toHaveLength(1);
    expect((await get('/api/v1/load-tests', otherKey)).json().items).toEqual([]);
    expect((await get(`/api/v1/load-tests/${all[0].id}`, otherKey)).statusCode).toBe(404);
    const audit = await t.db.handle.pool.query(
      "SELECT count(*)::int AS n FROM audit_events WHERE action = 'load_test.create'",
    );
    expect(audit.rows[0].n).toBe(4);
  });

  it.each([
    ['?name=x', { hello: 'world' }, /Not a k6 summary/],
    ['', K6_SUMMARY_EXPORT, /name is required/],
    ['?name=x&test_type=soak', K6_SUMMARY_EXPORT, /test_type/],
    ['?name=x', [1, 2], /object/],
    ['?name=x', { ...AUTOCANNON, latency: { average: -5 } }, /average/],
  ])('answers 400 for %s %j', async (qs, body, detail) => {
    const res = await post(qs, body);
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().detail).toMatch(detail);
  });

  it('needs the write permission to record', async () => {
    expect((await post('?name=x', K6_HANDLE_SUMMARY, readKey)).statusCode).toBe(403);
  });
});
