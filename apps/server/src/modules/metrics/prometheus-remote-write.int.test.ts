import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../../test/app.ts';
import { createIdentityTestApp, createKey } from '../../../test/identity.ts';

// A real Prometheus 2.42 (Debian's package; .ci/run installs it) scrapes a small exporter of
// this test every second and remote-writes to Pharos over real HTTP with basic auth (the API
// key as password). The samples Pharos stores must be exactly Prometheus' own, with metadata,
// and a Prometheus restart (WAL replay) must not store anything twice.

const PROMETHEUS = '/usr/bin/prometheus';

let t: TestApp;
let exporter: Server;
let prom: ChildProcess | null = null;
let dir: string;
let promPort = 0;
let scrapes = 0;

function exposition(): string {
  scrapes++;
  const lat = [0.1, 0.5, 1, Infinity].map((le, i) => [le, scrapes * (i + 1)] as const);
  return [
    '# HELP rwt_requests_total Requests served by the test exporter.',
    '# TYPE rwt_requests_total counter',
    `rwt_requests_total{path="/a"} ${scrapes * 3}`,
    `rwt_requests_total{path="/b"} ${scrapes * 5 + 0.25}`,
    '# HELP rwt_temperature_celsius A gauge that moves.',
    '# TYPE rwt_temperature_celsius gauge',
    `rwt_temperature_celsius ${(20 + Math.sin(scrapes) * 5).toFixed(4)}`,
    '# HELP rwt_latency_seconds Request latency.',
    '# TYPE rwt_latency_seconds histogram',
    ...lat.map(
      ([le, n]) => `rwt_latency_seconds_bucket{le="${le === Infinity ? '+Inf' : le}"} ${n}`,
    ),
    `rwt_latency_seconds_sum ${scrapes * 1.5}`,
    `rwt_latency_seconds_count ${scrapes * 4}`,
    '',
  ].join('\n');
}

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

async function freePort(): Promise<number> {
  const s = createServer();
  const port = await listen(s);
  await new Promise((resolve) => s.close(resolve));
  return port;
}

function startPrometheus(): ChildProcess {
  const child = spawn(
    PROMETHEUS,
    [
      `--config.file=${join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${promPort}`,
      '--log.level=warn',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  child.stderr?.on('data', () => {}); // drained; warnings are not the test's business
  return child;
}

async function stopPrometheus(): Promise<void> {
  const child = prom;
  prom = null;
  if (!child || child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until<T>(what: string, fn: () => Promise<T | null>, ms = 12_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v !== null) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(200);
  }
}

const q = async <R extends object>(sql: string, params: unknown[] = []) =>
  (await t.db.handle.pool.query<R>(sql, params)).rows;

/** A sample as "sorted labels|ms|value", the same for both stores. */
function sampleKey(labels: Record<string, string>, ms: number, v: number): string {
  const l = Object.keys(labels)
    .filter((k) => k !== '__name__')
    .sort()
    .map((k) => `${k}=${labels[k]}`)
    .join(',');
  return `${l}|${ms}|${v}`;
}

/** Pharos' samples of a metric before `beforeMs`. */
async function pharosSamples(name: string, beforeMs: number): Promise<string[]> {
  const rows = await q<{ labels: Record<string, string>; ms: string; v: number }>(
    `SELECT s.labels, floor(extract(epoch FROM m.time) * 1000)::bigint::text AS ms, m.value AS v
       FROM metric_samples m JOIN metric_series s ON s.id = m.series_id
      WHERE s.name = $1 AND m.time < to_timestamp($2 / 1000.0)`,
    [name, beforeMs],
  );
  return rows.map((r) => sampleKey(r.labels, Number(r.ms), r.v)).sort();
}

/** Prometheus' own samples of the metric (its TSDB) before `beforeMs`. */
async function prometheusSamples(name: string, beforeMs: number): Promise<string[]> {
  const query = encodeURIComponent(`${name}[10m]`);
  const url = `http://127.0.0.1:${promPort}/api/v1/query?query=${query}&time=${(beforeMs - 1) / 1000}`;
  const body = (await (await fetch(url)).json()) as {
    data: { result: { metric: Record<string, string>; values: [number, string][] }[] };
  };
  return body.data.result
    .flatMap((r) =>
      r.values.map(([ts, v]) => sampleKey(r.metric, Math.round(ts * 1000), Number(v))),
    )
    .sort();
}

describe.skipIf(!existsSync(PROMETHEUS))(
  existsSync(PROMETHEUS)
    ? 'remote write from a real Prometheus'
    : 'remote write from a real Prometheus (skipped: /usr/bin/prometheus is not installed)',
  () => {
    beforeAll(async () => {
      t = await createIdentityTestApp();
      const key = await createKey(t, { scopes: ['ingest'] });
      await t.app.listen({ host: '127.0.0.1', port: 0 });
      const appPort = (t.app.server.address() as AddressInfo).port;
      exporter = createServer((req, res) => {
        res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
        res.end(exposition());
      });
      const exporterPort = await listen(exporter);
      promPort = await freePort();
      dir = mkdtempSync(join(tmpdir(), 'pharos-prom-'));
      writeFileSync(
        join(dir, 'prometheus.yml'),
        [
          'global: { scrape_interval: 1s, evaluation_interval: 1s }',
          'scrape_configs:',
          '  - job_name: rwt',
          `    static_configs: [{ targets: ['127.0.0.1:${exporterPort}'] }]`,
          'remote_write:',
          `  - url: http://127.0.0.1:${appPort}/api/v1/write`,
          `    basic_auth: { username: prometheus, password: '${key}' }`,
          '    queue_config: { batch_send_deadline: 500ms, max_samples_per_send: 200, min_backoff: 100ms, max_backoff: 1s }',
          '    metadata_config: { send: true, send_interval: 1s }',
          '',
        ].join('\n'),
      );
      prom = startPrometheus();
    });

    afterAll(async () => {
      await stopPrometheus();
      await new Promise((resolve) => exporter?.close(resolve));
      await t?.close();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it('stores exactly the samples Prometheus scraped, with metadata, once across a restart', async () => {
      const names = ['rwt_requests_total', 'rwt_temperature_celsius', 'rwt_latency_seconds_bucket'];
      // Samples of every family arrive, then metadata gives the series their type and help.
      await until('samples', async () => {
        const r = await q<{ n: string }>(
          `SELECT count(DISTINCT s.name)::text AS n FROM metric_samples m
             JOIN metric_series s ON s.id = m.series_id WHERE s.name = ANY($1)`,
          [names],
        );
        return Number(r[0]!.n) === names.length ? true : null;
      });
      const types = await until('metadata', async () => {
        const r = await q<{ name: string; type: string; help: string | null }>(
          `SELECT DISTINCT name, type, help FROM metric_series
            WHERE name LIKE 'rwt\\_%' ORDER BY name`,
        );
        return r.every((x) => x.type !== 'unknown') && r.length === 5 ? r : null;
      });
      expect(types).toEqual([
        { name: 'rwt_latency_seconds_bucket', type: 'histogram', help: 'Request latency.' },
        { name: 'rwt_latency_seconds_count', type: 'histogram', help: 'Request latency.' },
        { name: 'rwt_latency_seconds_sum', type: 'histogram', help: 'Request latency.' },
        {
          name: 'rwt_requests_total',
          type: 'counter',
          help: 'Requests served by the test exporter.',
        },
        { name: 'rwt_temperature_celsius', type: 'gauge', help: 'A gauge that moves.' },
      ]);
      const les = await q<{ le: number }>(
        `SELECT le FROM metric_series WHERE name = 'rwt_latency_seconds_bucket' ORDER BY le`,
      );
      expect(les.map((x) => x.le)).toEqual([0.1, 0.5, 1, Infinity]);

      // Restart after a few scrapes: Prometheus replays its WAL and resumes sending.
      await until('5 scrapes', async () => (scrapes >= 5 ? true : null));
      const beforeRestart = await q<{ n: string }>(
        'SELECT count(*)::text AS n FROM metric_samples',
      );
      await stopPrometheus();
      const restartedAt = Date.now();
      prom = startPrometheus();
      const scrapesBefore = scrapes;
      await until('samples after the restart', async () => {
        if (scrapes < scrapesBefore + 4) return null;
        const r = await q<{ n: string }>(
          `SELECT count(*)::text AS n FROM metric_samples m JOIN metric_series s ON s.id = m.series_id
            WHERE s.name = 'rwt_requests_total' AND m.time > to_timestamp($1 / 1000.0)`,
          [restartedAt + 1000],
        );
        return Number(r[0]!.n) >= 4 ? true : null;
      });
      expect(
        Number((await q<{ n: string }>('SELECT count(*)::text AS n FROM metric_samples'))[0]!.n),
      ).toBeGreaterThan(Number(beforeRestart[0]!.n));

      // Everything Prometheus holds up to a second ago is in Pharos, once, with the same values.
      const horizon = Date.now() - 1500;
      await sleep(1500); // what was scraped before the horizon has been sent
      for (const name of names) {
        const theirs = await prometheusSamples(name, horizon);
        expect(theirs.length).toBeGreaterThanOrEqual(6); // 5 scrapes before the restart, more after
        expect(await pharosSamples(name, horizon)).toEqual(theirs);
      }
      const dups = await q(
        `SELECT series_id, time FROM metric_samples GROUP BY 1, 2 HAVING count(*) > 1`,
      );
      expect(dups).toEqual([]);
    });
  },
);
