// Load generator for bench/ingest-errors.ts, in its own process so that its CPU and event loop
// are not the server's. Reads its job as JSON from stdin, posts Sentry envelopes for the given
// time with N keep-alive clients after a warm-up, and prints a line when the warm-up ends, then
// one JSON line of results (acked ids, statuses and latencies after the warm-up, its CPU time
// after the warm-up) on stdout.
//
// It shares the two cores with the server, so it writes HTTP/1.1 itself on plain sockets (one
// request at a time per connection, as an SDK's transport does) instead of going through
// node:http's client, which cost more CPU per request than the server's whole ingest path.
import { randomBytes } from 'node:crypto';
import { connect } from 'node:net';
import { performance } from 'node:perf_hooks';
import { setTimeout } from 'node:timers';

let input = '';
for await (const chunk of process.stdin) input += chunk;
const job = JSON.parse(input);
const { port, key, seconds, warmup, clients, perEnvelope, templates } = job;
const path = `/api/1/envelope/?sentry_version=7&sentry_key=${key}`;
const head =
  `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n` +
  'User-Agent: sentry.javascript.node/11.12.0\r\nConnection: keep-alive\r\nContent-Length: ';
// Each template split around its placeholders, so an envelope is a join, not two replaces.
const parts = templates.map((t) => {
  const [a, rest] = t.split('__EVENT_ID__');
  const [b, c] = rest.split('__USER__');
  return [a, b, c];
});

function envelope(ids) {
  const out = [];
  for (let i = 0; i < perEnvelope; i++) {
    const id = randomBytes(16).toString('hex');
    ids.push(id);
    const user = `u-${Math.floor(Math.random() * 1000)}`;
    const [a, b, c] = parts[Math.floor(Math.random() * parts.length)];
    if (i === 0) out.push(`{"event_id":"${id}","sent_at":"${new Date().toISOString()}"}`);
    out.push('{"type":"event"}', a + id + b + user + c);
  }
  return out.join('\n') + '\n';
}

/** One keep-alive connection: `send(body)` resolves with the status of its response. */
function connection() {
  const socket = connect({ host: '127.0.0.1', port, noDelay: true });
  let buf = Buffer.alloc(0);
  let waiter = null;
  let failed = null;
  const fail = (err) => {
    failed = err;
    if (waiter) waiter.reject(err);
    waiter = null;
  };
  socket.on('error', fail);
  socket.on('close', () => fail(new Error('connection closed')));
  socket.on('data', (chunk) => {
    buf = buf.length ? Buffer.concat([buf, chunk]) : chunk;
    const end = buf.indexOf('\r\n\r\n');
    if (end < 0 || !waiter) return;
    const headers = buf.subarray(0, end).toString('latin1');
    const len = /\r\ncontent-length: *(\d+)/i.exec(headers);
    if (!len) return fail(new Error(`response without content-length: ${headers}`));
    const total = end + 4 + Number(len[1]);
    if (buf.length < total) return;
    buf = buf.subarray(total);
    const w = waiter;
    waiter = null;
    w.resolve(Number(headers.slice(9, 12)));
  });
  return {
    send(body) {
      if (failed) return Promise.reject(failed);
      return new Promise((resolve, reject) => {
        waiter = { resolve, reject };
        socket.write(`${head}${Buffer.byteLength(body)}\r\n\r\n${body}`);
      });
    },
    close: () => socket.destroy(),
  };
}

const acked = [];
const statuses = {};
const latencies = [];
let measured = 0;
let measuring = false;
let cpu0 = null;
let t0 = performance.now();
const deadline = t0 + (warmup + seconds) * 1000;
setTimeout(() => {
  measuring = true;
  cpu0 = process.cpuUsage();
  t0 = performance.now();
  process.stdout.write('warm\n');
}, warmup * 1000);
await Promise.all(
  Array.from({ length: clients }, async () => {
    let conn = connection();
    while (performance.now() < deadline) {
      const s = performance.now();
      const ids = [];
      const status = await conn.send(envelope(ids)).catch(() => {
        conn.close();
        conn = connection();
        return 'error';
      });
      if (status === 200) acked.push(...ids);
      // A response that arrives after the warm-up counts, whenever its request was sent.
      if (!measuring) continue;
      latencies.push(performance.now() - s);
      statuses[status] = (statuses[status] ?? 0) + 1;
      if (status === 200) measured += ids.length;
    }
    conn.close();
  }),
);
const elapsed = (performance.now() - t0) / 1000;
const cpu = process.cpuUsage(cpu0);
process.stdout.write(JSON.stringify({ cpu, elapsed, acked, measured, statuses, latencies }) + '\n');
