// A throwaway Prometheus 2.42 for the comparison suite: started on a free 127.0.0.1 port with a
// temp TSDB, loaded through its remote-write receiver, queried over its HTTP API.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import protobuf from 'protobufjs';
import snappy from 'snappyjs';
import type { PromQueryData, RawSeries } from '../types.ts';

export const PROMETHEUS_BIN = '/usr/bin/prometheus';
export const hasPrometheus = (): boolean => existsSync(PROMETHEUS_BIN);

const WriteRequest = protobuf
  .loadSync(fileURLToPath(new URL('../../metrics/remote.proto', import.meta.url)))
  .lookupType('prometheus.WriteRequest');

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export type PromAnswer =
  | { status: 'success'; data: PromQueryData }
  | { status: 'error'; errorType: string; error: string };

export class PrometheusProcess {
  private constructor(
    private readonly proc: ChildProcess,
    private readonly dir: string,
    readonly url: string,
  ) {}

  static async start(): Promise<PrometheusProcess> {
    const dir = mkdtempSync(join(tmpdir(), 'pharos-prom-'));
    const config = join(dir, 'prometheus.yml');
    writeFileSync(config, 'global:\n  scrape_interval: 15s\n  evaluation_interval: 1m\n');
    const port = await freePort();
    const proc = spawn(
      PROMETHEUS_BIN,
      [
        `--config.file=${config}`,
        `--storage.tsdb.path=${join(dir, 'data')}`,
        `--web.listen-address=127.0.0.1:${port}`,
        '--web.enable-remote-write-receiver',
        '--log.level=warn',
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let stderr = '';
    proc.stderr?.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
    const p = new PrometheusProcess(proc, dir, `http://127.0.0.1:${port}`);
    const deadline = Date.now() + 20_000;
    for (;;) {
      if (proc.exitCode !== null) throw new Error(`prometheus exited: ${stderr}`);
      try {
        if ((await fetch(`${p.url}/-/ready`)).ok) return p;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) throw new Error(`prometheus not ready: ${stderr}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /**
   * Remote-writes the series in time order, in slices of `sliceMs`, so that no request holds
   * samples further apart than the head accepts (appends older than head max - 1h are refused).
   */
  async write(series: RawSeries[], sliceMs = 10 * 60_000): Promise<void> {
    const all = series.flatMap((s) => Array.from(s.timestamps, (t) => t));
    const min = Math.min(...all);
    const max = Math.max(...all);
    for (let from = min; from <= max; from += sliceMs) {
      const timeseries = series
        .map((s) => ({
          labels: Object.entries(s.labels).map(([name, value]) => ({ name, value })),
          samples: Array.from(s.timestamps, (t, i) => ({
            timestamp: t,
            value: s.values[i]!,
          })).filter((x) => x.timestamp >= from && x.timestamp < from + sliceMs),
        }))
        .filter((t) => t.samples.length > 0);
      const body = Buffer.from(
        snappy.compress(WriteRequest.encode(WriteRequest.fromObject({ timeseries })).finish()),
      );
      const res = await fetch(`${this.url}/api/v1/write`, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-protobuf',
          'content-encoding': 'snappy',
          'x-prometheus-remote-write-version': '0.1.0',
        },
        body,
      });
      if (res.status !== 204)
        throw new Error(`remote write answered ${res.status}: ${await res.text()}`);
    }
  }

  async query(path: 'query' | 'query_range', params: Record<string, string>): Promise<PromAnswer> {
    const res = await fetch(`${this.url}/api/v1/${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(params).toString(),
    });
    return (await res.json()) as PromAnswer;
  }

  async stop(): Promise<void> {
    if (this.proc.exitCode === null) {
      const exited = new Promise((r) => this.proc.once('exit', r));
      this.proc.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      if (this.proc.exitCode === null) this.proc.kill('SIGKILL');
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}
