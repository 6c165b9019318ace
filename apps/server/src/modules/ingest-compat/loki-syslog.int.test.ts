import protobuf from 'protobufjs';
import snappy from 'snappyjs';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../../test/app.ts';
import { createIdentityTestApp, createKey, defaultOrgId } from '../../../test/identity.ts';
import { partitionsAround, replay } from './test-helpers.ts';

// Loki's pkg/push/push.proto, encoded with protobufjs reflection (not this module's decoder).
const PUSH_PROTO = `
syntax = "proto3";
package logproto;
message Timestamp { int64 seconds = 1; int32 nanos = 2; }
message PushRequest { repeated StreamAdapter streams = 1; }
message StreamAdapter { string labels = 1; repeated EntryAdapter entries = 2; uint64 hash = 3; }
message EntryAdapter { Timestamp timestamp = 1; string line = 2; repeated LabelPairAdapter structuredMetadata = 3; }
message LabelPairAdapter { string name = 1; string value = 2; }
`;
const PushRequest = protobuf.parse(PUSH_PROTO).root.lookupType('logproto.PushRequest');

let t: TestApp;
let key: string;
let orgId: string;
beforeAll(async () => {
  t = await createIdentityTestApp();
  await partitionsAround(t, '2026-11-21', ['log_records', 'log_counts_1m', 'log_counts_level_1m']);
  orgId = await defaultOrgId(t.db.handle.db);
  key = await createKey(t, { scopes: ['ingest'] });
});
afterAll(async () => {
  await t?.close();
});

async function rows(where: string, ...params: unknown[]) {
  const r = await t.db.handle.pool.query(
    `SELECT message, level, service, environment, host, trace_id, error_type, error_stack,
            attributes, resource
     FROM log_records WHERE org_id = $1 AND ${where} ORDER BY time, message`,
    [orgId, ...params],
  );
  return r.rows;
}
const push = (payload: Buffer | string, headers: Record<string, string>) =>
  t.app.inject({
    method: 'POST',
    url: '/loki/api/v1/push',
    headers: { authorization: `Bearer ${key}`, ...headers },
    payload,
  });

function protoPush(line: string, labels = '{service_name="proto-svc", env="prod", level="warn"}') {
  const msg = PushRequest.fromObject({
    streams: [
      {
        labels,
        entries: [
          {
            timestamp: { seconds: Math.floor(Date.now() / 1000), nanos: 123456789 },
            line,
            structuredMetadata: [{ name: 'trace_id', value: '0af7651916cd43dd8448eb211c80319c' }],
          },
        ],
      },
    ],
  });
  return Buffer.from(snappy.compress(PushRequest.encode(msg).finish()));
}

describe('Loki push', () => {
  it('stores the pino-loki JSON capture and answers 204', async () => {
    const res = await replay(t, 'pino-loki-3.0-loki-push-json.txt', key);
    expect(res.statusCode).toBe(204);
    const stored = await rows(`service = 'demo'`);
    expect(stored.map((r) => [r.level, r.environment, r.host, r.message])).toEqual([
      ['info', 'test', 'vm', 'order placed'],
      ['error', 'test', 'vm', 'payment failed'],
      ['warning', 'test', 'vm', 'disk almost full'],
    ]);
    expect(stored[1].error_stack).toContain('Error: payment failed\n    at Object.<anonymous>');
    // A replay (Loki clients retry on 5xx) stores nothing twice.
    expect((await replay(t, 'pino-loki-3.0-loki-push-json.txt', key)).statusCode).toBe(204);
    expect(await rows(`service = 'demo'`)).toHaveLength(3);
  });

  it('stores a real snappy + protobuf PushRequest', async () => {
    const res = await push(protoPush('plain "line" with \\ backslash'), {
      'content-type': 'application/x-protobuf',
    });
    expect(res.statusCode).toBe(204);
    expect(await rows(`service = 'proto-svc'`)).toMatchObject([
      {
        message: 'plain "line" with \\ backslash',
        level: 'warning',
        environment: 'prod',
        trace_id: '0af7651916cd43dd8448eb211c80319c',
        resource: {},
      },
    ]);
  });

  it('accepts gzip JSON', async () => {
    const body = JSON.stringify({
      streams: [{ stream: { app: 'gz-app' }, values: [[`${Date.now()}000000`, 'zipped']] }],
    });
    const res = await push(gzipSync(body), {
      'content-type': 'application/json',
      'content-encoding': 'gzip',
    });
    expect(res.statusCode).toBe(204);
    expect(await rows(`service = 'gz-app'`)).toMatchObject([{ message: 'zipped' }]);
  });

  it.each([
    [
      'invalid protobuf',
      'application/x-protobuf',
      () => Buffer.from(snappy.compress(Buffer.from([0x0a, 0x30, 0x0a]))),
    ],
    ['bad snappy', 'application/x-protobuf', () => Buffer.from('definitely not snappy')],
    ['bad labels', 'application/x-protobuf', () => protoPush('x', 'app=nobraces')],
    [
      'malformed JSON',
      'application/json',
      () => Buffer.from('{"streams":[{"stream":{},"values":[["x"'),
    ],
    ['wrong shape', 'application/json', () => Buffer.from('{"streams":{}}')],
  ])('refuses %s with a 400 problem', async (_w, type, body) => {
    const res = await push(body(), { 'content-type': type });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('VALIDATION');
  });

  it('refuses a foreign content type (415) and unauthenticated pushes (401 + Basic challenge)', async () => {
    expect((await push('x', { 'content-type': 'text/html' })).statusCode).toBe(415);
    const anon = await t.app.inject({
      method: 'POST',
      url: '/loki/api/v1/push',
      headers: { 'content-type': 'application/json' },
      payload: '{"streams":[]}',
    });
    expect(anon.statusCode).toBe(401);
    expect(anon.headers['www-authenticate']).toMatch(/^Basic realm="pharos"/);
  });
});

describe('syslog-ng http() JSON batches', () => {
  it('stores the captured retry batch once, however often it is re-sent', async () => {
    for (let i = 0; i < 2; i++) {
      const res = await replay(
        t,
        'syslog-ng-3.38-http-json-batch.txt',
        key,
        '/api/v1/ingest/syslog-ng',
      );
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ accepted: 4 });
    }
    const stored = await rows(`attributes->>'source' = 's_net'`);
    expect(stored.map((r) => [r.service, r.level, r.host, r.message])).toEqual([
      ['web', 'info', 'localhost', 'GET /health 200'],
      ['checkout', 'error', 'localhost', 'payment failed order=1'],
      ['checkout', 'error', 'localhost', 'payment failed order=2'],
      ['checkout', 'error', 'localhost', 'payment failed order=3'],
    ]);
    expect(stored[0].attributes).toMatchObject({ facility: 'local0', host_from: 'localhost' });
  });

  it('refuses a batch with a non-object record and stores none of it', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/ingest/syslog-ng',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      payload: '[{"MESSAGE":"half-written?","PROGRAM":"half"}, 42]',
    });
    expect(res.statusCode).toBe(400);
    expect(await rows(`service = 'half'`)).toHaveLength(0);
  });
});
