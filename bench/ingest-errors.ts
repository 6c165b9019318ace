// Sentry envelope ingestion: events per second acknowledged (grouped and durable: the 200 comes
// after COMMIT), with several concurrent keep-alive clients posting @sentry/node 11 exception
// envelopes (the recorded capture) spread over ~50 groups and 1,000 users, one event per envelope
// as the SDK sends them. Fresh embedded PostgreSQL with its default (durable) settings.
//   npm run bench -- ingest-errors [seconds=15] [clients=32] [eventsPerEnvelope=1]
import { benchIngestKey, listenBenchApp, startBenchDatabase } from './lib-pharos.ts';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { readCapture } from '../apps/server/src/modules/errors/testing.ts';

const SECONDS = Number(process.argv[2] ?? 15);
const CLIENTS = Number(process.argv[3] ?? 32);
const PER_ENVELOPE = Number(process.argv[4] ?? 1);
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
    clients: CLIENTS,
    perEnvelope: PER_ENVELOPE,
    templates,
  }),
);
let out = '';
child.stdout.on('data', (d: Buffer) => (out += d.toString()));
await new Promise<void>((resolve, reject) =>
  child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`load exited ${code}`)))),
);
const load = JSON.parse(out) as {
  elapsed: number;
  acked: string[];
  statuses: Record<string, number>;
  latencies: number[];
};
const { elapsed, acked: ackedIds, latencies } = load;
const acked = ackedIds.length;
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
const pct = (p: number) =>
  latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))]!.toFixed(1);
process.stdout.write(
  [
    `ingest-errors: ${CLIENTS} clients, ${PER_ENVELOPE} event(s) per envelope, ${elapsed.toFixed(1)} s`,
    `  acknowledged: ${acked} events, ${(acked / elapsed).toFixed(0)} events/s (target >= 5000)`,
    `  responses: ${[...statuses].map(([s, n]) => `${s}x${n}`).join(' ')}`,
    `  latency ms: p50 ${pct(0.5)}  p95 ${pct(0.95)}  p99 ${pct(0.99)}`,
    `  durability: ${missing} acknowledged events missing from error_events`,
    `  stored: ${stored} error_events; ${groups.rows[0].n} groups holding ${groups.rows[0].events} events; max affected users ${groups.rows[0].users}`,
    '',
  ].join('\n'),
);
await app.close();
await bench.cleanup();
