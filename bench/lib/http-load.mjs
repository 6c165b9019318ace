// HTTP load for the ingest benchmarks, in its own process so that its CPU and event loop are not
// the server's (Prometheus, the baseline of ingest-metrics, is always another process too). Job
// on stdin as JSON: { file, port, path, headers, clients, from, to }. `file` holds segments (a
// remote write round, or one measurement): for each segment, for each client, a uint32 count,
// then per request a uint32 length and the body. Client c sends its requests of segments
// [from, to) in order, one at a time on its own keep-alive connection, as a Prometheus remote
// write shard or a log shipper does. Prints one JSON line: { requests, seconds }. HTTP/1.1 is
// written on plain sockets: node:http's client costs more CPU per request than the work measured.
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { performance } from 'node:perf_hooks';

let input = '';
for await (const chunk of process.stdin) input += chunk;
const { file, port, path, headers, from, to, clients } = JSON.parse(input);

const data = readFileSync(file);
/** requests[segment][client] = Buffer[] */
const requests = [];
let at = 0;
for (let r = 0; at < data.length; r++) {
  const shards = [];
  for (let c = 0; c < clients; c++) {
    const n = data.readUInt32LE(at);
    at += 4;
    const list = [];
    for (let i = 0; i < n; i++) {
      const len = data.readUInt32LE(at);
      at += 4;
      list.push(data.subarray(at, at + len));
      at += len;
    }
    shards.push(list);
  }
  requests.push(shards);
}

const head =
  `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n` +
  Object.entries(headers)
    .map(([k, v]) => `${k}: ${v}\r\n`)
    .join('') +
  'Connection: keep-alive\r\nContent-Length: ';

/** One keep-alive connection: `send(body)` resolves after a 2xx response, rejects otherwise. */
function connection() {
  const socket = connect({ host: '127.0.0.1', port, noDelay: true });
  let buf = Buffer.alloc(0);
  let waiter = null;
  const fail = (err) => {
    if (waiter) waiter.reject(err);
    waiter = null;
  };
  socket.on('error', fail);
  socket.on('close', () => fail(new Error('connection closed')));
  socket.on('data', (d) => {
    buf = buf.length ? Buffer.concat([buf, d]) : d;
    for (;;) {
      const end = buf.indexOf('\r\n\r\n');
      if (end < 0 || !waiter) return;
      const headers = buf.subarray(0, end).toString('latin1');
      const status = Number(headers.slice(9, 12));
      if (/transfer-encoding:\s*chunked/i.test(headers)) {
        fail(new Error('chunked response not expected'));
        return;
      }
      const m = /content-length:\s*(\d+)/i.exec(headers);
      const len = m ? Number(m[1]) : 0;
      if (buf.length < end + 4 + len) return;
      const body = buf.subarray(end + 4, end + 4 + len).toString();
      buf = buf.subarray(end + 4 + len);
      const w = waiter;
      waiter = null;
      if (status >= 200 && status < 300) w.resolve();
      else w.reject(new Error(`HTTP ${status}: ${body.slice(0, 300)}`));
    }
  });
  return {
    send(body) {
      return new Promise((resolve, reject) => {
        waiter = { resolve, reject };
        socket.write(head + body.length + '\r\n\r\n');
        socket.write(body);
      });
    },
    close: () => socket.destroy(),
  };
}

const conns = Array.from({ length: clients }, connection);
let sent = 0;
const started = performance.now();
await Promise.all(
  conns.map(async (conn, c) => {
    for (let r = from; r < to; r++) {
      for (const body of requests[r][c]) {
        await conn.send(body);
        sent++;
      }
    }
  }),
);
const seconds = (performance.now() - started) / 1000;
for (const c of conns) c.close();
process.stdout.write(JSON.stringify({ requests: sent, seconds }) + '\n');
