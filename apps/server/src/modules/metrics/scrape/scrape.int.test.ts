import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../../../test/app.ts';
import { CAPTURES_DIR } from '../../../../test/client-captures.ts';
import { createIdentityTestApp, createKey, seedOrg } from '../../../../test/identity.ts';
import { latestValue } from '../testing/stored-samples.ts';
import { startScrapeScheduler } from './scheduler.ts';

let t: TestApp;
let writeKey: string;
let otherKey: string;
let server: http.Server;
let base: string;
let downUrl: string;
const seenAuth: string[] = [];

const NODE_EXPORTER = (() => {
  const text = readFileSync(join(CAPTURES_DIR, 'node-exporter-1.5-metrics-response.txt'), 'utf8');
  return text.slice(text.indexOf('# HELP'));
})();
const NODE_SAMPLES = NODE_EXPORTER.split('\n').filter((l) => l && !l.startsWith('#')).length;

// OpenMetrics timestamps are seconds; a minute ago, so a partition holds it.
const OM_TIME_MS = Math.floor(Date.now() / 1000 - 60) * 1000 + 789;
const OPEN_METRICS = [
  '# TYPE jobs counter',
  '# HELP jobs Jobs done.',
  `jobs_total{job="batch",kind="a"} 5 ${(OM_TIME_MS / 1000).toFixed(3)}`,
  'jobs_created{job="batch",kind="a"} 1520430000.123',
  '# EOF',
  '',
].join('\n');

/** The targets: each path is one kind of endpoint, good or bad. */
function handler(req: http.IncomingMessage, res: http.ServerResponse) {
  const path = req.url ?? '/';
  if (path === '/good') {
    res.writeHead(200, {
      'content-type': 'text/plain; version=0.0.4; charset=utf-8',
      'content-encoding': 'gzip',
    });
    return res.end(gzipSync(NODE_EXPORTER));
  }
  if (path === '/openmetrics') {
    res.writeHead(200, {
      'content-type': 'application/openmetrics-text; version=1.0.0; charset=utf-8',
    });
    return res.end(OPEN_METRICS);
  }
  if (path === '/auth') {
    seenAuth.push(String(req.headers.authorization));
    if (req.headers.authorization !== 'Bearer s3cret-token') {
      res.writeHead(401);
      return res.end();
    }
    res.writeHead(200, { 'content-type': 'text/plain' });
    return res.end('secured_metric 1\n');
  }
  if (path === '/moved' || path === '/loop') {
    res.writeHead(302, { location: path === '/moved' ? '/openmetrics' : '/loop' });
    return res.end();
  }
  if (path === '/toolong') {
    res.writeHead(200, { 'content-type': 'text/plain' });
    return res.end(`ok_metric 1\nlong_metric{a="${'x'.repeat(5000)}"} 1\n`);
  }
  if (path === '/garbage') {
    res.writeHead(200, { 'content-type': 'text/html' });
    return res.end('<html><body>Not metrics</body></html>');
  }
  if (path === '/huge') {
    // An endless body: the scraper must stop reading at its byte limit.
    res.writeHead(200, { 'content-type': 'text/plain' });
    const line = 'filler_metric{a="' + 'x'.repeat(1000) + '"} 1\n';
    const pump = () => {
      while (res.write(line)) if (res.destroyed) return;
      if (!res.destroyed) res.once('drain', pump);
    };
    res.on('close', () => undefined);
    return pump();
  }
  if (path === '/slow') return setTimeout(() => res.end('late 1\n'), 5000).unref();
  res.writeHead(404);
  res.end();
}

beforeAll(async () => {
  t = await createIdentityTestApp();
  writeKey = await createKey(t, { scopes: ['write'] });
  otherKey = await createKey(t, {
    scopes: ['write'],
    orgId: await seedOrg(t.db.handle.db, 'scrape-other'),
  });
  server = http.createServer(handler);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // A port nothing listens on: bind, note it, close.
  const probe = http.createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
  downUrl = `http://127.0.0.1:${(probe.address() as AddressInfo).port}/metrics`;
  await new Promise((r) => probe.close(r));
});
afterAll(async () => {
  server?.closeAllConnections();
  await new Promise((r) => server?.close(r));
  await t?.close();
});

const api = (
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
  url: string,
  payload?: object,
  key = writeKey,
) =>
  t.app.inject({
    method,
    url,
    headers: { authorization: `Bearer ${key}` },
    ...(payload ? { payload } : {}),
  });

const value = (name: string, labels: Record<string, string>) =>
  latestValue(t.db.handle.pool, name, labels);

describe('scrape targets', () => {
  it('scrapes good, down, garbage, slow and huge targets on schedule, as Prometheus would', async () => {
    const specs = [
      { name: 'good', url: `${base}/good`, labels: { env: 'test' } },
      { name: 'om', url: `${base}/openmetrics` },
      { name: 'auth', url: `${base}/auth`, auth: { type: 'bearer', token: 's3cret-token' } },
      { name: 'down', url: downUrl },
      { name: 'garbage', url: `${base}/garbage` },
      { name: 'slow', url: `${base}/slow`, timeout_seconds: 1 },
      { name: 'huge', url: `${base}/huge` },
      { name: 'toolong', url: `${base}/toolong` },
    ];
    const ids: Record<string, string> = {};
    for (const s of specs) {
      const res = await api('POST', '/api/v1/scrape-targets', { interval_seconds: 60, ...s });
      expect(res.statusCode, res.body).toBe(201);
      ids[s.name] = res.json().id;
    }
    const scraped = new Map<string, string | null>();
    const scheduler = startScrapeScheduler({
      db: t.db.handle.db,
      pool: t.db.handle.pool,
      secretKey: t.config.secretKey,
      log: pino({ level: 'silent' }),
      limits: { maxBytes: 256 * 1024, sampleLimit: 10_000 },
      tickMs: 50,
      onScraped: (id, r) => scraped.set(id, r.error),
    });
    const deadline = Date.now() + 15_000;
    while (scraped.size < specs.length && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 50));
    await scheduler.stop();
    expect(scraped.size).toBe(specs.length);

    const good = { job: 'good', instance: new URL(base).host, env: 'test' };
    expect(await value('up', good)).toBe(1);
    expect(await value('scrape_samples_scraped', good)).toBe(NODE_SAMPLES);
    expect(await value('scrape_duration_seconds', good)).toBeGreaterThan(0);
    expect(await value('go_goroutines', good)).toBe(7);
    expect(await value('go_gc_duration_seconds', { ...good, quantile: '0.75' })).toBe(0);
    const meta = await t.db.handle.pool.query(
      `SELECT type, help FROM metric_series WHERE name = 'go_memstats_alloc_bytes_total' LIMIT 1`,
    );
    expect(meta.rows[0]).toEqual({
      type: 'counter',
      help: 'Total number of bytes allocated, even if freed.',
    });

    // OpenMetrics: the exposed job label is kept as exported_job, the timestamp honoured.
    expect(await value('jobs_total', { job: 'om', exported_job: 'batch', kind: 'a' })).toBe(5);
    const ts = await t.db.handle.pool.query(
      `SELECT m.time FROM metric_samples m JOIN metric_series s ON s.id = m.series_id WHERE s.name = 'jobs_total'`,
    );
    expect(ts.rows.map((r) => r.time.getTime())).toEqual([OM_TIME_MS]);
    expect(await value('jobs_created', {})).toBeNull();

    expect(await value('secured_metric', { job: 'auth' })).toBe(1);
    expect(seenAuth).toContain('Bearer s3cret-token');

    for (const [name, err] of [
      ['down', /ECONNREFUSED/],
      ['garbage', /line 1: expected a metric name/],
      ['slow', /deadline exceeded/],
      ['huge', /exceeds the limit of 262144 bytes/],
      ['toolong', /label a longer than 4096 characters/],
    ] as const) {
      expect(await value('up', { job: name }), name).toBe(0);
      expect(await value('scrape_samples_scraped', { job: name }), name).toBe(0);
      const res = await api('GET', `/api/v1/scrape-targets/${ids[name]}`);
      expect(res.json()).toMatchObject({ health: 'down', last_samples: 0 });
      expect(res.json().last_error, name).toMatch(err);
    }
    // Read back through PromQL (Prometheus HTTP API).
    const q = await t.app.inject({
      method: 'GET',
      url: `/api/v1/query?query=${encodeURIComponent('sort(count by (job) (up == 0))')}`,
      headers: { authorization: `Bearer ${writeKey}` },
    });
    expect(q.statusCode, q.body).toBe(200);
    expect(
      q
        .json()
        .data.result.map((r: { metric: { job: string } }) => r.metric.job)
        .sort(),
    ).toEqual(['down', 'garbage', 'huge', 'slow', 'toolong']);
    // A failed scrape stores none of its samples, only up, duration and count.
    expect(await value('ok_metric', { job: 'toolong' })).toBeNull();
    const g = (await api('GET', `/api/v1/scrape-targets/${ids.good}`)).json();
    expect(g).toMatchObject({ health: 'up', last_error: null, last_samples: NODE_SAMPLES });
    expect(Date.parse(g.next_scrape_at)).toBeGreaterThan(Date.now() + 30_000);
  });

  it('manages targets: defaults, secrets at rest, validation, conflicts, org isolation', async () => {
    const res = await api('POST', '/api/v1/scrape-targets', {
      name: 'managed',
      url: `${base}/auth`,
      auth: { type: 'basic', username: 'u', password: 'pa55word' },
    });
    expect(res.statusCode, res.body).toBe(201);
    const target = res.json();
    expect(target).toMatchObject({
      interval_seconds: 60,
      timeout_seconds: 10,
      enabled: true,
      labels: { job: 'managed', instance: new URL(base).host },
      auth: { type: 'basic', username: 'u' },
      health: 'unknown',
    });
    expect(res.body).not.toContain('pa55word');
    const raw = await t.db.handle.pool.query(
      'SELECT auth_secret_enc FROM scrape_targets WHERE id = $1',
      [target.id],
    );
    expect(raw.rows[0].auth_secret_enc).toMatch(/^v1:/);
    expect(raw.rows[0].auth_secret_enc).not.toContain('pa55word');

    const patched = await api('PATCH', `/api/v1/scrape-targets/${target.id}`, {
      interval_seconds: 30,
      labels: { team: 'core' },
      auth: { type: 'bearer', token: 's3cret-token' },
    });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json()).toMatchObject({
      interval_seconds: 30,
      labels: { team: 'core', job: 'managed' },
      auth: { type: 'bearer', username: null },
    });
    // Scrape now: stored like a scheduled scrape, with the new credentials.
    const now = await api('POST', `/api/v1/scrape-targets/${target.id}/scrape`);
    expect(now.statusCode, now.body).toBe(200);
    expect(now.json()).toMatchObject({ up: true, samples: 1, error: null });
    expect(await value('up', { job: 'managed', team: 'core' })).toBe(1);
    expect((await api('GET', `/api/v1/scrape-targets/${target.id}`)).json().health).toBe('up');

    for (const [body, status, detail] of [
      [{ name: 'managed', url: `${base}/good` }, 409, /exists/],
      [
        { name: 'x', url: `${base}/good`, interval_seconds: 10, timeout_seconds: 10 },
        400,
        /shorter/,
      ],
      [{ name: 'x', url: 'http://user:pw@127.0.0.1/metrics' }, 400, /credentials/],
      [{ name: 'x', url: 'ftp://127.0.0.1/metrics' }, 400, /url/],
      [{ name: 'x', url: `${base}/good`, labels: { 'bad-label': 'v' } }, 400, /labels/],
    ] as const) {
      const r = await api('POST', '/api/v1/scrape-targets', body);
      expect(r.statusCode, r.body).toBe(status);
      expect(r.json().detail).toMatch(detail);
    }
    expect(
      (await api('GET', `/api/v1/scrape-targets/${target.id}`, undefined, otherKey)).statusCode,
    ).toBe(404);
    expect(
      (await api('DELETE', `/api/v1/scrape-targets/${target.id}`, undefined, otherKey)).statusCode,
    ).toBe(404);
    expect((await api('GET', '/api/v1/scrape-targets', undefined, otherKey)).json().items).toEqual(
      [],
    );
    // Defaulted job and instance follow a new name and URL; explicit labels stay.
    const moved = await api('PATCH', `/api/v1/scrape-targets/${target.id}`, {
      name: 'renamed',
      url: 'http://localhost:1234/metrics',
    });
    expect(moved.json().labels).toEqual({
      team: 'core',
      job: 'renamed',
      instance: 'localhost:1234',
    });
    expect((await api('DELETE', `/api/v1/scrape-targets/${target.id}`)).statusCode).toBe(204);
    expect((await api('GET', `/api/v1/scrape-targets/${target.id}`)).statusCode).toBe(404);
  });

  it('scrapes Pharos itself, and two schedulers never scrape the same slot twice', async () => {
    const self = await t.app.listen({ port: 0, host: '127.0.0.1' });
    const ids = new Set<string>();
    for (let i = 0; i < 20; i++) {
      const res = await api('POST', '/api/v1/scrape-targets', {
        name: `self-${i}`,
        url: `${self}/metrics`,
        interval_seconds: 3600,
        labels: { job: 'pharos', replica: String(i) },
      });
      expect(res.statusCode, res.body).toBe(201);
      ids.add(res.json().id);
    }
    const scrapes: string[] = [];
    const errors: string[] = [];
    const start = () =>
      startScrapeScheduler({
        db: t.db.handle.db,
        pool: t.db.handle.pool,
        secretKey: t.config.secretKey,
        log: pino({ level: 'silent' }),
        limits: { maxBytes: 4 * 1024 * 1024, sampleLimit: 100_000 },
        concurrency: 4,
        tickMs: 10,
        onScraped: (id, r) => {
          if (!ids.has(id)) return;
          scrapes.push(id);
          if (r.error) errors.push(r.error);
        },
      });
    const a = start();
    const b = start();
    const deadline = Date.now() + 20_000;
    while (scrapes.length < ids.size && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, 300)); // room for a wrongly repeated claim
    await Promise.all([a.stop(), b.stop()]);
    expect(errors).toEqual([]);
    expect(scrapes.length).toBe(ids.size);
    expect(new Set(scrapes).size).toBe(ids.size);
    expect(await value('up', { job: 'pharos', replica: '7' })).toBe(1);
    expect(
      await value('pharos_process_cpu_user_seconds_total', { job: 'pharos', replica: '7' }),
    ).toBeGreaterThan(0);
  });

  it('tests a URL without storing anything, following redirects', async () => {
    const before = await t.db.handle.pool.query('SELECT count(*)::int AS n FROM metric_series');
    const ok = await api('POST', '/api/v1/scrape-targets/test', { url: `${base}/openmetrics` });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ up: true, samples: 1, families: 1, error: null });
    expect(ok.json().content_type).toMatch(/openmetrics/);
    const bad = await api('POST', '/api/v1/scrape-targets/test', { url: `${base}/auth` });
    expect(bad.json()).toMatchObject({
      up: false,
      error: 'server returned HTTP status 401 Unauthorized',
    });
    const moved = await api('POST', '/api/v1/scrape-targets/test', { url: `${base}/moved` });
    expect(moved.json()).toMatchObject({ up: true, samples: 1 });
    const loop = await api('POST', '/api/v1/scrape-targets/test', { url: `${base}/loop` });
    expect(loop.json()).toMatchObject({ up: false, error: 'stopped after 10 redirects' });
    const after = await t.db.handle.pool.query('SELECT count(*)::int AS n FROM metric_series');
    expect(after.rows[0].n).toBe(before.rows[0].n);
  });
});
