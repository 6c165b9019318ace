import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { TestApp } from '../../../test/app.ts';
import { loadCapture } from '../../../test/client-captures.ts';
import { createIdentityTestApp, createKey, defaultOrgId } from '../../../test/identity.ts';
import { IngestBusyError } from '../ingest/index.ts';
import { partitionsAround, replay, withKey } from './test-helpers.ts';

let t: TestApp;
let key: string;
let orgId: string;

beforeAll(async () => {
  t = await createIdentityTestApp({ PHAROS_INGEST_MAX_DECODED_BYTES: String(4 * 1024 * 1024) });
  await partitionsAround(t, '2026-11-21', ['log_records', 'log_counts_1m', 'log_counts_level_1m']);
  orgId = await defaultOrgId(t.db.handle.db);
  key = await createKey(t, { scopes: ['ingest'], role: 'developer' });
});
afterAll(async () => {
  await t?.close();
});

interface Row {
  message: string;
  level: string;
  service: string;
  host: string | null;
  category: string | null;
  attributes: Record<string, unknown>;
}
async function rows(where: string, ...params: unknown[]): Promise<Row[]> {
  const r = await t.db.handle.pool.query<Row>(
    `SELECT message, level, service, host, category, attributes FROM log_records
     WHERE org_id = $1 AND ${where} ORDER BY time, message`,
    [orgId, ...params],
  );
  return r.rows;
}
const basic = (k: string) => `Basic ${Buffer.from(`u:${k}`).toString('base64')}`;
const bulk = (payload: string | Buffer, headers: Record<string, string> = {}, url = '/_bulk') =>
  t.app.inject({
    method: 'POST',
    url,
    headers: { authorization: basic(key), 'content-type': 'application/x-ndjson', ...headers },
    payload,
  });

describe('Elasticsearch _bulk', () => {
  it('stores the rsyslog omelasticsearch capture as sent, quotes and backslashes intact', async () => {
    const res = await replay(t, 'rsyslog-8.2302-omelasticsearch-bulk.txt', key);
    expect(res.statusCode).toBe(200);
    expect(res.headers['x-elastic-product']).toBe('Elasticsearch');
    const body = res.json();
    expect(body.errors).toBe(false);
    expect(body.items.map((i: { index: { status: number } }) => i.index.status)).toEqual([
      201, 201, 201,
    ]);
    const stored = await rows(`category = 'logs-rsyslog' AND message NOT LIKE '%order=1 %'`);
    expect(stored.map((r) => [r.level, r.service, r.host, r.message])).toEqual([
      ['error', 'checkout', 'vm', 'payment failed order=2 user=alice@example.com'],
      ['error', 'checkout', 'vm', 'payment failed order=3 user=alice@example.com'],
      ['info', 'web', 'vm', 'GET /health 200 "quoted" \\ backslash'],
    ]);
    expect(stored[2]?.attributes).toEqual({ facility: 'local0' });
  });

  it('stores the rsyslog retry-after-503 batch (a record repeated) once, however often replayed', async () => {
    for (let i = 0; i < 2; i++) {
      const res = await replay(t, 'rsyslog-8.2302-omelasticsearch-bulk-retry-after-503.txt', key);
      expect(res.statusCode).toBe(200);
    }
    expect(await rows(`message LIKE '%order=1 %'`)).toHaveLength(1);
  });

  it('stores a retried bulk with the same _ids once', async () => {
    // Records are keyed by (time, id): shippers stamp every document, so a retry matches.
    const ts = '"@timestamp":"2026-11-21T20:00:00.123456Z"';
    const body =
      `{"create":{"_index":"retry","_id":"a-1"}}\n{"message":"first","level":"warn",${ts}}\n` +
      `{"create":{"_index":"retry","_id":"a-2"}}\n{"message":"second",${ts}}\n`;
    expect((await bulk(body)).statusCode).toBe(200);
    expect((await bulk(body)).statusCode).toBe(200);
    expect((await rows(`category = 'retry'`)).map((r) => [r.message, r.level])).toEqual([
      ['first', 'warning'],
      ['second', 'info'],
    ]);
  });

  it('stores the syslog-ng elasticsearch-http capture', async () => {
    const res = await replay(t, 'syslog-ng-3.38-elasticsearch-http-bulk.txt', key);
    expect(res.statusCode).toBe(200);
    expect(await rows(`category = 'logs-syslog-ng'`)).toMatchObject([
      { service: 'web', level: 'info', host: 'localhost', message: 'GET /health 200' },
    ]);
  });

  it('accepts gzip, the index in the path, PUT, no Content-Type and the /es prefix', async () => {
    const doc = (m: string) => `{"index":{}}\n{"message":"${m}","service":{"name":"svc"}}\n`;
    const gz = await bulk(gzipSync(doc('gz')), { 'content-encoding': 'gzip' }, '/path-idx/_bulk');
    expect(gz.statusCode).toBe(200);
    const put = await t.app.inject({
      method: 'PUT',
      url: '/es/path-idx/_bulk',
      headers: { authorization: basic(key) },
      payload: doc('put'),
    });
    expect(put.statusCode).toBe(200);
    expect(put.headers['x-elastic-product']).toBe('Elasticsearch');
    expect((await rows(`category = 'path-idx'`)).map((r) => [r.message, r.service])).toEqual([
      ['gz', 'svc'],
      ['put', 'svc'],
    ]);
  });

  it('answers delete/update and bad documents per item and stores the rest', async () => {
    const res = await bulk(
      [
        '{"delete":{"_index":"mixed","_id":"1"}}',
        '{"update":{"_index":"mixed","_id":"2"}}',
        '{"doc":{}}',
        '{"index":{"_index":"mixed"}}',
        '{"message": broken',
        '{"index":{"_index":"mixed"}}',
        `{"message":"${'x'.repeat(1024 * 1024 + 10)}"}`,
        '{"index":{"_index":"mixed"}}',
        '{"message":"kept"}',
        '',
      ].join('\n'),
    );
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.errors).toBe(true);
    const statuses = body.items.map((i: Record<string, { status: number }>) => {
      return Object.values(i)[0]?.status;
    });
    expect(statuses).toEqual([400, 400, 400, 400, 201]);
    expect(body.items[0].delete.error.reason).toMatch(/not supported/);
    expect((await rows(`category = 'mixed'`)).map((r) => r.message)).toEqual(['kept']);
  });

  it.each([
    ['a malformed action line', 'not json\n{"message":"x"}\n'],
    [
      'an action without its document',
      '{"index":{"_index":"bad"}}\n{"message":"x"}\n{"index":{}}\n',
    ],
    ['an empty body', ''],
  ])('refuses %s with a 400 problem and stores nothing', async (_w, payload) => {
    const res = await bulk(payload.replace('"x"', `"${_w}"`));
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json().code).toBe('VALIDATION');
    expect(await rows(`message = $2`, _w)).toHaveLength(0);
  });

  it('refuses a gzip bomb with 413, bad gzip with 400, a foreign Content-Type with 415', async () => {
    const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024, 0x20));
    expect(bomb.length).toBeLessThan(1024 * 1024);
    expect((await bulk(bomb, { 'content-encoding': 'gzip' })).statusCode).toBe(413);
    expect((await bulk('not gzip', { 'content-encoding': 'gzip' })).statusCode).toBe(400);
    const form = await bulk('a=b', { 'content-type': 'application/x-www-form-urlencoded' });
    expect(form.statusCode).toBe(415);
  });

  it('challenges without credentials (collectd style), 401 for a wrong key, 403 without ingest scope', async () => {
    const cap = loadCapture('rsyslog-8.2302-omelasticsearch-bulk.txt');
    const { authorization: _drop, ...anonymous } = withKey(cap, key);
    const first = await t.app.inject({
      method: 'POST',
      url: '/_bulk',
      headers: anonymous,
      payload: cap.bodies[0],
    });
    expect(first.statusCode).toBe(401);
    expect(first.headers['www-authenticate']).toMatch(/^Basic realm="pharos"/);
    const wrong = await bulk('{"index":{}}\n{"message":"x"}\n', {
      authorization: basic('phk_000000000000_' + 'A'.repeat(43)),
    });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.headers['www-authenticate']).toMatch(/^Basic realm="pharos"/);
    const readKey = await createKey(t, { scopes: ['read'] });
    const noScope = await bulk('{"index":{}}\n{"message":"x"}\n', {
      authorization: basic(readKey),
    });
    expect(noScope.statusCode).toBe(403);
  });

  it('answers 503 + Retry-After when the pipeline is saturated', async () => {
    const spy = vi
      .spyOn(t.app.ingest, 'submit')
      .mockRejectedValueOnce(new IngestBusyError('queue and spool full', 7));
    try {
      const res = await bulk('{"index":{"_index":"busy"}}\n{"message":"later"}\n');
      expect(res.statusCode).toBe(503);
      expect(res.headers['retry-after']).toBe('7');
    } finally {
      spy.mockRestore();
    }
    expect(await rows(`category = 'busy'`)).toHaveLength(0);
  });
});
