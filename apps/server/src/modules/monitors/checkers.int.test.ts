import dgram from 'node:dgram';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { generate } from 'selfsigned';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCheck } from './check/run-check.ts';

const key = Buffer.alloc(32, 7);
const servers: Array<{ close(): unknown }> = [];
const port = (s: net.Server | dgram.Socket) => ((s as net.Server).address() as AddressInfo).port;
let httpPort = 0;
let flap = 0;

beforeAll(async () => {
  const h = http.createServer((req, res) => {
    if (req.url === '/hang') return; // never answers
    if (req.url === '/flap') {
      res.statusCode = flap++ % 2 ? 500 : 200;
      return res.end('x');
    }
    if (req.url === '/redirect') return res.writeHead(302, { location: '/json' }).end();
    if (req.url === '/json') return res.end(JSON.stringify({ db: { status: 'ok' }, items: [1] }));
    if (req.url === '/slow') return setTimeout(() => res.end('slow ok'), 300);
    res.end('hello pharos');
  });
  await new Promise<void>((r) => h.listen(0, '127.0.0.1', r));
  httpPort = port(h);
  servers.push(h);
});
afterAll(() => servers.forEach((s) => s.close()));

const mon = (
  kind: string,
  url: string | null,
  config: Record<string, unknown> = {},
  timeout = 2,
) => ({
  id: 'm',
  kind,
  health_check_url: url,
  timeout,
  config,
  secrets_enc: null,
});

describe('checkers against local servers', () => {
  it('http: status, keyword, JSON path, redirects, latency threshold', async () => {
    const base = `http://127.0.0.1:${httpPort}`;
    expect((await runCheck(mon('http', `${base}/`), key)).status).toBe('healthy');
    expect((await runCheck(mon('keyword', `${base}/`, { keyword: 'pharos' }), key)).status).toBe(
      'healthy',
    );
    const miss = await runCheck(mon('keyword', `${base}/`, { keyword: 'nope' }), key);
    expect(miss).toMatchObject({ status: 'down', error: 'keyword "nope" not found' });
    const json = await runCheck(
      mon('json-query', `${base}/redirect`, { jsonPath: '$.db.status', expectedValue: 'ok' }),
      key,
    );
    expect(json.status).toBe('healthy');
    expect(json.details?.redirects).toEqual([`${base}/json`]);
    const slow = await runCheck(mon('http', `${base}/slow`, { degradedAboveMs: 100 }), key);
    expect(slow.status).toBe('degraded');
  });

  it('http: a hanging server times out without delaying the caller past its timeout', async () => {
    const started = Date.now();
    const r = await runCheck(mon('http', `http://127.0.0.1:${httpPort}/hang`, {}, 1), key);
    expect(r.status).toBe('down');
    expect(r.error).toMatch(/timed out/);
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it('http: a flapping server alternates', async () => {
    const url = `http://127.0.0.1:${httpPort}/flap`;
    const a = await runCheck(mon('http', url), key);
    const b = await runCheck(mon('http', url), key);
    expect([a.status, b.status].sort()).toEqual(['down', 'healthy']);
  });

  it('tls and https: a self-signed certificate near expiry warns and degrades', async () => {
    const now = Date.now();
    const pems = await generate([{ name: 'commonName', value: 'localhost' }], {
      notBeforeDate: new Date(now - 86_400_000),
      notAfterDate: new Date(now + 5 * 86_400_000 + 3_600_000),
      keySize: 2048,
    });
    const s = https.createServer({ key: pems.private, cert: pems.cert }, (_q, res) =>
      res.end('ok'),
    );
    await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
    servers.push(s);
    const tls = await runCheck(mon('tls', `tls://127.0.0.1:${port(s)}`, { ignoreTls: true }), key);
    expect(tls).toMatchObject({
      status: 'degraded',
      details: { tlsDaysRemaining: 5, tlsWarningDays: 7 },
    });
    const h = await runCheck(
      mon('http', `https://127.0.0.1:${port(s)}/`, { ignoreTls: true, tlsWarnDays: [3] }),
      key,
    );
    expect(h.status).toBe('healthy');
    const strict = await runCheck(mon('http', `https://127.0.0.1:${port(s)}/`), key);
    expect(strict.status).toBe('down'); // self-signed is refused unless ignoreTls
  });

  it('tcp: open and closed ports', async () => {
    const s = net.createServer((c) => c.end());
    await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
    servers.push(s);
    expect((await runCheck(mon('tcp', `tcp://127.0.0.1:${port(s)}`), key)).status).toBe('healthy');
    const closed = net.createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const p = port(closed);
    await new Promise((r) => closed.close(r));
    expect((await runCheck(mon('tcp', `tcp://127.0.0.1:${p}`), key)).status).toBe('down');
  });

  it('dns: resolves through a local UDP responder', async () => {
    const sock = dgram.createSocket('udp4');
    sock.on('message', (msg, rinfo) => {
      // Header: same id, QR+RD+RA, 1 question, 1 answer; then the question; then an A record.
      const qEnd = msg.indexOf(0, 12) + 5;
      const header = Buffer.from([msg[0]!, msg[1]!, 0x81, 0x80, 0, 1, 0, 1, 0, 0, 0, 0]);
      const answer = Buffer.from([0xc0, 0x0c, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 10, 1, 2, 3]);
      sock.send(Buffer.concat([header, msg.subarray(12, qEnd), answer]), rinfo.port, rinfo.address);
    });
    await new Promise<void>((r) => sock.bind(0, '127.0.0.1', r));
    servers.push(sock);
    const resolver = `127.0.0.1:${port(sock)}`;
    const ok = await runCheck(
      mon('dns', 'api.pharos.test', { resolver, expectedAnswer: '10.1.2.3' }),
      key,
    );
    expect(ok).toMatchObject({ status: 'healthy', details: { answers: ['10.1.2.3'] } });
    const wrong = await runCheck(
      mon('dns', 'api.pharos.test', { resolver, expectedAnswer: '10.9.9.9' }),
      key,
    );
    expect(wrong.status).toBe('down');
  });
});
