import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync, deflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../../test/app.ts';
import { createIdentityTestApp, createKey, defaultOrgId, seedOrg } from '../../../test/identity.ts';
import { toDsnKey } from './sentry-auth.ts';
import { envelopeOf, exceptionEvent, hexId, readCapture } from './testing.ts';

let t: TestApp;
let key: string;
let orgId: string;

beforeAll(async () => {
  t = await createIdentityTestApp({
    PHAROS_DATA_DIR: mkdtempSync(join(tmpdir(), 'pharos-errors-')),
  });
  orgId = await defaultOrgId(t.db.handle.db);
  key = await createKey(t, { scopes: ['ingest'] });
});
afterAll(async () => t?.close());

const q = (sql: string, params: unknown[] = []) => t.db.handle.pool.query(sql, params);
const count = async (table: string) =>
  Number((await q(`SELECT count(*) AS n FROM ${table}`)).rows[0].n);

function post(url: string, body: string | Buffer, headers: Record<string, string> = {}) {
  return t.app.inject({ method: 'POST', url, payload: body, headers });
}

describe('capture replays (@sentry/node 11 on the wire)', () => {
  const replay = (name: string, encode?: (b: Buffer) => Buffer) => {
    const c = readCapture(name);
    const body = Buffer.from(c.body.replaceAll('publickey', key));
    const headers = { ...c.headers };
    delete headers['transfer-encoding'];
    delete headers.host;
    delete headers.connection;
    const query = c.query.replace('sentry_key=publickey', `sentry_key=${encodeURIComponent(key)}`);
    return post(`${c.path}?${query}`, encode ? encode(body) : body, headers);
  };

  it('exception envelope: 200 with the event id, stored, grouped and scrubbed', async () => {
    const res = await replay('sentry-node-11-exception-envelope.txt');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ id: 'f0471b74b8fa423c8999a9c0b061f4d8' });
    const row = (
      await q(`SELECT * FROM error_events WHERE event_id = 'f0471b74-b8fa-423c-8999-a9c0b061f4d8'`)
    ).rows[0];
    expect(row).toBeTruthy();
    // The large parts (stack, contexts, breadcrumbs, ...) are one JSON text (migration 0024).
    const ev = { ...row, ...JSON.parse(row.payload) };
    expect(ev.org_id).toBe(orgId);
    expect(ev.error_type).toBe('SyntaxError');
    expect(ev.environment).toBe('demo');
    expect(ev.release).toBe('demo@1.0.0');
    expect(ev.user_id).toBe('u-42');
    expect(ev.function_name).toBe('main');
    expect(ev.trace_id).toBe('e7f9347abfcc401980f5c0531ef3d31f');
    expect(ev.context.extra.cardNumber).toBe('[Filtered]');
    expect(JSON.stringify(ev.breadcrumbs)).not.toContain('hunter2');
    expect(ev.stack_trace).toContain('SyntaxError: Expected property name');
    const g = (await q('SELECT * FROM error_groups WHERE id = $1', [ev.group_id])).rows[0];
    expect(g).toMatchObject({ error_type: 'SyntaxError', occurrence_count: 1, affected_users: 1 });
    expect(g.environments).toEqual(['demo']);
  });

  it('gzip large event (body completed where the recorder cut it): 200 and stored', async () => {
    const c = readCapture('sentry-node-11-gzip-large-event.txt');
    const [header, itemHeader, payload] = c.body.trim().split('\n');
    const event = JSON.parse(payload!);
    event.extra = { blob: 'x'.repeat(64 * 1024) };
    const body = gzipSync(Buffer.from([header, itemHeader, JSON.stringify(event)].join('\n')));
    const res = await post(`${c.path}?${c.query.replace('publickey', key)}`, body, {
      'content-encoding': 'gzip',
      'user-agent': c.headers['user-agent']!,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ id: '1ca2e749c1ba476eb5f4e8f863a6b7e6' });
    const ev = (
      await q(
        `SELECT severity, message FROM error_events WHERE event_id = '1ca2e749-c1ba-476e-b5f4-e8f863a6b7e6'`,
      )
    ).rows[0];
    expect(ev).toEqual({ severity: 'info', message: 'big event' });
  });

  it('session envelope: stored as release health', async () => {
    const res = await replay('sentry-node-11-session-envelope.txt');
    expect(res.statusCode, res.body).toBe(200);
    const s = (
      await q(
        `SELECT * FROM release_sessions WHERE session_id = 'a21777fd32a14fe099f28ff653f27b6f'`,
      )
    ).rows[0];
    expect(s).toMatchObject({
      release: 'demo@1.0.0',
      environment: 'demo',
      status: 'ok',
      errors: 1,
      distinct_id: 'u-42',
    });
  });

  it('span v2 envelope: stored as spans, idempotent', async () => {
    for (let i = 0; i < 2; i++) {
      const res = await replay('sentry-node-11-span-v2-envelope.txt');
      expect(res.statusCode, res.body).toBe(200);
    }
    const rows = (
      await q(
        `SELECT * FROM spans WHERE trace_id = 'e7f9347abfcc401980f5c0531ef3d31f' ORDER BY start_time`,
      )
    ).rows;
    expect(rows.length).toBeGreaterThanOrEqual(1);
    const child = rows.find((r) => r.span_id === 'ad5d036b29345cf8');
    expect(child).toMatchObject({
      name: 'SELECT orders',
      parent_span_id: 'b236386697ae69b1',
      kind: 'client',
      status: 'ok',
      environment: 'demo',
      service: 'demo',
    });
    expect(child.duration_ms).toBeCloseTo(32.66, 0);
  });

  it('client report after 429: discarded counts recorded', async () => {
    const res = await replay('sentry-node-11-client-report-after-429.txt');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({});
    const r = (await q(`SELECT outcome, reason, category, quantity FROM client_outcomes`)).rows;
    expect(r).toEqual([
      { outcome: 'discarded', reason: 'ratelimit_backoff', category: 'error', quantity: 2 },
    ]);
  });
});

describe('authentication forms', () => {
  const body = () => envelopeOf([exceptionEvent({})]);

  it.each([
    [
      'sentry_key query (DSN form of the key)',
      (k: string) => ({ url: `?sentry_key=${toDsnKey(k)}`, headers: {} }),
    ],
    [
      'X-Sentry-Auth',
      (k: string) => ({
        url: '',
        headers: { 'x-sentry-auth': `Sentry sentry_version=7, sentry_key=${toDsnKey(k)}` },
      }),
    ],
    [
      'Authorization: DSN',
      (k: string) => ({ url: '', headers: { authorization: `DSN http://${toDsnKey(k)}@h:9/1` } }),
    ],
    [
      'Authorization: Sentry',
      (k: string) => ({ url: '', headers: { authorization: `Sentry sentry_key=${k}` } }),
    ],
    [
      'Authorization: Bearer',
      (k: string) => ({ url: '', headers: { authorization: `Bearer ${k}` } }),
    ],
  ])('%s', async (_name, make) => {
    const { url, headers } = make(key);
    const res = await post(`/api/1/envelope/${url}`, body(), headers);
    expect(res.statusCode, res.body).toBe(200);
  });

  it('envelope header dsn', async () => {
    const res = await post(
      '/api/1/envelope',
      envelopeOf([exceptionEvent({})], { dsn: `http://${toDsnKey(key)}@h/1` }),
    );
    expect(res.statusCode, res.body).toBe(200);
  });

  it('missing key: 401 with WWW-Authenticate and a problem body', async () => {
    const res = await post('/api/1/envelope/', body());
    expect(res.statusCode).toBe(401);
    expect(res.headers['www-authenticate']).toMatch(/Sentry/);
    expect(res.json().code).toBe('UNAUTHORIZED');
  });

  it('unknown key: 401', async () => {
    const res = await post(
      `/api/1/envelope/?sentry_key=phk_000000000000_${'A'.repeat(43)}`,
      body(),
    );
    expect(res.statusCode).toBe(401);
    expect(res.headers['www-authenticate']).toBeTruthy();
  });

  it('project of another organization, or outside the key projects: 403, nothing stored', async () => {
    const other = await seedOrg(t.db.handle.db, 'other-org');
    const otherProject = (await q('SELECT id FROM projects WHERE org_id = $1', [other])).rows[0].id;
    const before = await count('error_events');
    const res = await post(`/api/${otherProject}/envelope/?sentry_key=${key}`, body());
    expect(res.statusCode).toBe(403);
    const limited = await createKey(t, { scopes: ['ingest'], projectIds: [1] });
    const otherKey = await createKey(t, { scopes: ['ingest'], orgId: other });
    expect((await post(`/api/1/envelope/?sentry_key=${otherKey}`, body())).statusCode).toBe(403);
    expect((await post(`/api/99/envelope/?sentry_key=${limited}`, body())).statusCode).toBe(403);
    expect((await post(`/api/1/envelope/?sentry_key=${limited}`, body())).statusCode).toBe(200);
    expect(await count('error_events')).toBe(before + 1);
  });

  it('a key without the ingest scope: 403', async () => {
    const readKey = await createKey(t, { scopes: ['read'] });
    expect((await post(`/api/1/envelope/?sentry_key=${readKey}`, body())).statusCode).toBe(403);
  });
});

describe('content types and encodings', () => {
  it.each([
    ['none', {}],
    ['application/x-sentry-envelope', { 'content-type': 'application/x-sentry-envelope' }],
    ['text/plain', { 'content-type': 'text/plain;charset=UTF-8' }],
    ['application/json', { 'content-type': 'application/json' }],
    ['application/octet-stream', { 'content-type': 'application/octet-stream' }],
  ])('envelope with %s', async (_n, headers) => {
    const ev = exceptionEvent({});
    const res = await post(`/api/1/envelope/?sentry_key=${key}`, envelopeOf([ev]), headers);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().id).toBe(ev.event_id);
  });

  it('form-encoded envelope', async () => {
    const res = await post(
      `/api/1/envelope/?sentry_key=${key}`,
      encodeURIComponent(envelopeOf([exceptionEvent({})])),
      {
        'content-type': 'application/x-www-form-urlencoded',
      },
    );
    expect(res.statusCode, res.body).toBe(200);
  });

  it('deflate envelope and store endpoint (JSON, gzip, base64 deflate)', async () => {
    const a = await post(
      `/api/1/envelope/?sentry_key=${key}`,
      deflateSync(envelopeOf([exceptionEvent({})])),
      {
        'content-encoding': 'deflate',
      },
    );
    expect(a.statusCode, a.body).toBe(200);
    for (const [body, headers] of [
      [
        JSON.stringify(exceptionEvent({ eventId: hexId() })),
        { 'content-type': 'application/json' },
      ],
      [gzipSync(JSON.stringify(exceptionEvent({}))), { 'content-encoding': 'gzip' }],
      [deflateSync(JSON.stringify(exceptionEvent({}))).toString('base64'), {}],
    ] as const) {
      const res = await post(`/api/1/store/?sentry_key=${key}`, body, headers);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json().id).toMatch(/^[0-9a-f]{32}$/);
    }
    const s = await post(`/api/1/store?sentry_key=${key}`, JSON.stringify(exceptionEvent({})));
    expect(s.statusCode).toBe(200);
  });
});

describe('hostile and malformed envelopes: 4xx problem bodies, nothing half-written', () => {
  const url = () => `/api/1/envelope/?sentry_key=${key}`;
  const good = () => `{"type":"event"}\n${JSON.stringify(exceptionEvent({}))}\n`;

  it.each([
    ['bad header JSON', () => `{nope\n${good()}`, 400],
    ['lying length', () => `{}\n${good()}{"type":"event","length":99999}\n{}\n`, 400],
    [
      'truncated item JSON',
      () => `{}\n${good()}{"type":"event"}\n{"exception":{"values":[{"type":"E"\n`,
      400,
    ],
    ['item without type', () => `{}\n${good()}{"length":2}\n{}\n`, 400],
    [
      'huge event item',
      () => `{}\n${good()}{"type":"event"}\n{"message":"${'x'.repeat(1_100_000)}"}\n`,
      413,
    ],
  ])('%s', async (_n, make, status) => {
    const before = await count('error_events');
    const res = await post(url(), make());
    expect(res.statusCode, res.body).toBe(status);
    expect(res.headers['content-type']).toMatch(/problem\+json/);
    expect(await count('error_events')).toBe(before);
  });

  it('gzip bomb: 413', async () => {
    const bomb = gzipSync(Buffer.alloc(200 * 1024 * 1024, 0x20));
    const res = await post(url(), bomb, { 'content-encoding': 'gzip' });
    expect(res.statusCode).toBe(413);
  });

  it('non-numeric project id: 400; unknown item types and attachments are skipped', async () => {
    expect((await post(`/api/abc/envelope/?sentry_key=${key}`, good())).statusCode).toBe(400);
    const bin = Buffer.from([0, 1, 2, 10, 10, 255]);
    const body = Buffer.concat([
      Buffer.from(`{}\n{"type":"attachment","length":${bin.length}}\n`),
      bin,
      Buffer.from(`\n{"type":"profile"}\n{}\n{"type":"replay_event"}\n{}\n${good()}`),
    ]);
    const res = await post(url(), body);
    expect(res.statusCode, res.body).toBe(200);
  });
});

describe('under pressure', () => {
  it('429 with Retry-After and X-Sentry-Rate-Limits (never 503, which Sentry SDKs drop)', async () => {
    const org = await seedOrg(t.db.handle.db, 'limited-org');
    await q(
      `UPDATE organizations SET settings = '{"ingest":{"records_per_second":2}}' WHERE id = $1`,
      [org],
    );
    const project = (await q('SELECT id FROM projects WHERE org_id = $1', [org])).rows[0].id;
    const k = await createKey(t, { scopes: ['ingest'], orgId: org });
    const events = Array.from({ length: 5 }, () => exceptionEvent({}));
    // The bucket lets a first batch through whole; the next one, over the rate, is refused.
    const first = await post(`/api/${project}/envelope/?sentry_key=${k}`, envelopeOf(events));
    expect(first.statusCode).toBe(200);
    const res = await post(
      `/api/${project}/envelope/?sentry_key=${k}`,
      envelopeOf([exceptionEvent({})]),
    );
    expect(res.statusCode).toBe(429);
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    expect(res.headers['x-sentry-rate-limits']).toMatch(/^\d+::organization/);
    expect(
      Number(
        (await q('SELECT count(*) AS n FROM error_events WHERE org_id = $1', [org])).rows[0].n,
      ),
    ).toBe(5);
  });
});
