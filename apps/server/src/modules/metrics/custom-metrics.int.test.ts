import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../app.ts';
import { storedValues } from './testing/stored-samples.ts';
import type { TestApp } from '../../../test/app.ts';
import { createIdentityTestApp, createKey, seedSignedInUser } from '../../../test/identity.ts';

let t: TestApp;
let ingestKey: string;
let readKey: string;

beforeAll(async () => {
  t = await createIdentityTestApp();
  ingestKey = await createKey(t, { scopes: ['ingest'] });
  readKey = await createKey(t, { scopes: ['read'] });
});
afterAll(async () => t?.close());

const send = (
  metrics: unknown,
  headers: Record<string, string> = { authorization: `Bearer ${ingestKey}` },
) => t.app.inject({ method: 'POST', url: '/api/v1/metrics/custom', headers, payload: { metrics } });

const values = (name: string, labels: Record<string, string>) =>
  storedValues(t.db.handle.pool, name, labels);

describe('POST /api/v1/metrics/custom', () => {
  it('stores gauges, counter totals and timer observations as Prometheus series', async () => {
    const t0 = Date.now() - 10_000;
    const first = await send([
      {
        name: 'page.load',
        type: 'gauge',
        value: 1234.5,
        unit: 'ms',
        tags: { page: '/home' },
        timestamp: t0,
      },
      { name: 'signups', type: 'counter', value: 2, tags: { plan: 'pro' }, timestamp: t0 },
      { name: 'signups', type: 'counter', value: 1, tags: { plan: 'pro' }, timestamp: t0 },
      {
        name: 'api.call',
        type: 'timer',
        value: 42,
        tags: { route: '/x' },
        timestamp: new Date(t0).toISOString(),
      },
      { name: 'api.call', type: 'timer', value: 700, tags: { route: '/x' }, timestamp: t0 },
    ]);
    expect(first.statusCode, first.body).toBe(202);
    expect(first.json()).toEqual({ accepted: 5 });
    const second = await send([
      { name: 'signups', type: 'counter', value: 4, tags: { plan: 'pro' }, timestamp: t0 + 1000 },
      { name: 'api.call', type: 'timer', value: 3, tags: { route: '/x' }, timestamp: t0 + 1000 },
    ]);
    expect(second.statusCode, second.body).toBe(202);

    expect(await values('page_load_milliseconds', { page: '/home' })).toEqual([1234.5]);
    expect(await values('signups_total', { plan: 'pro' })).toEqual([3, 7]);
    const route = { route: '/x' };
    expect(await values('api_call_milliseconds_bucket', { ...route, le: '5' })).toEqual([0, 1]);
    expect(await values('api_call_milliseconds_bucket', { ...route, le: '50' })).toEqual([1, 2]);
    expect(await values('api_call_milliseconds_bucket', { ...route, le: '1000' })).toEqual([2, 3]);
    expect(await values('api_call_milliseconds_bucket', { ...route, le: '+Inf' })).toEqual([2, 3]);
    expect(await values('api_call_milliseconds_sum', route)).toEqual([742, 745]);
    expect(await values('api_call_milliseconds_count', route)).toEqual([2, 3]);

    // Another process (a second app on the same database) continues the totals from storage.
    const restarted = await buildApp({
      config: t.config,
      db: t.db.handle,
      logger: pino({ level: 'silent' }),
    });
    await restarted.ready();
    try {
      const res = await restarted.inject({
        method: 'POST',
        url: '/api/v1/metrics/custom',
        headers: { authorization: `Bearer ${ingestKey}` },
        payload: {
          metrics: [
            {
              name: 'signups',
              type: 'counter',
              value: 1,
              tags: { plan: 'pro' },
              timestamp: t0 + 2000,
            },
            {
              name: 'api.call',
              type: 'timer',
              value: 20,
              tags: { route: '/x' },
              timestamp: t0 + 2000,
            },
          ],
        },
      });
      expect(res.statusCode, res.body).toBe(202);
    } finally {
      await restarted.close();
    }
    expect(await values('signups_total', { plan: 'pro' })).toEqual([3, 7, 8]);
    expect(await values('api_call_milliseconds_count', route)).toEqual([2, 3, 4]);
    expect(await values('api_call_milliseconds_bucket', { ...route, le: '25' })).toEqual([0, 1, 2]);
    const types = await t.db.handle.pool.query(
      `SELECT DISTINCT name, type, unit FROM metric_series WHERE name IN ('signups_total', 'api_call_milliseconds_count') ORDER BY name`,
    );
    expect(types.rows).toEqual([
      { name: 'api_call_milliseconds_count', type: 'histogram', unit: 'ms' },
      { name: 'signups_total', type: 'counter', unit: null },
    ]);
  });

  it('accepts a signed-in person and audits the call', async () => {
    const u = await seedSignedInUser(t, { role: 'developer' });
    const res = await send([{ name: 'manual_gauge', type: 'gauge', value: 1 }], {
      cookie: u.cookie,
    });
    expect(res.statusCode, res.body).toBe(202);
    const audit = await t.db.handle.pool.query(
      'SELECT action FROM audit_events WHERE request_id = $1',
      [res.headers['x-request-id']],
    );
    expect(audit.rows).toEqual([{ action: 'metrics.custom_ingest' }]);
    expect(await values('manual_gauge', {})).toEqual([1]);
  });

  it.each([
    [[{ name: '1abc', type: 'gauge', value: 1 }], /name/],
    [[{ name: 'a-b', type: 'gauge', value: 1 }], /name/],
    [[{ name: 'ok', type: 'meter', value: 1 }], /type/],
    [[{ name: 'ok', type: 'gauge', value: 'high' }], /value/],
    [[{ name: 'ok', type: 'gauge' }], /value/],
    [[{ name: 'ok', type: 'counter', value: -1 }], /increment is >= 0/],
    [[{ name: 'ok', type: 'gauge', value: 1, timestamp: Date.now() + 7_200_000 }], /hour ahead/],
    [[{ name: 'ok', type: 'gauge', value: 1, timestamp: 'yesterday' }], /timestamp/],
    [[{ name: 'ok', type: 'gauge', value: 1, tags: { 'bad tag': 'x' } }], /tags/],
    [
      [
        {
          name: 'ok',
          type: 'gauge',
          value: 1,
          tags: Object.fromEntries(Array.from({ length: 33 }, (_, i) => [`t${i}`, 'v'])),
        },
      ],
      /tags/,
    ],
    [[{ name: 'ok', type: 'gauge', value: 1, extra: true }], /extra|additional/],
    [[], /metrics/],
  ])('answers 400 with a clear detail for %j', async (metrics, detail) => {
    const res = await send(metrics);
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().detail).toMatch(detail);
  });

  it('needs the ingest permission', async () => {
    const res = await send([{ name: 'x', type: 'gauge', value: 1 }], {
      authorization: `Bearer ${readKey}`,
    });
    expect(res.statusCode).toBe(403);
    expect((await send([{ name: 'x', type: 'gauge', value: 1 }], {})).statusCode).toBe(401);
  });
});
