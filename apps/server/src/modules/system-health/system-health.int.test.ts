import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../../test/app.ts';
import {
  createIdentityTestApp,
  createKey,
  defaultOrgId,
  seedOrg,
  seedSignedInUser,
} from '../../../test/identity.ts';

let t: TestApp;
let key: string;
let orgId: string;
let viewer: string;

beforeAll(async () => {
  t = await createIdentityTestApp();
  orgId = await defaultOrgId(t.db.handle.db);
  key = await createKey(t, { scopes: ['ingest'] });
  viewer = (await seedSignedInUser(t, { role: 'viewer' })).cookie;
});
afterAll(async () => {
  await t?.close();
});

const report = (payload: unknown, k = key) =>
  t.app.inject({
    method: 'POST',
    url: '/api/v1/ingest/system-health',
    headers: { authorization: `Bearer ${k}` },
    payload: payload as object,
  });
const summary = async (query = '', cookie = viewer) => {
  const res = await t.app.inject({ url: `/api/v1/system-health${query}`, headers: { cookie } });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};

/** The newest sample of a metric for a service, read straight from the tables. */
async function lastSample(metric: string, service: string) {
  const r = await t.db.handle.pool.query<{ value: number; labels: Record<string, string> }>(
    `SELECT s.value, ms.labels FROM metric_samples s JOIN metric_series ms ON ms.id = s.series_id
      WHERE ms.org_id = $1 AND ms.name = $2 AND ms.labels->>'service' = $3
      ORDER BY s.time DESC LIMIT 1`,
    [orgId, metric, service],
  );
  return r.rows[0] ?? null;
}

describe('system health', () => {
  const checkedAt = new Date(Date.now() - 60_000).toISOString();

  it('stores each figure as a metric series and keeps the reported status', async () => {
    const res = await report({
      service_name: 'checkout-api',
      service_type: 'api',
      status: 'degraded',
      response_time_ms: 420,
      error_rate: 1.5,
      throughput: 310,
      memory_usage_mb: 512,
      cpu_usage_percent: 71.25,
      disk_usage_percent: 40,
      last_error_message: 'upstream timeout',
      metadata: { host: 'web-1' },
      checked_at: checkedAt,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({
      accepted: 1,
      samples: 7,
      statuses: { 'checkout-api': 'degraded' },
    });
    expect((await lastSample('system_cpu_usage_percent', 'checkout-api'))?.value).toBe(71.25);
    // Base units: MB → bytes, ms → seconds.
    expect((await lastSample('system_memory_usage_bytes', 'checkout-api'))?.value).toBe(
      512 * 1024 * 1024,
    );
    expect((await lastSample('system_response_time_seconds', 'checkout-api'))?.value).toBe(0.42);
    const status = await lastSample('system_health_status', 'checkout-api');
    expect(status).toEqual({
      value: 0.5,
      labels: { service: 'checkout-api', service_type: 'api' },
    });
    const types = await t.db.handle.pool.query(
      `SELECT DISTINCT type FROM metric_series WHERE org_id = $1 AND name LIKE 'system\\_%'`,
      [orgId],
    );
    expect(types.rows).toEqual([{ type: 'gauge' }]);
  });

  it('derives a status from the thresholds when the report has none', async () => {
    const res = await report({
      reports: [
        { service_name: 'orders-db', service_type: 'database', cpu_usage_percent: 97 },
        { service_name: 'mailer', service_type: 'email', error_rate: 6 },
        { service_name: 'blob-store', service_type: 'storage', disk_usage_percent: 12 },
      ],
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().statuses).toEqual({
      'orders-db': 'unhealthy',
      mailer: 'degraded',
      'blob-store': 'healthy',
    });
  });

  it('summarizes the newest report per service; the worst fresh status is the overall one', async () => {
    const s = await summary();
    expect(s.summary).toEqual({
      total: 4,
      healthy: 1,
      degraded: 2,
      unhealthy: 1,
      down: 0,
      stale: 0,
    });
    expect(s.overall).toBe('unhealthy');
    const checkout = s.services.find((x: { service: string }) => x.service === 'checkout-api');
    expect(checkout).toMatchObject({
      serviceType: 'api',
      status: 'degraded',
      statusReported: true,
      stale: false,
      checkedAt,
      cpuUsagePercent: 71.25,
      memoryUsageMb: 512,
      lastErrorMessage: 'upstream timeout',
      metadata: { host: 'web-1' },
    });
    const db = s.services.find((x: { service: string }) => x.service === 'orders-db');
    expect(db.statusReported).toBe(false);
    expect(
      (await summary('?status=degraded')).services.map((x: { service: string }) => x.service),
    ).toEqual(['checkout-api', 'mailer']);
    expect((await summary('?serviceType=database')).services).toHaveLength(1);
  });

  it('an older report counts but does not replace newer figures; the last error stays', async () => {
    const older = new Date(Date.now() - 10 * 60_000).toISOString();
    await report({
      service_name: 'checkout-api',
      service_type: 'api',
      status: 'down',
      cpu_usage_percent: 5,
      checked_at: older,
    });
    await report({ service_name: 'checkout-api', service_type: 'api', cpu_usage_percent: 10 });
    const s = await summary();
    const c = s.services.find((x: { service: string }) => x.service === 'checkout-api');
    expect(c).toMatchObject({
      status: 'healthy',
      statusReported: false,
      cpuUsagePercent: 10,
      reports: 3,
      lastErrorMessage: 'upstream timeout',
    });
  });

  it('flags services that stopped reporting as stale and leaves them out of the overall', async () => {
    await report({
      service_name: 'legacy-batch',
      service_type: 'worker',
      status: 'down',
      checked_at: new Date(Date.now() - 3_600_000).toISOString(),
    });
    const s = await summary();
    expect(s.summary.stale).toBe(1);
    expect(s.summary.down).toBe(0);
    expect((await summary('?status=stale')).services[0].service).toBe('legacy-batch');
    // With a wider window it is fresh again.
    expect((await summary('?staleAfterSeconds=7200')).summary.down).toBe(1);
  });

  it('refuses bad reports with a problem body, storing nothing', async () => {
    const cases: Array<[unknown, RegExp]> = [
      [{ service_name: 'x', service_type: 'mainframe' }, /service_type/],
      [{ service_name: 'x', service_type: 'api', cpu_usage_percent: 140 }, /cpu_usage_percent/],
      [{ service_name: '', service_type: 'api' }, /service_name/],
      [{ service_name: 'x', service_type: 'api', extra: 1 }, /extra|additional/i],
      [
        {
          service_name: 'x',
          service_type: 'api',
          checked_at: new Date(Date.now() + 3_600_000).toISOString(),
        },
        /future/,
      ],
      [{ reports: [] }, /reports|must/i],
    ];
    for (const [payload, detail] of cases) {
      const res = await report(payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.json()).toMatchObject({ type: expect.any(String), title: expect.any(String) });
      expect(res.json().detail).toMatch(detail);
    }
    expect((await summary()).services.some((x: { service: string }) => x.service === 'x')).toBe(
      false,
    );
  });

  it('needs an ingest key to report and a reader to look; organizations see only their own', async () => {
    expect((await report({ service_name: 'a', service_type: 'api' }, 'phk_nope')).statusCode).toBe(
      401,
    );
    const readKey = await createKey(t, { scopes: ['read'] });
    expect((await report({ service_name: 'a', service_type: 'api' }, readKey)).statusCode).toBe(
      403,
    );
    expect((await t.app.inject({ url: '/api/v1/system-health' })).statusCode).toBe(401);
    const other = await seedOrg(t.db.handle.db, 'other-health');
    const otherViewer = (await seedSignedInUser(t, { role: 'viewer', orgId: other })).cookie;
    expect((await summary('', otherViewer)).services).toEqual([]);
    const otherKey = await createKey(t, { scopes: ['ingest'], orgId: other });
    await report({ service_name: 'their-api', service_type: 'api' }, otherKey);
    const mine = await summary();
    expect(mine.services.some((x: { service: string }) => x.service === 'their-api')).toBe(false);
    expect(
      (await summary('', otherViewer)).services.map((x: { service: string }) => x.service),
    ).toEqual(['their-api']);
  });
});
