// The log, error and span records the search API tests read (two organizations, one hour of
// logs around `base`), shared by the search test files; each file seeds its own database.
import { afterAll, beforeAll, expect } from 'vitest';
import type { TestApp } from '../../../test/app.ts';
import { createIdentityTestApp, seedOrg, seedSignedInUser } from '../../../test/identity.ts';
import { insertErrorEvent, insertLogs, insertSpan } from './test-fixtures.ts';

export let t: TestApp;
export let orgA: string;
export let orgB: string;
export let cookieA: string;
export let cookieB: string;
export const ids: string[] = [];
export const base = new Date(Math.floor(Date.now() / 60_000) * 60_000 - 60 * 60_000 + 17_000);
export const at = (s: number) => new Date(base.getTime() + s * 1000);
export const T1 = '4bf92f3577b34da6a3ce929d0e0e4736';
export const from = new Date(base.getTime() - 30 * 60_000).toISOString();
export const to = new Date(base.getTime() + 30 * 60_000).toISOString();

export async function get(path: string, cookie = cookieA) {
  const res = await t.app.inject({ method: 'GET', url: path, headers: { cookie } });
  return { status: res.statusCode, body: res.json() };
}

export const qs = (params: Record<string, string | number>) =>
  new URLSearchParams(
    Object.entries({ from, to, ...params }).map(([k, v]): [string, string] => [k, String(v)]),
  ).toString();

export async function search(q: string, cookie = cookieA) {
  const r = await get(`/api/v1/logs/search?${qs({ q })}`, cookie);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return (r.body.items as Array<{ record_id: string; message: string }>).map((x) => x.record_id);
}

/** Record ids by fixture number (1-based), newest first like the API. */
export const rec = (...n: number[]) => n.map((k) => ids[k - 1]!).reverse();

/** Registers the seeding (before all tests of the file) and the teardown. */
export function useSearchDataset(): void {
  beforeAll(async () => {
    t = await createIdentityTestApp();
    const pool = t.db.handle.pool;
    orgA = await seedOrg(t.db.handle.db, 'search-a');
    orgB = await seedOrg(t.db.handle.db, 'search-b');
    cookieA = (await seedSignedInUser(t, { role: 'viewer', orgId: orgA })).cookie;
    cookieB = (await seedSignedInUser(t, { role: 'viewer', orgId: orgB })).cookie;
    ids.push(
      ...(await insertLogs(pool, orgA, [
        {
          time: at(1),
          service: 'checkout',
          level: 'error',
          message: 'payment failed: card declined for order 1001',
          host: 'web-1',
          status_code: 500,
          latency_ms: 250,
          trace_id: T1,
          request_id: 'req-1',
          attributes: { user: { id: 42 }, region: 'eu' },
        },
        {
          time: at(2),
          service: 'checkout',
          level: 'info',
          message: 'Payment succeeded for order 1002',
          host: 'web-1',
          status_code: 200,
          latency_ms: 120,
          request_id: 'req-2',
        },
        {
          time: at(3),
          service: 'checkout-worker',
          level: 'warning',
          message: 'retry timeout after 30s',
          host: 'worker-1',
          latency_ms: 30000,
        },
        {
          time: at(4),
          service: 'api',
          level: 'info',
          message: 'GET /api/v1/users 200 in 12 ms',
          host: 'web-2',
          status_code: 200,
          latency_ms: 12,
          trace_id: T1,
          resource: { k8s: { pod: 'api-7d9f' } },
        },
        // 5 and 6 share a timestamp: the cursor must break the tie by record id.
        {
          time: at(5),
          service: 'api',
          level: 'debug',
          message: 'cache miss for key user:42 (100% miss)',
          host: 'web-2',
          tags: ['beta'],
        },
        {
          time: at(5),
          service: 'api',
          level: 'critical',
          message: 'Database connection lost',
          host: 'db-1',
          status_code: 503,
          error_type: 'DbError',
        },
      ])),
    );
    await insertLogs(pool, orgB, [
      {
        time: at(1),
        service: 'checkout',
        level: 'error',
        message: 'payment failed: card declined SECRET-B',
        host: 'web-1',
        status_code: 500,
        trace_id: T1,
        request_id: 'req-1',
      },
    ]);
    await insertErrorEvent(pool, orgA, {
      time: at(1),
      message: 'CardDeclined',
      trace_id: T1,
      request_id: 'req-1',
    });
    await insertErrorEvent(pool, orgB, {
      time: at(1),
      message: 'SECRET-B error',
      trace_id: T1,
      request_id: 'req-1',
    });
    await insertSpan(pool, orgA, {
      time: at(1),
      trace_id: T1,
      span_id: '00f067aa0ba902b7',
      name: 'POST /pay',
    });
    await insertSpan(pool, orgB, {
      time: at(1),
      trace_id: T1,
      span_id: '00f067aa0ba902b8',
      name: 'SECRET-B span',
    });
  });

  afterAll(async () => {
    await t?.close();
  });
}
