// Search API: the lines around a record, the request/trace id pivot and log patterns.
import { describe, expect, it } from 'vitest';
import { seedOrg, seedSignedInUser } from '../../../test/identity.ts';
import { insertLogs } from './test-fixtures.ts';
import { cookieB, get, ids, qs, t, T1, useSearchDataset } from './search-dataset.ts';

useSearchDataset();

describe('GET /logs/:time/:recordId/context', () => {
  it('returns the lines around a record in its service and host', async () => {
    const r = await get(`/api/v1/logs/search?${qs({ q: 'succeeded' })}`);
    const anchor = r.body.items[0];
    const c = await get(`/api/v1/logs/${anchor.time}/${anchor.record_id}/context?before=5&after=5`);
    expect(c.status).toBe(200);
    expect(c.body.record.record_id).toBe(ids[1]);
    expect(c.body.before.map((x: { record_id: string }) => x.record_id)).toEqual([ids[0]]);
    expect(c.body.after).toEqual([]);
    const other = await get(`/api/v1/logs/${anchor.time}/${anchor.record_id}/context`, cookieB);
    expect(other.status).toBe(404);
  });
});

describe('GET /pivot', () => {
  it('gathers logs, errors and spans of a trace id', async () => {
    const r = await get(`/api/v1/pivot?trace_id=${T1}`);
    expect(r.status).toBe(200);
    expect(r.body.logs.map((x: { record_id: string }) => x.record_id)).toEqual([ids[0], ids[3]]);
    expect(r.body.errors.map((x: { message: string }) => x.message)).toEqual(['CardDeclined']);
    expect(r.body.spans.map((x: { name: string }) => x.name)).toEqual(['POST /pay']);
    expect(JSON.stringify(r.body)).not.toContain('SECRET-B');
  });

  it('follows a request id to its trace', async () => {
    const r = await get(`/api/v1/pivot?request_id=req-1`);
    expect(r.body.logs.map((x: { record_id: string }) => x.record_id)).toEqual([ids[0]]);
    expect(r.body.trace_ids).toEqual([T1]);
    expect(r.body.spans).toHaveLength(1);
    expect(JSON.stringify(r.body)).not.toContain('SECRET-B');
    expect((await get('/api/v1/pivot')).status).toBe(400);
  });
});

describe('GET /logs/patterns', () => {
  it('clusters messages into templates and flags the new ones', async () => {
    const pool = t.db.handle.pool;
    const org = await seedOrg(t.db.handle.db, 'patterns');
    const cookie = (await seedSignedInUser(t, { role: 'viewer', orgId: org })).cookie;
    const end = new Date(Math.floor(Date.now() / 60_000) * 60_000);
    const ago = (min: number, k: number) => new Date(end.getTime() - min * 60_000 + k * 10);
    const users = ['alice', 'bob', 'carol', 'dave', 'erin'];
    await insertLogs(pool, org, [
      // The previous window (60-30 min ago): logins only.
      ...users.map((u, k) => ({
        time: ago(50, k),
        message: `user ${u} logged in from 10.0.0.${k}`,
      })),
      // The current window (last 30 min): logins and a new failure.
      ...users.map((u, k) => ({
        time: ago(20, k),
        message: `user ${u} logged in from 10.0.1.${k}`,
      })),
      ...[1, 2, 3].map((k) => ({
        time: ago(10, k),
        message: `disk quota exceeded on volume ${k * 7} of node 192.168.0.${k}`,
      })),
    ]);
    const r = await get(
      `/api/v1/logs/patterns?${new URLSearchParams({
        from: new Date(end.getTime() - 30 * 60_000).toISOString(),
        to: end.toISOString(),
      })}`,
      cookie,
    );
    expect(r.status).toBe(200);
    expect(r.body.sampled).toBe(8);
    expect(r.body.previous_sampled).toBe(5);
    expect(r.body.patterns).toEqual([
      expect.objectContaining({
        template: 'user <*> logged in from <IP>',
        count: 5,
        is_new: false,
      }),
      expect.objectContaining({
        template: 'disk quota exceeded on volume <NUM> of node <IP>',
        count: 3,
        is_new: true,
      }),
    ]);
    // Other organizations' messages never show up.
    const a = await get(`/api/v1/logs/patterns?${qs({})}`);
    expect(JSON.stringify(a.body)).not.toContain('logged in');
  });
});
