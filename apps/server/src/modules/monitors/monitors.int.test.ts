import { spawn } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { seedSignedInUser } from '../../../test/identity.ts';
import { systemCtx } from '../../db/context.ts';
import { recordCheck } from './check/record-check.ts';

let t: TestApp;
let cookie: string;
let server: http.Server;
let base = '';
const hits = new Map<string, number>();

beforeAll(async () => {
  t = await createTestApp();
  cookie = (await seedSignedInUser(t, { role: 'admin' })).cookie;
  server = http.createServer((req, res) => {
    hits.set(req.url ?? '', (hits.get(req.url ?? '') ?? 0) + 1);
    res.end('ok');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // Results as old as a year for the uptime test.
  await t.db.handle.pool.query(
    `SELECT pharos_create_partitions('health_check_results', (current_date - 40)::date, 45)`,
  );
});
afterAll(async () => {
  server?.close();
  await t?.close();
});

const api = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) =>
  t.app.inject({ method, url, headers: { cookie }, ...(payload ? { payload } : {}) });

describe('monitors API', () => {
  it('creates, tests now, and reads results, stats and the overview', async () => {
    const res = await api('POST', '/api/v1/monitors', {
      name: 'web',
      kind: 'http',
      url: `${base}/web`,
    });
    expect(res.statusCode, res.body).toBe(201);
    const m = res.json();
    expect(m).toMatchObject({
      check_interval: 300,
      timeout: 30,
      retry_count: 3,
      status: 'unknown',
    });
    const test = await api('POST', `/api/v1/monitors/${m.id}/test`);
    expect(test.json()).toMatchObject({ status: 'healthy', monitor_status: 'healthy' });
    const stats = (await api('GET', `/api/v1/monitors/${m.id}/stats`)).json();
    expect(stats.uptime['24h']).toBe(100);
    expect(stats.response_time.count).toBe(1);
    const overview = (await api('GET', '/api/v1/monitors/overview')).json();
    expect(overview.healthy).toBeGreaterThanOrEqual(1);
    const recent = (await api('GET', '/api/v1/monitors/recent-checks')).json();
    expect(recent.items[0].recent_checks.length).toBe(1);
    const events = (await api('GET', `/api/v1/monitor-events?monitor_id=${m.id}`)).json();
    expect(events.items).toMatchObject([
      { kind: 'status_changed', from_status: 'unknown', to_status: 'healthy' },
    ]);
  });

  it('heartbeat: pushes keep it up, a missed beat is retried as pending then down', async () => {
    const res = await api('POST', '/api/v1/monitors', {
      name: 'nightly job',
      kind: 'heartbeat',
      check_interval: 60,
      timeout: 5,
      retry_count: 1,
      retry_interval: 30,
    });
    const m = res.json();
    const path = new URL(m.push_url).pathname;
    const push = await t.app.inject({ method: 'GET', url: path });
    expect(push.json()).toEqual({ ok: true, status: 'healthy' });
    expect(
      (await t.app.inject({ method: 'POST', url: '/api/push/' + 'x'.repeat(32) })).statusCode,
    ).toBe(404);
    const ctx = systemCtx(t.db.handle.db, 'test');
    const missed = {
      status: 'down' as const,
      responseTime: null,
      error: 'no heartbeat received in time',
    };
    const a = await recordCheck({
      ctx,
      input: { monitorId: m.id, outcome: missed, checkedAt: new Date(), scheduledAt: null },
    });
    expect(a).toMatchObject({ status: 'pending', monitorStatus: 'healthy' });
    const b = await recordCheck({
      ctx,
      input: { monitorId: m.id, outcome: missed, checkedAt: new Date(), scheduledAt: null },
    });
    expect(b).toMatchObject({ status: 'down', monitorStatus: 'down' });
    expect(b!.events[0]).toMatchObject({
      kind: 'status_changed',
      fromStatus: 'healthy',
      toStatus: 'down',
    });
  });

  it('uptime figures match hand-computed values (pending is down, maintenance excluded)', async () => {
    const m = (
      await api('POST', '/api/v1/monitors', {
        name: 'up',
        kind: 'tcp',
        url: 'tcp://127.0.0.1:9',
        is_active: false,
        retry_count: 0,
      })
    ).json();
    const ctx = systemCtx(t.db.handle.db, 'test');
    const now = Date.now();
    const at = (h: number) => new Date(now - h * 3_600_000);
    const rec = (h: number, status: 'healthy' | 'degraded' | 'down') =>
      recordCheck({
        ctx,
        input: {
          monitorId: m.id,
          outcome: { status, responseTime: 10 },
          checkedAt: at(h),
          scheduledAt: null,
        },
      });
    // Last 24 h: 6 up (4 healthy, 2 degraded), 2 down.
    for (const h of [1, 2, 3, 4]) await rec(h, 'healthy');
    for (const h of [5, 6]) await rec(h, 'degraded');
    for (const h of [7, 8]) await rec(h, 'down');
    // 2-6 days ago: 2 up, 2 down; 10-20 days ago: 8 up.
    for (const h of [50, 60]) await rec(h, 'healthy');
    for (const h of [70, 80]) await rec(h, 'down');
    for (let d = 10; d < 18; d++) await rec(d * 24, 'healthy');
    // A maintenance window over 30-31 h ago: the down result inside it is excluded.
    const w = await api('POST', '/api/v1/maintenance-windows', {
      title: 'db upgrade',
      starts_at: at(31).toISOString(),
      ends_at: new Date(now + 60_000).toISOString(),
      monitor_ids: [m.id],
    });
    expect(w.statusCode, w.body).toBe(201);
    await rec(0.5, 'down');
    const got = (await api('GET', `/api/v1/monitors/${m.id}`)).json();
    // 24h: 6 / 8 = 75; 7d: 8 / 12 = 66.67; 30d and 1y: 16 / 20 = 80.
    expect([got.uptime_24h, got.uptime_7d, got.uptime_30d, got.uptime_1y]).toEqual([
      75, 66.67, 80, 80,
    ]);

    // Per-day bars: the same results bucketed by UTC day here (the maintenance one left out).
    const expected = new Map<string, { up: number; down: number }>();
    const results: Array<[number, string]> = [
      ...[1, 2, 3, 4, 5, 6, 50, 60].map((h): [number, string] => [h, 'up']),
      ...[7, 8, 70, 80].map((h): [number, string] => [h, 'down']),
      ...Array.from({ length: 8 }, (_, i): [number, string] => [(10 + i) * 24, 'up']),
    ];
    for (const [h, s] of results) {
      const day = at(h).toISOString().slice(0, 10);
      const e = expected.get(day) ?? { up: 0, down: 0 };
      if (s === 'up') e.up++;
      else e.down++;
      expected.set(day, e);
    }
    const daily = (await api('GET', `/api/v1/monitors/${m.id}/daily?days=30`)).json();
    expect(daily.items).toHaveLength(30);
    expect(daily.items.at(-1).day).toBe(new Date().toISOString().slice(0, 10));
    expect(daily.uptime).toBe(80);
    const bars = Object.fromEntries(
      daily.items
        .filter((d: { uptime: number | null }) => d.uptime !== null)
        .map((d: { day: string; uptime: number }) => [d.day, d.uptime]),
    );
    expect(bars).toEqual(
      Object.fromEntries(
        [...expected].map(([day, e]) => [day, Math.round((e.up / (e.up + e.down)) * 10_000) / 100]),
      ),
    );
    const bad = await api('GET', `/api/v1/monitors/${m.id}/daily?days=0`);
    expect(bad.statusCode).toBe(400);
  });

  it('two worker processes share 200 monitors and never run a slot twice', async () => {
    const q = (text: string, v: unknown[] = []) => t.db.handle.pool.query(text, v);
    const org = (await q(`SELECT id FROM organizations ORDER BY created_at LIMIT 1`)).rows[0].id;
    await q(`UPDATE monitors SET is_active = false`);
    await q(
      `INSERT INTO monitors (org_id, name, kind, health_check_url, check_interval, timeout, next_check_at)
       SELECT $1, 'load ' || i, 'http', $2 || '/load/' || i, 10, 5, now() FROM generate_series(1, 200) i`,
      [org, base],
    );
    const child = fileURLToPath(new URL('../../../test/monitors-child.ts', import.meta.url));
    const root = fileURLToPath(new URL('../../../../../', import.meta.url));
    const run = () =>
      new Promise<Array<{ m: string; slot: string }>>((resolve, reject) => {
        const p = spawn(process.execPath, ['--import', 'tsx', child], {
          cwd: root,
          // 16 s: two slots of a 10 s interval even when starting Node under tsx is slow.
          env: { ...process.env, DATABASE_URL: t.db.url, RUN_MS: '16000' },
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        let out = '';
        let err = '';
        p.stdout.on('data', (d) => (out += d));
        p.stderr.on('data', (d) => (err += d));
        p.on('exit', (code) =>
          code === 0
            ? resolve(
                out
                  .split('\n')
                  .filter((l) => l.startsWith('{'))
                  .map((l) => JSON.parse(l)),
              )
            : reject(new Error(err)),
        );
      });
    const [a, b] = await Promise.all([run(), run()]);
    const all = [...a, ...b];
    const keys = new Set(all.map((c) => `${c.m}@${c.slot}`));
    expect(keys.size).toBe(all.length); // no (monitor, slot) ran twice
    expect(a.length).toBeGreaterThan(0);
    expect(b.length).toBeGreaterThan(0);
    // Every monitor ran at least its first two slots, each slot one interval after the last.
    const byMonitor = new Map<string, number[]>();
    for (const c of all) byMonitor.set(c.m, [...(byMonitor.get(c.m) ?? []), Date.parse(c.slot)]);
    expect(byMonitor.size).toBe(200);
    for (const slots of byMonitor.values()) {
      slots.sort((x, y) => x - y);
      expect(slots.length).toBeGreaterThanOrEqual(2);
      for (let i = 1; i < slots.length; i++) expect(slots[i]! - slots[i - 1]!).toBe(10_000);
    }
    // The targets saw exactly one request per check, and every check stored one result.
    const loadHits = [...hits.entries()].filter(([k]) => k.startsWith('/load/'));
    expect(loadHits.reduce((n, [, c]) => n + c, 0)).toBe(all.length);
    const stored =
      await q(`SELECT count(*)::int AS n, count(DISTINCT (monitor_id, scheduled_at))::int AS d
      FROM health_check_results r JOIN monitors m ON m.id = r.monitor_id WHERE m.name LIKE 'load %'`);
    expect(stored.rows[0]).toEqual({ n: all.length, d: all.length });
  }, 75_000);
});
