import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../../test/app.ts';
import {
  createIdentityTestApp,
  createKey,
  seedSignedInUser,
  seedUser,
} from '../../../test/identity.ts';
import { envelopeOf, exceptionEvent, hexId } from './testing.ts';

let t: TestApp;
let ingestKey: string;
let dev: { cookie: string; userId: string };
let viewer: { cookie: string };

beforeAll(async () => {
  t = await createIdentityTestApp({
    PHAROS_DATA_DIR: mkdtempSync(join(tmpdir(), 'pharos-errors-')),
  });
  ingestKey = await createKey(t, { scopes: ['ingest'] });
  dev = await seedSignedInUser(t, { role: 'developer' });
  viewer = await seedSignedInUser(t, { role: 'viewer' });
});
afterAll(async () => t?.close());

async function send(events: Record<string, unknown>[]) {
  const res = await t.app.inject({
    method: 'POST',
    url: `/api/1/envelope/?sentry_key=${ingestKey}`,
    payload: envelopeOf(events),
  });
  expect(res.statusCode, res.body).toBe(200);
  return res;
}

const api = (method: 'GET' | 'PATCH', url: string, cookie = dev.cookie, payload?: object) =>
  t.app.inject({
    method,
    url: `/api/v1${url}`,
    headers: { cookie },
    ...(payload ? { payload } : {}),
  });

async function issueOf(eventId: string) {
  const ev = await api('GET', `/errors/events/${eventId}`);
  expect(ev.statusCode, ev.body).toBe(200);
  const detail = await api('GET', `/errors/issues/${ev.json().group_id}`);
  return detail.json().issue;
}

describe('grouping and deduplication through the writer', () => {
  it('the same error twice is one issue with two events; a retried event_id stores once', async () => {
    const a = exceptionEvent({ fn: 'dedupCase', user: 'u1' });
    const b = exceptionEvent({ fn: 'dedupCase', user: 'u2', line: 99, value: 'other text 7' });
    await send([a]);
    await send([b]);
    await send([a]); // SDK retry
    await send([a, a]); // duplicate inside one envelope
    const issue = await issueOf(a.event_id as string);
    expect(issue.occurrence_count).toBe(2);
    expect(issue.affected_users).toBe(2);
    const again = await issueOf(b.event_id as string);
    expect(again.id).toBe(issue.id);
    const events = await api('GET', `/errors/issues/${issue.id}/events?limit=1`);
    expect(events.json().items).toHaveLength(1);
    const next = await api(
      'GET',
      `/errors/issues/${issue.id}/events?limit=1&cursor=${events.json().next_cursor}`,
    );
    expect(next.json().items).toHaveLength(1);
    expect(next.json().next_cursor).toBeNull();
    expect(next.json().items[0].event_id).not.toBe(events.json().items[0].event_id);
  });

  it('an explicit fingerprint groups different errors together', async () => {
    const a = exceptionEvent({ fn: 'fpA', type: 'A', fingerprint: ['payments'] });
    const b = exceptionEvent({ fn: 'fpB', type: 'B', fingerprint: ['payments'] });
    await send([a, b]);
    expect((await issueOf(a.event_id as string)).id).toBe((await issueOf(b.event_id as string)).id);
  });
});

describe('issue API', () => {
  it('gets an event by id with stack trace, breadcrumbs, context, tags, user and request', async () => {
    const e = exceptionEvent({ fn: 'detailCase', user: 'alice' });
    e.request = {
      url: 'https://shop.example/cart?session=abc&x=1',
      method: 'post',
      headers: { 'User-Agent': 'UA/1' },
    };
    await send([e]);
    const res = await api('GET', `/errors/events/${e.event_id}`);
    const ev = res.json();
    expect(ev).toMatchObject({
      method: 'POST',
      user_agent: 'UA/1',
      user_id: 'alice',
      error_type: 'TypeError',
    });
    expect(ev.stack_trace).toContain('at detailCase');
    expect(ev.url).toBe('https://shop.example/cart?session=[Filtered]&x=1');
    expect(ev.breadcrumbs[0].data.url).toBe('/x?token=[Filtered]');
    expect(ev.tags).toEqual({ tenant: 'tenant-a' });
    expect(ev.exception.values[0].type).toBe('TypeError');
    expect((await api('GET', '/errors/events/00000000000000000000000000000000')).statusCode).toBe(
      404,
    );
  });

  it('an event stored before migration 0024 (one column per part) reads back the same', async () => {
    const e = exceptionEvent({ fn: 'layoutCase', user: 'bob' });
    e.request = { url: 'https://shop.example/a', method: 'GET', headers: [['X-Request-Id', 'r1']] };
    e.extra = { n: 1.5, big: 1e21, nested: { z: 1, a: [true, null] }, path: 'C:\\x\n\t"q" é' };
    await send([e]);
    const copy = hexId();
    const dashed = (h: string) => h.replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, '$1-$2-$3-$4-$5');
    // The same event again under another id, its parts in the columns older rows use.
    const parts = ['exception', 'breadcrumbs', 'context', 'tags', 'request', 'user_data', 'sdk'];
    await t.db.handle.pool.query(
      `INSERT INTO error_events (occurred_at, org_id, event_id, group_id, project_id, received_at,
         ip_address, status_code, line_number, severity, error_type, message, error_code, service,
         environment, release, platform, file_path, function_name, user_id, session_id, request_id,
         trace_id, span_id, url, endpoint, method, user_agent, stack_trace, ${parts.join(', ')})
       SELECT occurred_at, org_id, $2, group_id, project_id, received_at, ip_address, status_code,
         line_number, severity, error_type, message, error_code, service, environment, release,
         platform, file_path, function_name, user_id, session_id, request_id, trace_id, span_id,
         url, endpoint, method, user_agent, payload::jsonb->>'stack_trace',
         ${parts.map((p) => `payload::jsonb->'${p}'`).join(', ')}
         FROM error_events WHERE event_id = $1`,
      [dashed(e.event_id as string), dashed(copy)],
    );
    const now = await api('GET', `/errors/events/${e.event_id}`);
    const before = await api('GET', `/errors/events/${copy}`);
    expect(before.statusCode, before.body).toBe(200);
    expect(before.body).toBe(now.body.replace(dashed(e.event_id as string), dashed(copy)));
    expect(now.json().context.extra).toEqual(e.extra);
    expect(now.json().request_id).toBe('r1');
  });

  it('lists with filters and sorts', async () => {
    const env = `env-${hexId().slice(0, 6)}`;
    await send([exceptionEvent({ fn: 'listA', environment: env, type: 'ListErr' })]);
    await send([
      exceptionEvent({ fn: 'listB', environment: env, release: 'shop@2.0.0', user: 'x' }),
      exceptionEvent({ fn: 'listB', environment: env, release: 'shop@2.0.0', user: 'y' }),
    ]);
    const byEvents = await api('GET', `/errors/issues?environment=${env}&sort=events`);
    expect(byEvents.statusCode, byEvents.body).toBe(200);
    expect(byEvents.json().total).toBe(2);
    expect(byEvents.json().items.map((i: { function_name: string }) => i.function_name)).toEqual([
      'listB',
      'listA',
    ]);
    const byRelease = await api('GET', `/errors/issues?environment=${env}&release=shop@2.0.0`);
    expect(byRelease.json().total).toBe(1);
    const byText = await api('GET', `/errors/issues?environment=${env}&query=listerr`);
    expect(byText.json().items).toHaveLength(1);
    const byUsers = await api(
      'GET',
      `/errors/issues?environment=${env}&sort=users&status=new&project_id=1`,
    );
    expect(byUsers.json().items[0].affected_users).toBe(2);
    expect((await api('GET', `/errors/issues?sort=bogus`)).statusCode).toBe(400);
  });

  it('status and assignee changes are audited; a resolved issue regresses on a new event only', async () => {
    const first = exceptionEvent({ fn: 'regressCase', timestamp: Date.now() / 1000 - 60 });
    await send([first]);
    const issue = await issueOf(first.event_id as string);
    const member = await seedUser(t, { role: 'developer' });
    const patch = await api('PATCH', `/errors/issues/${issue.id}`, dev.cookie, {
      status: 'resolved',
      assigned_to: member.userId,
      resolution_note: 'fixed in 1.0.1',
    });
    expect(patch.statusCode, patch.body).toBe(200);
    expect(patch.json()).toMatchObject({
      status: 'resolved',
      assigned_to: member.userId,
      regressed: false,
    });
    const audit = await t.db.handle.pool.query(
      `SELECT action, resource_id, changes, user_id FROM audit_events WHERE action = 'error_group.update'`,
    );
    expect(audit.rows).toHaveLength(1);
    expect(audit.rows[0]).toMatchObject({ resource_id: issue.id, user_id: dev.userId });
    expect(audit.rows[0].changes.status).toEqual({ from: 'new', to: 'resolved' });

    // A late event from before the resolution does not reopen it.
    await send([exceptionEvent({ fn: 'regressCase', timestamp: Date.now() / 1000 - 30 })]);
    expect((await issueOf(first.event_id as string)).status).toBe('resolved');
    await send([exceptionEvent({ fn: 'regressCase', timestamp: Date.now() / 1000 + 1 })]);
    const reopened = await issueOf(first.event_id as string);
    expect(reopened).toMatchObject({
      status: 'new',
      regressed: true,
      times_regressed: 1,
      occurrence_count: 3,
    });

    expect(
      (await api('PATCH', `/errors/issues/${issue.id}`, viewer.cookie, { status: 'ignored' }))
        .statusCode,
    ).toBe(403);
    const bad = await api('PATCH', `/errors/issues/${issue.id}`, dev.cookie, {
      assigned_to: '00000000-0000-4000-8000-000000000000',
    });
    expect(bad.statusCode).toBe(400);
    expect((await api('PATCH', `/errors/issues/${issue.id}`, dev.cookie, {})).statusCode).toBe(400);
    expect(
      (
        await api('PATCH', '/errors/issues/00000000-0000-4000-8000-000000000000', dev.cookie, {
          status: 'ignored',
        })
      ).statusCode,
    ).toBe(404);
  });

  it('answers the seed 001 section 5.3 questions', async () => {
    await send([exceptionEvent({ fn: 'statsCase', level: 'fatal', user: 'z' })]);
    const top = await api('GET', '/errors/stats/top?days=7&limit=5');
    expect(top.statusCode, top.body).toBe(200);
    expect(top.json().items.length).toBeGreaterThan(0);
    expect(top.json().items[0]).toHaveProperty('duration_hours');
    const trend = await api('GET', '/errors/stats/trend?interval=hour&days=2');
    expect(trend.statusCode, trend.body).toBe(200);
    expect(
      trend.json().items.some((r: { error_type: string }) => r.error_type === 'TypeError'),
    ).toBe(true);
    const unresolved = await api('GET', '/errors/stats/unresolved', viewer.cookie);
    expect(unresolved.statusCode, unresolved.body).toBe(200);
    expect(unresolved.json().items[0].severity).toBe('fatal');
  });

  it("draws each issue's own daily trend, not its error type's", async () => {
    const dayAgo = Date.now() / 1000 - 86_400;
    const x = [
      exceptionEvent({ fn: 'trendX', type: 'RangeError', timestamp: dayAgo }),
      exceptionEvent({ fn: 'trendX', type: 'RangeError', timestamp: dayAgo + 1 }),
      exceptionEvent({ fn: 'trendX', type: 'RangeError' }),
      exceptionEvent({ fn: 'trendX', type: 'RangeError' }),
      exceptionEvent({ fn: 'trendX', type: 'RangeError' }),
    ];
    // Same error type, another issue: must not leak into X's line.
    const y = exceptionEvent({ fn: 'trendY', type: 'RangeError' });
    await send([...x, y]);
    const ix = await issueOf(x[0]!.event_id as string);
    const iy = await issueOf(y.event_id as string);
    const stranger = '00000000-0000-4000-8000-000000000001';
    const res = await api(
      'GET',
      `/errors/issues/trend?ids=${ix.id}&ids=${iy.id}&ids=${stranger}&days=7`,
      viewer.cookie,
    );
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({
      days: 7,
      items: [
        { id: ix.id, counts: [0, 0, 0, 0, 0, 2, 3] },
        { id: iy.id, counts: [0, 0, 0, 0, 0, 0, 1] },
        { id: stranger, counts: [0, 0, 0, 0, 0, 0, 0] },
      ],
    });
    const bad = await api('GET', '/errors/issues/trend?ids=nope', viewer.cookie);
    expect(bad.statusCode).toBe(400);
  });
});
