// Metric ingest over Prometheus remote write: Pharos versus a real Prometheus 2.42 receiving the
// same stream (PERFORMANCE.md targets: >= 40% of Prometheus' samples/s, <= 2x its bytes per
// sample after compaction). One generator builds every request up front (snappy protobuf, one
// sample per series per request, up to PER_REQUEST samples per request, every series once per
// 15-second "scrape round"), and the same bytes are sent by CLIENTS shards to Pharos (a real HTTP
// listener in this process, on a fresh embedded PostgreSQL with durable defaults) and to
// Prometheus (--web.enable-remote-write-receiver, its own process and temp data dir). Round 0
// creates the series and is not timed. Also printed: raw COPY of the same rows into a copy of
// metric_samples (PostgreSQL's ceiling in this run). The stream spans one 2-hour window aligned
// to a UTC 2-hour boundary, so compaction packs it into full chunks (480 samples per series);
// Prometheus' bytes are those of the block its admin snapshot writes from its head.
//   npm run bench -- ingest-metrics [series=10000] [rounds=480] [clients=8]
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { copyLines } from '../apps/server/src/modules/ingest/index.ts';
import { compactMetricSamples } from '../apps/server/src/modules/metrics/index.ts';
import { writeLoadFile, runLoad } from './lib-http-load.ts';
import { benchIngestKey, listenBenchApp, startBenchDatabase } from './lib-pharos.ts';
import { encodeLabels, writeRequest } from './lib-remote-write.ts';

const SERIES = Number(process.argv[2] ?? 10_000);
const ROUNDS = Number(process.argv[3] ?? 480);
const CLIENTS = Number(process.argv[4] ?? 8);
const PER_REQUEST = 1000;
const STEP_MS = 15_000;
const WINDOW_MS = 2 * 3_600_000;

// The stream: a mix of counters (random increments), histogram bucket counters, a random-walk
// gauge with 2 decimals and a gauge of arbitrary doubles: high-entropy values, as scraped.
// The last 2-hour window of yesterday (UTC): compaction then leaves a whole past day of head
// rows and truncates its partition, as it does every day. A window of today left the emptied
// head's pages counted (49 B/sample) whenever the bench ran after 02:00 UTC, though the next
// hours' samples reuse them.
const DAY_MS = 86_400_000;
const base = Math.floor(Date.now() / DAY_MS) * DAY_MS - WINDOW_MS;
const labels = Array.from({ length: SERIES }, (_, i) => {
  const kind = i % 4;
  const name = [
    'bench_requests_total',
    'bench_latency_seconds_bucket',
    'bench_queue_depth',
    'bench_temperature',
  ][kind]!;
  const l: Record<string, string> = {
    job: `svc-${i % 20}`,
    instance: `10.0.${(i >> 8) & 255}.${i & 255}:9100`,
    series: String(i),
  };
  if (kind === 1) l.le = ['0.1', '0.5', '1', '+Inf'][i % 4]!;
  return encodeLabels(name, l);
});
const state = Float64Array.from({ length: SERIES }, (_, i) => (i % 4 === 2 ? 500 : 0));
function nextValue(i: number): number {
  const kind = i % 4;
  if (kind === 0) state[i]! += Math.floor(Math.random() * 1000);
  else if (kind === 1) state[i]! += Math.floor(Math.random() * 20);
  else if (kind === 2) state[i] = Math.round((state[i]! + (Math.random() - 0.5) * 10) * 100) / 100;
  else state[i] = Math.random() * 100;
  return state[i]!;
}

process.stdout.write(`building ${SERIES} series x ${ROUNDS} rounds ...\n`);
// As Prometheus' remote write shards do: series i belongs to shard i % CLIENTS, and each shard
// sends its series' samples in time order, one request at a time; rounds[r][shard] = requests.
const rounds: Buffer[][][] = [];
for (let r = 0; r < ROUNDS; r++) {
  const shards: Buffer[][] = [];
  for (let c = 0; c < CLIENTS; c++) {
    const mine: number[] = [];
    for (let i = c; i < SERIES; i += CLIENTS) mine.push(i);
    const reqs: Buffer[] = [];
    const per = Math.ceil(mine.length / Math.ceil(mine.length / PER_REQUEST));
    for (let k = 0; k < mine.length; k += per) {
      reqs.push(
        writeRequest(
          mine.slice(k, k + per).map((i) => ({
            labels: labels[i]!,
            value: nextValue(i),
            timeMs: base + r * STEP_MS + (i % 10) * 7,
          })),
        ),
      );
    }
    shards.push(reqs);
  }
  rounds.push(shards);
}
const requests = rounds.flat(2);
const wireBytes = requests.reduce((n, b) => n + b.length, 0);
const samples = SERIES * (ROUNDS - 1);

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as { port: number }).port;
  await new Promise((r) => s.close(r));
  return port;
}

const loadFile = writeLoadFile(rounds);

/**
 * Sends rounds [from, to) from another process (as Prometheus is another process), each shard on
 * its own keep-alive connection; samples per second.
 */
async function send(port: number, auth: string | null, from: number, to: number): Promise<number> {
  const r = await runLoad({
    file: loadFile,
    port,
    path: '/api/v1/write',
    headers: {
      'Content-Type': 'application/x-protobuf',
      'Content-Encoding': 'snappy',
      'X-Prometheus-Remote-Write-Version': '0.1.0',
      'User-Agent': 'Prometheus/2.42.0',
      ...(auth ? { Authorization: auth } : {}),
    },
    from,
    to,
  });
  return (SERIES * (to - from)) / r.seconds;
}

/**
 * The same timed samples COPYed straight into a copy of metric_samples (same key), 20,000 rows
 * per COPY and transaction over as many connections as the pipeline's flush concurrency.
 */
async function rawCopy(): Promise<number> {
  await pool.query('CREATE TABLE bench_copy (LIKE metric_samples INCLUDING ALL)');
  const rows = await pool.query<{ line: string }>(
    `SELECT time || E'\\t' || series_id || E'\\t' || value || E'\\t' || org_id || E'\\n' AS line
       FROM metric_samples WHERE time >= $1 ORDER BY time, series_id`,
    [new Date(base + STEP_MS)],
  );
  const batches: string[][] = [];
  for (let i = 0; i < rows.rows.length; i += 20_000) {
    batches.push(rows.rows.slice(i, i + 20_000).map((r) => r.line));
  }
  let next = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: bench.config.ingest.flushConcurrency }, async () => {
      const client = await pool.connect();
      try {
        while (next < batches.length) {
          const b = batches[next++]!;
          await client.query('BEGIN');
          await copyLines(client, 'bench_copy', ['time', 'series_id', 'value', 'org_id'], b);
          await client.query('COMMIT');
        }
      } finally {
        client.release();
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  await pool.query('DROP TABLE bench_copy');
  return rows.rows.length / seconds;
}

function dirBytes(path: string): number {
  let n = 0;
  for (const e of readdirSync(path, { withFileTypes: true })) {
    const p = join(path, e.name);
    n += e.isDirectory() ? dirBytes(p) : statSync(p).size;
  }
  return n;
}

// Prometheus, started first so it idles while Pharos is measured (and the reverse).
const promDir = mkdtempSync(join(tmpdir(), 'pharos-bench-prom-'));
writeFileSync(join(promDir, 'prometheus.yml'), 'global: { scrape_interval: 1m }\n');
const promPort = await freePort();
const prom = spawn(
  '/usr/bin/prometheus',
  [
    `--config.file=${join(promDir, 'prometheus.yml')}`,
    `--storage.tsdb.path=${join(promDir, 'data')}`,
    `--web.listen-address=127.0.0.1:${promPort}`,
    '--web.enable-remote-write-receiver',
    '--web.enable-admin-api',
    '--log.level=warn',
  ],
  { stdio: ['ignore', 'ignore', 'inherit'] },
);
process.on('exit', () => prom.kill('SIGKILL')); // also when the bench fails
for (let i = 0; ; i++) {
  const ok = await fetch(`http://127.0.0.1:${promPort}/-/ready`).then(
    (r) => r.ok,
    () => false,
  );
  if (ok) break;
  if (i > 100) throw new Error('Prometheus did not start');
  await new Promise((r) => setTimeout(r, 100));
}

const bench = await startBenchDatabase('metrics');
const key = await benchIngestKey(bench);
const { app, port } = await listenBenchApp(bench);
const pool = bench.database.handle.pool;
const auth = `Basic ${Buffer.from(`bench:${key}`).toString('base64')}`;

const fmt = (n: number) => `${Math.round(n / 1000)}k samples/s`;
process.stdout.write(
  `${SERIES} series, ${ROUNDS} rounds (${samples} timed samples), up to ${PER_REQUEST} samples per request, ${CLIENTS} clients, ${(wireBytes / requests.length / 1024).toFixed(1)} KiB per request on the wire\n`,
);
try {
  await send(port, auth, 0, 1);
  await send(promPort, null, 0, 1);
  const sendStarted = process.hrtime.bigint();
  const ackRate = await send(port, auth, 1, ROUNDS);
  await app.ingest.flush(); // a no-op unless some batches went to the spool
  // Until every sample is in PostgreSQL, spool drain included.
  const pharosRate = Math.min(
    ackRate,
    samples / (Number(process.hrtime.bigint() - sendStarted) / 1e9),
  );
  // The pipeline's own flush figures (its /metrics): how group commit shaped the stream.
  const selfMetrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  const metric = (name: string) =>
    Number(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'm').exec(selfMetrics)?.[1] ?? NaN);
  const flushes = metric('pharos_ingest_flush_rows_count');
  process.stdout.write(
    `  Pharos      ${fmt(pharosRate)}  (${flushes} flushes of ${Math.round(metric('pharos_ingest_flush_rows_sum') / flushes)} rows, ` +
      `${((metric('pharos_ingest_flush_seconds_sum') / flushes) * 1000).toFixed(1)} ms each)\n`,
  );
  const copyRate = await rawCopy();
  process.stdout.write(
    `  raw COPY    ${fmt(copyRate)}  (PostgreSQL's own ceiling here: the same rows, no HTTP)\n`,
  );
  const promRate = await send(promPort, null, 1, ROUNDS);
  process.stdout.write(`  Prometheus  ${fmt(promRate)}\n`);
  process.stdout.write(
    `  ratio       ${Math.round((pharosRate / promRate) * 100)}% of Prometheus (target >= 40%)\n\n`,
  );

  // Storage. Pharos: the head, then compaction of the whole window into chunks.
  const q = async (sql: string) => (await pool.query<{ n: string }>(sql)).rows[0]!.n;
  const partsSize = (table: string) =>
    q(`SELECT coalesce(sum(pg_total_relation_size(inhrelid)), 0)::text AS n FROM pg_inherits
        WHERE inhparent = '${table}'::regclass`);
  const stored = Number(await q('SELECT count(*)::text AS n FROM metric_samples'));
  const headBytes = Number(await partsSize('metric_samples'));
  const started = process.hrtime.bigint();
  const c = await compactMetricSamples(
    pool,
    { chunkHours: 2, headMinutes: 0 },
    new Date(base + WINDOW_MS),
  );
  const compactSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  await pool.query('VACUUM metric_samples');
  await pool.query('VACUUM metric_sample_chunks');
  const chunkBytes = Number(await partsSize('metric_sample_chunks'));
  const headLeft = Number(await partsSize('metric_samples'));
  const pharosBps = (chunkBytes + headLeft) / stored;

  // Prometheus: its head written out as a block by a snapshot (the admin API), and WAL + head.
  const walBytes =
    dirBytes(join(promDir, 'data', 'wal')) + dirBytes(join(promDir, 'data', 'chunks_head'));
  const snap = (await (
    await fetch(`http://127.0.0.1:${promPort}/api/v1/admin/tsdb/snapshot?skip_head=false`, {
      method: 'POST',
    })
  ).json()) as { data: { name: string } };
  const blockBytes = dirBytes(join(promDir, 'data', 'snapshots', snap.data.name));
  const promSamples = SERIES * ROUNDS;
  const promBps = blockBytes / promSamples;

  const b = (n: number) => n.toFixed(2);
  process.stdout.write(
    [
      `storage, ${stored} samples in Pharos (${promSamples} sent):`,
      `  Pharos head (one row per sample)        ${b(headBytes / stored)} B/sample`,
      `  Pharos compacted (chunks + head left)   ${b(pharosBps)} B/sample  (${c.chunks} chunks, ${b(chunkBytes / stored)} in chunks; compaction ${fmt(c.samples / compactSeconds)}, ${compactSeconds.toFixed(1)} s)`,
      `  Prometheus block (snapshot of the head) ${b(promBps)} B/sample  (WAL + head chunks before: ${b(walBytes / promSamples)} B/sample)`,
      `  ratio       ${b(pharosBps / promBps)}x Prometheus' block (target <= 2x)`,
      '',
    ].join('\n'),
  );
} finally {
  if (prom.exitCode === null) {
    const exited = new Promise((r) => prom.once('exit', r));
    prom.kill('SIGTERM');
    await exited;
  }
  rmSync(promDir, { recursive: true, force: true });
  loadFile.remove();
  await app.close();
  await bench.cleanup();
}
