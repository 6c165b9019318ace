import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../../test/app.ts';
import { createIdentityTestApp, seedOrg, seedUser, signIn } from '../../../test/identity.ts';
import { ensureFirstRun } from './index.ts';

let t: TestApp;
let adminCookie: string;
let adminId: string;
let orgId: string;
beforeAll(async () => {
  t = await createIdentityTestApp();
  orgId = await seedOrg(t.db.handle.db, 'acme');
  const a = await seedUser(t, { role: 'admin', orgId });
  adminId = a.userId;
  adminCookie = await signIn(t.app, a.email, a.password);
});
afterAll(async () => {
  await t?.close();
});

const db = () => t.db.handle.db;
const req = (
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
  url: string,
  cookie: string,
  payload?: object,
) => t.app.inject({ method, url, headers: { cookie }, ...(payload ? { payload } : {}) });

describe('users admin', () => {
  it('creates a user with a one-time password that must be changed first', async () => {
    const r = await req('POST', '/api/v1/users', adminCookie, {
      email: 'New.Person@example.test',
      role: 'developer',
    });
    expect(r.statusCode).toBe(201);
    const { user, one_time_password } = r.json();
    expect(user).toMatchObject({
      email: 'new.person@example.test',
      role: 'developer',
      must_change_password: true,
    });
    expect(one_time_password).toMatch(/^.{20}$/);
    expect(
      (
        await req('POST', '/api/v1/users', adminCookie, {
          email: 'new.person@example.test',
          role: 'viewer',
        })
      ).statusCode,
    ).toBe(409);
    const audit = await db()
      .selectFrom('audit_events')
      .selectAll()
      .where('action', '=', 'user.create')
      .where('resource_id', '=', user.id)
      .execute();
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit)).not.toContain(one_time_password);
    expect(JSON.stringify(audit)).not.toContain('argon2');

    const cookie = await signIn(t.app, 'new.person@example.test', one_time_password);
    const blocked = await req('GET', '/api/v1/teams', cookie);
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json().type).toContain('password-change-required');
    expect((await req('GET', '/api/v1/me', cookie)).json().must_change_password).toBe(true);
    const ch = await req('POST', '/api/v1/me/password', cookie, {
      current_password: one_time_password,
      new_password: 'my-own-long-password',
    });
    expect(ch.statusCode).toBe(200);
    expect((await req('GET', '/api/v1/teams', cookie)).statusCode).toBe(200);
  });

  it('enforces permissions: a developer cannot manage users', async () => {
    const d = await seedUser(t, { role: 'developer', orgId });
    const c = await signIn(t.app, d.email, d.password);
    expect((await req('GET', '/api/v1/users', c)).statusCode).toBe(200);
    const r = await req('POST', '/api/v1/users', c, { email: 'x@example.test', role: 'admin' });
    expect(r.statusCode).toBe(403);
    const denied = await db()
      .selectFrom('audit_events')
      .selectAll()
      .where('action', '=', 'auth.access_denied')
      .where('user_id', '=', d.userId)
      .execute();
    expect(denied).toHaveLength(1);
  });

  it('protects the last active admin and revokes sessions on deactivation', async () => {
    expect(
      (await req('PATCH', `/api/v1/users/${adminId}`, adminCookie, { role: 'viewer' })).statusCode,
    ).toBe(409);
    expect(
      (await req('PATCH', `/api/v1/users/${adminId}`, adminCookie, { is_active: false }))
        .statusCode,
    ).toBe(409);
    expect((await req('DELETE', `/api/v1/users/${adminId}`, adminCookie)).statusCode).toBe(409);

    const second = await seedUser(t, { role: 'developer', orgId });
    const sc = await signIn(t.app, second.email, second.password);
    const promote = await req('PATCH', `/api/v1/users/${second.userId}`, adminCookie, {
      role: 'admin',
      name: 'Second',
    });
    expect(promote.statusCode).toBe(200);
    expect(promote.json()).toMatchObject({ role: 'admin', name: 'Second' });
    const audit = await db()
      .selectFrom('audit_events')
      .select(['changes'])
      .where('action', '=', 'user.update')
      .where('resource_id', '=', second.userId)
      .executeTakeFirstOrThrow();
    expect(audit.changes).toMatchObject({ role: { from: 'developer', to: 'admin' } });

    const off = await req('PATCH', `/api/v1/users/${second.userId}`, adminCookie, {
      is_active: false,
    });
    expect(off.statusCode).toBe(200);
    expect((await req('GET', '/api/v1/me', sc)).statusCode).toBe(401);
    const s = await db()
      .selectFrom('sessions')
      .select('revoked_reason')
      .where('user_id', '=', second.userId)
      .executeTakeFirstOrThrow();
    expect(s.revoked_reason).toBe('user_deactivated');
    // An inactive second admin does not count: the first is still the last active one.
    expect(
      (await req('PATCH', `/api/v1/users/${adminId}`, adminCookie, { role: 'developer' }))
        .statusCode,
    ).toBe(409);

    const gone = await seedUser(t, { role: 'viewer', orgId });
    expect((await req('DELETE', `/api/v1/users/${gone.userId}`, adminCookie)).statusCode).toBe(204);
    const row = await db()
      .selectFrom('users')
      .select(['deleted_at', 'is_active'])
      .where('id', '=', gone.userId)
      .executeTakeFirstOrThrow();
    expect(row.deleted_at).not.toBeNull();
    const list = (await req('GET', '/api/v1/users?limit=500', adminCookie)).json().items as Array<{
      id: string;
    }>;
    expect(list.some((u) => u.id === gone.userId)).toBe(false);
  });

  it('keeps organizations apart and switches between them', async () => {
    const other = await seedOrg(db(), 'other');
    const stranger = await seedUser(t, { role: 'admin', orgId: other });
    expect(
      (await req('PATCH', `/api/v1/users/${stranger.userId}`, adminCookie, { role: 'viewer' }))
        .statusCode,
    ).toBe(404);
    // A member of both organizations can switch.
    const both = await seedUser(t, { role: 'developer', orgId });
    await db()
      .insertInto('org_members')
      .values({ org_id: other, user_id: both.userId, role: 'viewer' })
      .execute();
    const c = await signIn(t.app, both.email, both.password);
    const orgs = (await req('GET', '/api/v1/orgs', c)).json().items;
    expect(orgs.map((o: { slug: string }) => o.slug).sort()).toEqual(['acme', 'other']);
    const sw = await req('POST', '/api/v1/auth/switch-org', c, { org_id: other });
    expect(sw.statusCode).toBe(200);
    expect(sw.json().user).toMatchObject({ role: 'viewer', organization: { slug: 'other' } });
    const nc = `pharos_session=${sw.cookies.find((x) => x.name === 'pharos_session')!.value}`;
    expect((await req('GET', '/api/v1/me', nc)).json().organization.slug).toBe('other');
    expect((await req('GET', '/api/v1/me', c)).statusCode).toBe(401);
    expect(
      (
        await req('POST', '/api/v1/auth/switch-org', nc, {
          org_id: '00000000-0000-4000-8000-000000000000',
        })
      ).statusCode,
    ).toBe(404);
  });
});

describe('teams', () => {
  it('creates nested teams, refuses cycles, manages members', async () => {
    const mk = (name: string, parent?: string) =>
      req('POST', '/api/v1/teams', adminCookie, {
        name,
        display_name: name.toUpperCase(),
        ...(parent ? { parent_team_id: parent } : {}),
      });
    const a = (await mk('platform')).json();
    const b = (await mk('sre', a.id)).json();
    const c = (await mk('oncall', b.id)).json();
    expect(c.parent_team_id).toBe(b.id);
    expect((await mk('platform')).statusCode).toBe(409);
    expect((await mk('Bad Name')).statusCode).toBe(400);
    const cyc = await req('PATCH', `/api/v1/teams/${a.id}`, adminCookie, { parent_team_id: c.id });
    expect(cyc.statusCode).toBe(400);
    expect(
      (await req('PATCH', `/api/v1/teams/${a.id}`, adminCookie, { parent_team_id: a.id }))
        .statusCode,
    ).toBe(400);
    expect(
      (
        await req('PATCH', `/api/v1/teams/${c.id}`, adminCookie, {
          parent_team_id: a.id,
          description: 'x',
        })
      ).statusCode,
    ).toBe(200);

    const m = await seedUser(t, { role: 'viewer', orgId });
    expect(
      (
        await req('PUT', `/api/v1/teams/${a.id}/members/${m.userId}`, adminCookie, {
          role: 'maintainer',
        })
      ).statusCode,
    ).toBe(204);
    expect(
      (
        await req('PUT', `/api/v1/teams/${a.id}/members/${m.userId}`, adminCookie, {
          role: 'owner',
        })
      ).statusCode,
    ).toBe(204);
    const detail = (await req('GET', `/api/v1/teams/${a.id}`, adminCookie)).json();
    expect(detail.members).toEqual([expect.objectContaining({ user_id: m.userId, role: 'owner' })]);
    expect(
      (await req('DELETE', `/api/v1/teams/${a.id}/members/${m.userId}`, adminCookie)).statusCode,
    ).toBe(204);
    expect(
      (await req('DELETE', `/api/v1/teams/${a.id}/members/${m.userId}`, adminCookie)).statusCode,
    ).toBe(404);

    // Viewers read teams but cannot write them.
    const vc = await signIn(t.app, m.email, m.password);
    expect((await req('GET', '/api/v1/teams', vc)).statusCode).toBe(200);
    expect(
      (await req('POST', '/api/v1/teams', vc, { name: 'x', display_name: 'X' })).statusCode,
    ).toBe(403);

    expect((await req('DELETE', `/api/v1/teams/${b.id}`, adminCookie)).statusCode).toBe(204);
    const list = (await req('GET', '/api/v1/teams', adminCookie)).json().items;
    expect(list.map((x: { name: string }) => x.name).sort()).toEqual(['oncall', 'platform']);
    const actions = (
      await db().selectFrom('audit_events').select('action').where('module', '=', 'team').execute()
    ).map((x) => x.action);
    expect(actions).toEqual(expect.arrayContaining(['team.create', 'team.update', 'team.delete']));
  });
});

describe('first run', () => {
  it('creates the default organization, project 1 and one admin exactly once, even concurrently', async () => {
    const fresh = await createIdentityTestApp();
    try {
      const fdb = fresh.db.handle.db;
      const results = await Promise.all([
        ensureFirstRun(fdb),
        ensureFirstRun(fdb),
        ensureFirstRun(fdb),
      ]);
      const created = results.filter((r) => r.createdAdmin);
      expect(created).toHaveLength(1);
      expect(created[0]!.createdAdmin!.email).toBe('admin@pharos.local');
      expect((await ensureFirstRun(fdb)).createdAdmin).toBeNull();
      const orgs = await fdb.selectFrom('organizations').selectAll().execute();
      expect(orgs.map((o) => o.slug)).toEqual(['default']);
      const projects = await fdb.selectFrom('projects').selectAll().execute();
      expect(projects.map((p) => [p.id, p.slug])).toEqual([[1, 'default']]);
      const users = await fdb.selectFrom('users').selectAll().execute();
      expect(users).toHaveLength(1);
      expect(users[0]).toMatchObject({ must_change_password: true });
      expect(users[0]!.password_hash).toMatch(/^\$argon2id\$/);
      const audit = await fdb
        .selectFrom('audit_events')
        .selectAll()
        .where('action', '=', 'organization.create')
        .execute();
      expect(audit).toHaveLength(1);
      expect(audit[0]).toMatchObject({ actor_type: 'system' });
      expect(JSON.stringify(audit)).not.toContain(created[0]!.createdAdmin!.password);
      // The one-time password signs in and must be changed.
      const r = await fresh.app.inject({
        method: 'POST',
        url: '/api/v1/auth/sign-in',
        payload: { email: 'admin@pharos.local', password: created[0]!.createdAdmin!.password },
      });
      expect(r.statusCode).toBe(200);
      expect(r.json().user.must_change_password).toBe(true);
    } finally {
      await fresh.close();
    }
  });
});
