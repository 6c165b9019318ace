import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../../test/app.ts';
import { createIdentityTestApp, createKey, seedOrg } from '../../../test/identity.ts';

let t: TestApp;
let key: string;
let orgB: string;
let keyB: string;

async function rows(orgId?: string) {
  const r = await t.db.handle.pool.query(
    `SELECT org_id, record_id, level, service, message, trace_id, attributes, time, status_code
       FROM log_records ${orgId ? 'WHERE org_id = $1' : ''} ORDER BY time, message`,
    orgId ? [orgId] : [],
  );
  return r.rows;
}

function post(body: string | Buffer, headers: Record<string, string> = {}, k = key) {
  return t.app.inject({
    method: 'POST',
    url: '/api/v1/ingest/logs',
    headers: { authorization: `Bearer ${k}`, 'content-type': 'application/x-ndjson', ...headers },
    payload: body,
  });
}

// A day 20 days back with a partition of log_records but none of the count rollups, made
// before the first write (the writer reads the partitions once a minute): a row of that day
// passes log_records but its count row has nowhere to go, which failed the whole COPY.
const GAP_DAY = new Date(Date.now() - 20 * 86_400_000).toISOString().slice(0, 10);

beforeAll(async () => {
  t = await createIdentityTestApp({
    PHAROS_INGEST_MAX_BODY_BYTES: '200000',
    PHAROS_INGEST_MAX_DECODED_BYTES: '1000000',
  });
  const pool = t.db.handle.pool;
  await pool.query(`SELECT pharos_create_partitions('log_records', $1::date, 1)`, [GAP_DAY]);
  for (const table of ['log_counts_1m', 'log_counts_level_1m'])
    await pool.query(`DROP TABLE IF EXISTS ${table}_p${GAP_DAY.replaceAll('-', '')}`);
  key = await createKey(t, { scopes: ['ingest'] });
  orgB = await seedOrg(t.db.handle.db, 'org-b');
  keyB = await createKey(t, { scopes: ['ingest'], orgId: orgB });
});
afterAll(async () => t?.close());

describe('NDJSON logs', () => {
  it('stores lines with field aliases, commits before answering, and maps levels', async () => {
    const now = Date.now();
    const lines = [
      {
        time: new Date(now).toISOString(),
        level: 'warn',
        msg: 'a1',
        service: 'api',
        trace_id: 'AB'.repeat(16),
        user: 'x',
      },
      { timestamp: now, severity: 'FATAL', message: 'a2', 'service.name': 'web', status: 503 },
      {
        '@timestamp': new Date(now).toISOString(),
        lvl: 50,
        msg: 'a3',
        app: 'job',
        password: 'hunter2',
      },
      { ts: now / 1000, level: 'err', msg: 'card 4111 1111 1111 1111 declined' },
    ];
    const res = await post(lines.map((l) => JSON.stringify(l)).join('\n'));
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ accepted: 4 });
    const got = await rows();
    const by = Object.fromEntries(got.map((r) => [r.message.slice(0, 2), r]));
    expect(by.a1).toMatchObject({ level: 'warning', service: 'api', trace_id: 'ab'.repeat(16) });
    expect(by.a1.attributes).toEqual({ user: 'x' });
    expect(by.a2).toMatchObject({ level: 'critical', service: 'web', status_code: 503 });
    expect(by.a3).toMatchObject({ level: 'error', service: 'job' });
    expect(by.a3.attributes).toEqual({ password: '[Filtered]' });
    expect(got.find((r) => r.message.startsWith('card'))?.message).toBe('card [Filtered] declined');
  });

  it('is lenient: BOM, CRLF, blank lines, JSON array, no content type, gzip', async () => {
    const before = (await rows()).length;
    const body = '\uFEFF{"msg":"l1","ts":1}\r\n\r\n{"msg":"l2"}\r\n\n';
    expect((await post(body)).statusCode).toBe(200);
    const arr = JSON.stringify([{ msg: 'l3' }, { msg: 'l4' }]);
    const r2 = await t.app.inject({
      method: 'POST',
      url: '/api/v1/ingest/logs',
      headers: { authorization: `Bearer ${key}` },
      payload: arr,
    });
    expect(r2.statusCode, r2.body).toBe(200);
    const r3 = await post(gzipSync('{"msg":"l5"}\n'), { 'content-encoding': 'gzip' });
    expect(r3.statusCode, r3.body).toBe(200);
    expect((await rows()).length).toBe(before + 5);
  });

  it('refuses a batch with an invalid line whole, naming the line', async () => {
    const before = (await rows()).length;
    const res = await post('{"msg":"ok"}\n\n{"msg": nope}\n{"msg":"ok2"}');
    expect(res.statusCode).toBe(400);
    expect(res.json().detail).toMatch(/Line 3/);
    expect((await post('{"msg":"x","level":"loud"}')).statusCode).toBe(400);
    expect((await post('[1,2]')).statusCode).toBe(400);
    expect((await rows()).length).toBe(before);
  });

  it('answers 413 for oversized bodies and gzip bombs, 401/403 for bad keys', async () => {
    expect((await post('x'.repeat(300_000))).statusCode).toBe(413);
    const bomb = gzipSync(Buffer.alloc(5_000_000, 0x20));
    expect(bomb.length).toBeLessThan(200_000);
    expect((await post(bomb, { 'content-encoding': 'gzip' })).statusCode).toBe(413);
    const bad = await post('{"msg":"x"}', {}, 'phk_000000000000_' + 'a'.repeat(43));
    expect(bad.statusCode).toBe(401);
    expect(bad.headers['www-authenticate']).toMatch(/Bearer/);
    const none = await t.app.inject({ method: 'POST', url: '/api/v1/ingest/logs', payload: '{}' });
    expect(none.statusCode).toBe(401);
    expect(none.headers['www-authenticate']).toMatch(/Basic/);
    const readKey = await createKey(t, { scopes: ['read'] });
    expect((await post('{"msg":"x"}', {}, readKey)).statusCode).toBe(403);
    const basic = Buffer.from(`anyone:${key}`).toString('base64');
    const rb = await post('{"msg":"basic"}', { authorization: `Basic ${basic}` });
    expect(rb.statusCode, rb.body).toBe(200);
  });

  it('keeps organizations apart and stores a resent batch once', async () => {
    const body =
      '{"msg":"b1","time":"2030-01-01T00:00:00Z"}\n{"msg":"b2","ts":' +
      Date.now() +
      '}\n{"msg":"b2","ts":' +
      Date.now() +
      '}';
    expect((await post(body, {}, keyB)).statusCode).toBe(200);
    expect((await post(body, {}, keyB)).statusCode).toBe(200);
    const b = await rows(orgB);
    expect(b.map((r) => r.message).sort()).toEqual(['b1', 'b2', 'b2']);
    expect(b.every((r) => r.org_id === orgB)).toBe(true);
    // Out of the partitions' range: stored at receive time with the original kept.
    expect(b.find((r) => r.message === 'b1')?.attributes['pharos.original_time']).toBe(
      '2030-01-01T00:00:00.000000Z',
    );
    expect((await rows()).filter((r) => r.org_id === orgB).length).toBe(3);
  });

  it('stores a record of a day only log_records has a partition for at the nearest covered day', async () => {
    // GAP_DAY: log_records has its partition, the count rollups (written by its trigger) not.
    const day = GAP_DAY;
    const res = await post(
      [
        JSON.stringify({ ts: `${day}T12:00:00Z`, msg: 'from the gap', service: 'gap' }),
        JSON.stringify({ msg: 'now', service: 'gap' }),
      ].join('\n'),
    );
    expect(res.statusCode, res.body).toBe(200);
    const stored = (await rows()).filter((r) => r.service === 'gap');
    expect(stored.map((r) => r.message).sort()).toEqual(['from the gap', 'now']);
    const moved = stored.find((r) => r.message === 'from the gap')!;
    expect(moved.attributes['pharos.original_time']).toMatch(new RegExp(`^${day}T12:00:00`));
    expect(new Date(moved.time).getTime()).toBeGreaterThan(Date.now() - 10 * 86_400_000);
  });
});
