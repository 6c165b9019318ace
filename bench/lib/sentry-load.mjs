// Load generator for bench/ingest-errors.ts, in its own process so that its CPU and event loop
// are not the server's. Reads its job as JSON from stdin, posts Sentry envelopes for the given
// time with N keep-alive clients, and prints one JSON line of results (acked ids, statuses,
// latencies) on stdout.
import { randomBytes } from 'node:crypto';
import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';

let input = '';
for await (const chunk of process.stdin) input += chunk;
const job = JSON.parse(input);
const { port, key, seconds, clients, perEnvelope, templates } = job;
const agent = new Agent({ keepAlive: true, maxSockets: clients });
const path = `/api/1/envelope/?sentry_version=7&sentry_key=${key}`;

function envelope(ids) {
  const parts = [];
  for (let i = 0; i < perEnvelope; i++) {
    const id = randomBytes(16).toString('hex');
    ids.push(id);
    const user = `u-${Math.floor(Math.random() * 1000)}`;
    const t = templates[Math.floor(Math.random() * templates.length)];
    if (i === 0) parts.push(JSON.stringify({ event_id: id, sent_at: new Date().toISOString() }));
    parts.push('{"type":"event"}', t.replace('__EVENT_ID__', id).replace('__USER__', user));
  }
  return Buffer.from(parts.join('\n') + '\n');
}

function post(body) {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path,
        method: 'POST',
        agent,
        headers: { 'user-agent': 'sentry.javascript.node/11.12.0' },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const acked = [];
const statuses = {};
const latencies = [];
const t0 = performance.now();
const deadline = t0 + seconds * 1000;
await Promise.all(
  Array.from({ length: clients }, async () => {
    while (performance.now() < deadline) {
      const s = performance.now();
      const ids = [];
      const status = await post(envelope(ids));
      latencies.push(performance.now() - s);
      statuses[status] = (statuses[status] ?? 0) + 1;
      if (status === 200) acked.push(...ids);
    }
  }),
);
const elapsed = (performance.now() - t0) / 1000;
agent.destroy();
process.stdout.write(JSON.stringify({ elapsed, acked, statuses, latencies }) + '\n');
