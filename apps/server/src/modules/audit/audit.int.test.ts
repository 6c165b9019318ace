import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../../test/app.ts';
import {
  createIdentityTestApp,
  defaultOrgId,
  seedOrg,
  seedSignedInUser,
} from '../../../test/identity.ts';
import { CompiledQuery } from 'kysely';
import { systemCtx, withTransaction } from '../../db/context.ts';
import { EXPORT_COLUMNS } from './export-audit-events.ts';
import { auditEventByIdQuery, auditIdTimeRange } from './repository.ts';

let t: TestApp;
let orgA: string;
let orgB: string;
let analyst: { cookie: string; userId: string };
let viewerCookie: string;
let adminB: { cookie: string };
const ids: Record<string, string> = {};
const HOUR = 3600_000;
const now = Date.now();

/** Inserts an audit event directly, so tests control its time and every column. */
async function event(
  name: string,
  org: string,
  ageMs: number,
  cols: Record<string, unknown> = {},
  at?: Date,
) {
  const row: Record<string, unknown> = {
    org_id: org,
    occurred_at: (at ?? new Date(now - ageMs)).toISOString(),
    action: 'widget.create',
    action_type: 'create',
    resource_type: 'widget',
    ...cols,
  };
  const keys = Object.keys(row);
  const r = await t.db.handle.pool.query<{ id: string }>(
    `INSERT INTO audit_events (${keys.join(', ')}) VALUES (${keys.map((_, i) => `$${i + 1}`).join(', ')}) RETURNING id`,
    keys.map((k) => row[k]),
  );
  ids[name] = r.rows[0]!.id;
}

const get = (url: string, cookie = analyst.cookie) =>
  t.app.inject({ method: 'GET', url, headers: { cookie } });

beforeAll(async () => {
  t = await createIdentityTestApp();
  const pool = t.db.handle.pool;
  await pool.query(
    `SELECT pharos_create_partitions('audit_events', (now() AT TIME ZONE 'UTC')::date - 10, 10)`,
  );
  orgA = await defaultOrgId(t.db.handle.db);
  orgB = await seedOrg(t.db.handle.db, 'other');
  analyst = await seedSignedInUser(t, { role: 'analyst', orgId: orgA });
  viewerCookie = (await seedSignedInUser(t, { role: 'viewer', orgId: orgA })).cookie;
  adminB = await seedSignedInUser(t, { role: 'admin', orgId: orgB });

  const tie = new Date(now - HOUR);
  await event(
    'keyCreate',
    orgA,
    0,
    {
      action: 'api_key.create',
      resource_type: 'api_key',
      resource_id: 'k1',
      user_id: analyst.userId,
      user_email: 'Alice@Example.com',
      actor_type: 'user',
    },
    tie,
  );
  await event(
    'keyCreateTie',
    orgA,
    0,
    { action: 'api_key.create', resource_type: 'api_key', resource_id: 'k2' },
    tie,
  );
  await event('keyRevokeFailed', orgA, 2 * HOUR, {
    action: 'api_key.revoke',
    action_type: 'delete',
    resource_type: 'api_key',
    resource_id: 'k1',
    outcome: 'failure',
    failure_reason: 'not allowed',
  });
  // `apixkey.create` must not match the prefix `api_key.*` (`_` is a LIKE wildcard).
  await event('lookalike', orgA, 2 * HOUR, { action: 'apixkey.create' });
  await event('userUpdate', orgA, 3 * HOUR, {
    action: 'user.update',
    action_type: 'update',
    resource_type: 'user',
    resource_id: 'u9',
    before_data: JSON.stringify({ name: 'a' }),
    after_data: JSON.stringify({ name: 'b' }),
    changes: JSON.stringify({ name: { from: 'a', to: 'b' } }),
  });
  await event('oldKeyCreate', orgA, 72 * HOUR, {
    action: 'api_key.create',
    resource_type: 'api_key',
  });
  await event('hostile', orgA, 4 * HOUR, {
    resource_name: '=HYPERLINK("http://evil.example","click")',
    description: 'has, a comma and "quotes"\nand a newline',
    user_agent: '+cmd|calc',
    resource_id: '-1',
    user_email: '@admin',
    ip_address: '10.1.2.3',
    metadata: JSON.stringify({ note: '=1+1' }),
  });
  for (let i = 0; i < 7; i++) await event(`widget${i}`, orgA, 5 * HOUR + i * 1000);
  await event('otherOrg', orgB, HOUR, {
    action: 'api_key.create',
    resource_type: 'api_key',
    resource_id: 'k1',
  });
});
afterAll(async () => {
  await t?.close();
});

type Item = Record<string, unknown> & { id: string };
const list = async (qs: string, cookie?: string) => {
  const res = await get(`/api/v1/audit-events?${qs}`, cookie);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { items: Item[]; next_cursor: string | null };
};
const idsOf = (items: Item[]) => items.map((i) => i.id);

/** RFC 4180 parser for the tests: quoted fields, doubled quotes, CRLF records. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += c;
  }
  if (cell || row.length) rows.push([...row, cell]);
  return rows;
}

describe('GET /api/v1/audit-events', () => {
  it('filters by action prefix within the last 24 hours by default, newest first', async () => {
    const { items, next_cursor } = await list('action=api_key.*');
    expect(new Set(idsOf(items))).toEqual(
      new Set([ids.keyCreate, ids.keyCreateTie, ids.keyRevokeFailed]),
    );
    expect(items[2]!.id).toBe(ids.keyRevokeFailed);
    expect(next_cursor).toBeNull();
    const times = items.map((i) => Date.parse(String(i.occurred_at)));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
  });

  it('filters by exact action, user id or email, resource, outcome and time window', async () => {
    expect(idsOf((await list('action=api_key.revoke')).items)).toEqual([ids.keyRevokeFailed]);
    expect(idsOf((await list(`user=${analyst.userId}&resource_type=api_key`)).items)).toEqual([
      ids.keyCreate,
    ]);
    expect(idsOf((await list('user=alice@example.COM')).items)).toEqual([ids.keyCreate]);
    expect(idsOf((await list('resource_type=api_key&resource_id=k1')).items)).toEqual([
      ids.keyCreate,
      ids.keyRevokeFailed,
    ]);
    expect(idsOf((await list('outcome=failure&resource_type=api_key')).items)).toEqual([
      ids.keyRevokeFailed,
    ]);
    const from = new Date(now - 80 * HOUR).toISOString();
    const to = new Date(now - 70 * HOUR).toISOString();
    expect(idsOf((await list(`from=${from}&to=${to}`)).items)).toEqual([ids.oldKeyCreate]);
  });

  it('returns every column, snake_case', async () => {
    const [item] = (await list('action=user.update')).items;
    expect(Object.keys(item!).sort()).toEqual([...EXPORT_COLUMNS].sort());
    expect(item).toMatchObject({
      org_id: orgA,
      resource_id: 'u9',
      changes: { name: { from: 'a', to: 'b' } },
      metadata: {},
      outcome: 'success',
    });
    expect(item!.occurred_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
  });

  it('pages with a keyset cursor without gaps or repeats, ties included', async () => {
    const all = idsOf((await list('limit=1000')).items);
    expect(all).toContain(ids.keyCreateTie);
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: { items: Item[]; next_cursor: string | null } = await list(
        `limit=2${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...idsOf(page.items));
      cursor = page.next_cursor;
      pages++;
    } while (cursor && pages < 50);
    expect(seen).toEqual(all);
  });

  it('rejects bad filters and callers without audit.read', async () => {
    const bad = async (qs: string) =>
      expect((await get(`/api/v1/audit-events?${qs}`)).statusCode).toBe(400);
    await bad('limit=1001');
    await bad('cursor=bm9wZQ');
    await bad('user=bob');
    await bad('action=Bad Action');
    await bad(`from=${new Date(now - 400 * 24 * HOUR).toISOString()}`);
    await bad(`from=${new Date(now).toISOString()}&to=${new Date(now - HOUR).toISOString()}`);
    expect((await get('/api/v1/audit-events', viewerCookie)).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/audit-events' })).statusCode).toBe(
      401,
    );
  });

  it('never shows another organization’s events', async () => {
    const a = idsOf(
      (await list('limit=1000&from=' + new Date(now - 100 * HOUR).toISOString())).items,
    );
    expect(a).not.toContain(ids.otherOrg);
    const b = (await list('limit=1000', adminB.cookie)).items;
    expect(b.every((i) => i.org_id === orgB)).toBe(true);
    expect(idsOf(b)).toContain(ids.otherOrg);
    expect((await get(`/api/v1/audit-events/${ids.otherOrg}`)).statusCode).toBe(404);
    const exported = await get('/api/v1/audit-events/export?format=ndjson');
    expect(exported.body).not.toContain(ids.otherOrg);
  });
});

describe('GET /api/v1/audit-events/:id', () => {
  it('returns one event of the organization', async () => {
    const res = await get(`/api/v1/audit-events/${ids.keyRevokeFailed}`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      id: ids.keyRevokeFailed,
      outcome: 'failure',
      failure_reason: 'not allowed',
    });
    expect((await get(`/api/v1/audit-events/${randomUUID()}`)).statusCode).toBe(404);
    const unknownV7 = `${ids.keyRevokeFailed!.slice(0, 19)}${randomUUID().slice(19)}`;
    expect((await get(`/api/v1/audit-events/${unknownV7}`)).statusCode).toBe(404);
  });

  it('makes UUIDv7 ids of occurred_at and reads one partition for one', async () => {
    const { rows } = await t.db.handle.pool.query<{ id: string; ms: string }>(
      `SELECT id, floor(extract(epoch FROM occurred_at) * 1000)::bigint AS ms FROM audit_events`,
    );
    for (const r of rows) expect(auditIdTimeRange(r.id)?.from).toBe(new Date(+r.ms).toISOString());
    await expect(event('explicit', orgA, HOUR, { id: randomUUID() })).rejects.toThrow(/UUIDv7/);
    const plan = (id: string) =>
      withTransaction({ ...systemCtx(t.db.handle.db, 'test'), orgId: orgA }, async (ctx) => {
        const c = auditEventByIdQuery(ctx, orgA, id).compile();
        const r = await ctx.tx.executeQuery<{ 'QUERY PLAN': string }>(
          CompiledQuery.raw(`EXPLAIN ${c.sql}`, [...c.parameters]),
        );
        const text = r.rows.map((x) => x['QUERY PLAN']).join('\n');
        return new Set(text.match(/audit_events_p\d{8}/g));
      });
    // 20 daily partitions exist (beforeAll); a v7 id reads the one of its day.
    const day = new Date(auditIdTimeRange(ids.keyRevokeFailed!)!.from);
    const part = `audit_events_p${day.toISOString().slice(0, 10).replaceAll('-', '')}`;
    expect([...(await plan(ids.keyRevokeFailed!))]).toEqual([part]);
    // Other ids are of events from before migration 0027: no partition after its day is read.
    const { rows: since } = await t.db.handle.pool.query<{ day: string }>(
      `SELECT to_char(pharos_audit_v7_since() AT TIME ZONE 'UTC', 'YYYYMMDD') AS day`,
    );
    const legacy = [...(await plan(randomUUID()))];
    expect(legacy.every((p) => p.slice(-8) <= since[0]!.day)).toBe(true);
  });
});

describe('GET /api/v1/audit-events/export', () => {
  it('streams CSV with a header, RFC 4180 quoting and the formula-injection guard', async () => {
    const res = await get('/api/v1/audit-events/export?format=csv&resource_type=widget');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(
      /^attachment; filename="audit-events-.*\.csv"$/,
    );
    const rows = parseCsv(res.body);
    expect(rows[0]).toEqual([...EXPORT_COLUMNS]);
    const col = (name: string) => EXPORT_COLUMNS.indexOf(name as (typeof EXPORT_COLUMNS)[number]);
    expect(rows.length).toBe(1 + 1 + 7 + 1); // header, hostile, 7 widgets, lookalike
    const hostile = rows.find((r) => r[col('id')] === ids.hostile)!;
    expect(hostile[col('resource_name')]).toBe(`'=HYPERLINK("http://evil.example","click")`);
    expect(hostile[col('description')]).toBe('has, a comma and "quotes"\nand a newline');
    expect(hostile[col('user_agent')]).toBe(`'+cmd|calc`);
    expect(hostile[col('resource_id')]).toBe(`'-1`);
    expect(hostile[col('user_email')]).toBe(`'@admin`);
    expect(hostile[col('ip_address')]).toBe('10.1.2.3');
    expect(JSON.parse(hostile[col('metadata')]!)).toEqual({ note: '=1+1' });
    expect(res.body).toContain('"has, a comma and ""quotes""\nand a newline"');
  });

  it('exports a JSON array and NDJSON', async () => {
    const json = await get('/api/v1/audit-events/export?format=json&action=api_key.*');
    expect(json.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(json.headers['content-disposition']).toMatch(/^attachment; filename=".*\.json"$/);
    const arr = JSON.parse(json.body) as Item[];
    expect(idsOf(arr)).toEqual(idsOf((await list('action=api_key.*')).items));
    expect(Object.keys(arr[0]!)).toEqual([...EXPORT_COLUMNS]);

    const empty = await get('/api/v1/audit-events/export?format=json&action=nothing.here');
    expect(JSON.parse(empty.body)).toEqual([]);

    const nd = await get('/api/v1/audit-events/export?format=ndjson&action=api_key.*');
    expect(nd.headers['content-type']).toBe('application/x-ndjson; charset=utf-8');
    const lines = nd.body
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as Item);
    expect(idsOf(lines)).toEqual(idsOf(arr));
  });

  it('streams exports larger than one database page completely', async () => {
    await t.db.handle.pool.query(
      `INSERT INTO audit_events (org_id, occurred_at, action, action_type, resource_type, resource_id)
       SELECT $1, now() - interval '6 hours' - g * interval '1 millisecond', 'bulk.create', 'create',
              'bulk', g::text
         FROM generate_series(1, 2500) g`,
      [orgA],
    );
    const nd = await get('/api/v1/audit-events/export?format=ndjson&resource_type=bulk');
    const lines = nd.body
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as Item);
    expect(lines.length).toBe(2500);
    expect(new Set(lines.map((l) => l.resource_id)).size).toBe(2500);
    expect(lines[0]!.resource_id).toBe('1');
    expect(lines[2499]!.resource_id).toBe('2500');
  });

  it('is itself audited', async () => {
    const res = await get('/api/v1/audit-events/export?format=csv&outcome=failure');
    expect(res.statusCode).toBe(200);
    const { items } = await list('action=audit_event.export');
    const mine = items.find(
      (i) => (i.metadata as { filters?: { outcome?: string } }).filters?.outcome === 'failure',
    );
    expect(mine).toMatchObject({
      action: 'audit_event.export',
      action_type: 'export',
      resource_type: 'audit_event',
      user_id: analyst.userId,
      actor_type: 'user',
      org_id: orgA,
      metadata: { format: 'csv' },
    });
    // The window is fixed before the event is written, so an export never contains itself.
    expect(res.body).not.toContain(mine!.id);
  });
});
