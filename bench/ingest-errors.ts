// Sentry envelope ingestion: events per second acknowledged (grouped and durable: the 200 comes
// after COMMIT), with several concurrent keep-alive clients posting @sentry/node 11 exception
// envelopes (the recorded capture) spread over ~50 groups and 1,000 users, one event per envelope
// as the SDK sends them. Fresh embedded PostgreSQL with its default (durable) settings. The
// first seconds warm the server up (JIT, caches, partitions) and are not counted, except that
// their events must be stored too.
//   npm run bench -- ingest-errors [seconds=15] [clients=256] [eventsPerEnvelope=1] [warmup=3]
import { benchIngestKey, listenBenchApp, startBenchDatabase } from './lib-pharos.ts';
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readCapture } from '../apps/server/src/modules/errors/testing.ts';

const SECONDS = Number(process.argv[2] ?? 15);
const CLIENTS = Number(process.argv[3] ?? 256);
const PER_ENVELOPE = Number(process.argv[4] ?? 1);
const WARMUP = Number(process.argv[5] ?? 3);
const GROUPS = 50;

const bench = await startBenchDatabase('errors');
const { database } = bench;
const key = await benchIngestKey(bench);
const { app, port } = await listenBenchApp(bench);

// Templates: the captured exception event, its in-app function renamed per group.
const capture = readCapture('sentry-node-11-exception-envelope.txt');
const [, , payload] = capture.body.trim().split('\n');
const base = JSON.parse(payload!) as Record<string, unknown>;
base.timestamp = Date.now() / 1000;
const templates: string[] = [];
for (let g = 0; g < GROUPS; g++) {
  const e = structuredClone(base) as {
    exception: { values: Array<{ stacktrace: { frames: Array<Record<string, unknown>> } }> };
  } & Record<string, unknown>;
  for (const f of e.exception.values[0]!.stacktrace.frames) {
    if (f.in_app) f.function = `${String(f.function)}_${g}`;
  }
  e.event_id = '__EVENT_ID__';
  e.user = { id: '__USER__', email: 'someone@example.com', ip_address: '{{auto}}' };
  templates.push(JSON.stringify(e));
}
// CPU seconds of the embedded PostgreSQL: the postmaster, its reaped children and its live ones
// (Linux /proc, clock ticks of 10 ms). Throughput on a shared machine swings with the others'
// load; CPU per event does much less, and says what two idle cores could sustain.
const postmaster = Number(
  readFileSync(join(bench.config.dataDir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0],
);
function postgresCpuSeconds(): number {
  const stat = (pid: string) => {
    try {
      const f = readFileSync(`/proc/${pid}/stat`, 'utf8');
      return f.slice(f.lastIndexOf(')') + 2).split(' ');
    } catch {
      return null; // exited meanwhile
    }
  };
  // Fields after the name: [1] ppid, [11] utime, [12] stime, [13] cutime, [14] cstime.
  const own = stat(String(postmaster));
  let ticks = own ? Number(own[11]) + Number(own[12]) + Number(own[13]) + Number(own[14]) : 0;
  for (const pid of readdirSync('/proc').filter((x) => /^[0-9]+$/.test(x))) {
    const f = stat(pid);
    if (f && Number(f[1]) === postmaster) ticks += Number(f[11]) + Number(f[12]);
  }
  return ticks / 100;
}

// The load runs in a child process: its CPU and event loop are not the server's.
const child = spawn(
  process.execPath,
  [fileURLToPath(new URL('./lib/sentry-load.mjs', import.meta.url))],
  { stdio: ['pipe', 'pipe', 'inherit'] },
);
child.stdin.end(
  JSON.stringify({
    port,
    key,
    seconds: SECONDS,
    warmup: WARMUP,
    clients: CLIENTS,
    perEnvelope: PER_ENVELOPE,
    templates,
  }),
);
// The child prints one line when the warm-up ends, and its results when done.
let out = '';
let pg0 = 0;
let server0 = process.cpuUsage();
child.stdout.on('data', (d: Buffer) => {
  out += d.toString();
  if (!pg0 && out.includes('\n')) {
    pg0 = postgresCpuSeconds();
    server0 = process.cpuUsage();
    out = out.slice(out.indexOf('\n') + 1);
  }
});
await new Promise<void>((resolve, reject) =>
  child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`load exited ${code}`)))),
);
const serverCpu = process.cpuUsage(server0);
const pgCpu = postgresCpuSeconds() - pg0;
type Cpu = { user: number; system: number };
const load = JSON.parse(out) as {
  cpu: Cpu;
  elapsed: number;
  /** Ids of every acknowledged event, warm-up included. */
  acked: string[];
  /** Acknowledged after the warm-up. */
  measured: number;
  statuses: Record<string, number>;
  latencies: number[];
};
const { elapsed, acked: ackedIds, measured: acked, latencies } = load;
const statuses = new Map(Object.entries(load.statuses));

await app.ingest.flush();
const pool = database.handle.pool;
const stored = Number((await pool.query('SELECT count(*) AS n FROM error_events')).rows[0].n);
const groups = await pool.query(
  'SELECT count(*) AS n, sum(occurrence_count) AS events, max(affected_users) AS users FROM error_groups',
);
const have = new Set(
  (
    await pool.query<{ id: string }>(
      `SELECT replace(event_id::text, '-', '') AS id FROM error_events`,
    )
  ).rows.map((r) => r.id),
);
const missing = ackedIds.filter((i) => !have.has(i)).length;
latencies.sort((a, b) => a - b);
const perEvent = (seconds: number) => ((seconds * 1e6) / Math.max(1, acked)).toFixed(0);
const cpu = {
  server: (serverCpu.user + serverCpu.system) / 1e6,
  load: (load.cpu.user + load.cpu.system) / 1e6,
  postgres: pgCpu,
};
const cpuTotal = cpu.server + cpu.load + cpu.postgres;
const pct = (p: number) =>
  latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))]!.toFixed(1);
process.stdout.write(
  [
    `ingest-errors: ${CLIENTS} clients, ${PER_ENVELOPE} event(s) per envelope, ${elapsed.toFixed(1)} s after ${WARMUP} s of warm-up`,
    `  acknowledged: ${acked} events, ${(acked / elapsed).toFixed(0)} events/s (target >= 5000)`,
    `  responses: ${[...statuses].map(([s, n]) => `${s}x${n}`).join(' ')}`,
    `  latency ms: p50 ${pct(0.5)}  p95 ${pct(0.95)}  p99 ${pct(0.99)}`,
    `  CPU us per event: server ${perEvent(cpu.server)} (user ${perEvent(serverCpu.user / 1e6)}, kernel ${perEvent(serverCpu.system / 1e6)}), PostgreSQL ${perEvent(cpu.postgres)}, load ${perEvent(cpu.load)}; ` +
      `all ${perEvent(cpuTotal)} (two idle cores: ~${((2 * acked) / Math.max(cpuTotal, 1e-9)).toFixed(0)} events/s)`,
    `  durability: ${missing} of ${ackedIds.length} acknowledged events (warm-up included) missing from error_events`,
    `  stored: ${stored} error_events; ${groups.rows[0].n} groups holding ${groups.rows[0].events} events; max affected users ${groups.rows[0].users}`,
    '',
  ].join('\n'),
);
await app.close();
await bench.cleanup();
