// One successful call of every mutating API route, for the audit coverage test. A new mutating
// route without a fixture here fails that test: every mutation must prove it is audited.
import { totpCode } from '../src/lib/totp.ts';
import { json, type Fixture } from './mutation-fixture-kit.ts';
import { projectFixtures } from './mutation-fixtures-projects.ts';
import { issue6Fixtures, scrapeTargetFixtures } from './mutation-fixtures-telemetry.ts';
import { seedOrg, seedSignedInUser, seedUser, signIn } from './identity.ts';

export type { Fixture, PreparedCall } from './mutation-fixture-kit.ts';

export const MUTATION_FIXTURES: Record<string, Fixture> = {
  'POST /api/v1/auth/sign-in': async (t) => {
    const u = await seedUser(t, { role: 'developer' });
    return {
      method: 'POST',
      url: '/api/v1/auth/sign-in',
      cookie: null,
      payload: { email: u.email, password: u.password },
    };
  },
  'POST /api/v1/auth/sign-in/mfa': async (t) => {
    const u = await seedUser(t, { role: 'developer', mfa: true });
    const first = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/sign-in',
      payload: { email: u.email, password: u.password },
    });
    const { challenge } = first.json();
    return {
      method: 'POST',
      url: '/api/v1/auth/sign-in/mfa',
      cookie: null,
      payload: { challenge, code: totpCode(u.totpSecret!) },
    };
  },
  'POST /api/v1/auth/sign-out': async (t) => {
    const u = await seedSignedInUser(t, { role: 'viewer' });
    return { method: 'POST', url: '/api/v1/auth/sign-out', cookie: u.cookie };
  },
  'POST /api/v1/auth/switch-org': async (t) => {
    const u = await seedSignedInUser(t, { role: 'viewer' });
    const other = await seedOrg(
      t.db.handle.db,
      `o${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`,
    );
    await t.db.handle.pool.query(
      "INSERT INTO org_members (org_id, user_id, role) VALUES ($1, $2, 'viewer')",
      [other, u.userId],
    );
    return {
      method: 'POST',
      url: '/api/v1/auth/switch-org',
      cookie: u.cookie,
      payload: { org_id: other },
    };
  },
  'DELETE /api/v1/sessions/:id': async (t) => {
    const u = await seedSignedInUser(t, { role: 'viewer' });
    const second = await signIn(t.app, u.email, u.password);
    const list = await json(t, 'GET', '/api/v1/sessions', u.cookie);
    const other = list.items.find((s: { current: boolean }) => !s.current);
    void second;
    return { method: 'DELETE', url: `/api/v1/sessions/${other.id}`, cookie: u.cookie };
  },
  'POST /api/v1/api-keys': async (_t, admin) => ({
    method: 'POST',
    url: '/api/v1/api-keys',
    cookie: admin.cookie,
    payload: { name: 'fixture key', scopes: ['read'] },
  }),
  'DELETE /api/v1/api-keys/:id': async (t, admin) => {
    const k = await json(t, 'POST', '/api/v1/api-keys', admin.cookie, {
      name: 'to revoke',
      scopes: ['read'],
    });
    return { method: 'DELETE', url: `/api/v1/api-keys/${k.id}`, cookie: admin.cookie };
  },
  'PATCH /api/v1/me': async (t) => {
    const u = await seedSignedInUser(t, { role: 'viewer' });
    return {
      method: 'PATCH',
      url: '/api/v1/me',
      cookie: u.cookie,
      payload: { name: 'Renamed', preferences: { timezone: 'Europe/Paris' } },
    };
  },
  'POST /api/v1/me/password': async (t) => {
    const u = await seedSignedInUser(t, { role: 'viewer' });
    return {
      method: 'POST',
      url: '/api/v1/me/password',
      cookie: u.cookie,
      payload: { current_password: u.password, new_password: 'a-new-long-password-42' },
    };
  },
  'POST /api/v1/me/mfa/totp': async (t) => {
    const u = await seedSignedInUser(t, { role: 'viewer' });
    return { method: 'POST', url: '/api/v1/me/mfa/totp', cookie: u.cookie };
  },
  'POST /api/v1/me/mfa/totp/confirm': async (t) => {
    const u = await seedSignedInUser(t, { role: 'viewer' });
    const e = await json(t, 'POST', '/api/v1/me/mfa/totp', u.cookie);
    return {
      method: 'POST',
      url: '/api/v1/me/mfa/totp/confirm',
      cookie: u.cookie,
      payload: { code: totpCode(e.secret) },
    };
  },
  'DELETE /api/v1/me/mfa': async (t) => {
    const u = await seedUser(t, { role: 'viewer', mfa: true });
    const first = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/sign-in',
      payload: { email: u.email, password: u.password },
    });
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/sign-in/mfa',
      payload: { challenge: first.json().challenge, code: totpCode(u.totpSecret!) },
    });
    const c = res.cookies.find((x) => x.name === 'pharos_session')!;
    return {
      method: 'DELETE',
      url: '/api/v1/me/mfa',
      cookie: `pharos_session=${c.value}`,
      payload: { password: u.password },
    };
  },
  'POST /api/v1/users': async (_t, admin) => ({
    method: 'POST',
    url: '/api/v1/users',
    cookie: admin.cookie,
    payload: {
      email: `new-${Math.random().toString(36).slice(2)}@example.test`,
      role: 'developer',
    },
  }),
  'PATCH /api/v1/users/:id': async (t, admin) => {
    const u = await seedUser(t, { role: 'viewer' });
    return {
      method: 'PATCH',
      url: `/api/v1/users/${u.userId}`,
      cookie: admin.cookie,
      payload: { role: 'analyst' },
    };
  },
  'DELETE /api/v1/users/:id': async (t, admin) => {
    const u = await seedUser(t, { role: 'viewer' });
    return { method: 'DELETE', url: `/api/v1/users/${u.userId}`, cookie: admin.cookie };
  },
  'POST /api/v1/teams': async (_t, admin) => ({
    method: 'POST',
    url: '/api/v1/teams',
    cookie: admin.cookie,
    payload: { name: `team-${Math.random().toString(36).slice(2, 8)}`, display_name: 'Team' },
  }),
  'PATCH /api/v1/teams/:id': async (t, admin) => {
    const team = await json(t, 'POST', '/api/v1/teams', admin.cookie, {
      name: `p-${Math.random().toString(36).slice(2, 8)}`,
      display_name: 'P',
    });
    return {
      method: 'PATCH',
      url: `/api/v1/teams/${team.id}`,
      cookie: admin.cookie,
      payload: { display_name: 'Renamed team' },
    };
  },
  'DELETE /api/v1/teams/:id': async (t, admin) => {
    const team = await json(t, 'POST', '/api/v1/teams', admin.cookie, {
      name: `d-${Math.random().toString(36).slice(2, 8)}`,
      display_name: 'D',
    });
    return { method: 'DELETE', url: `/api/v1/teams/${team.id}`, cookie: admin.cookie };
  },
  'PUT /api/v1/teams/:id/members/:userId': async (t, admin) => {
    const team = await json(t, 'POST', '/api/v1/teams', admin.cookie, {
      name: `m-${Math.random().toString(36).slice(2, 8)}`,
      display_name: 'M',
    });
    const u = await seedUser(t, { role: 'viewer' });
    return {
      method: 'PUT',
      url: `/api/v1/teams/${team.id}/members/${u.userId}`,
      cookie: admin.cookie,
      payload: { role: 'maintainer' },
    };
  },
  'DELETE /api/v1/teams/:id/members/:userId': async (t, admin) => {
    const team = await json(t, 'POST', '/api/v1/teams', admin.cookie, {
      name: `r-${Math.random().toString(36).slice(2, 8)}`,
      display_name: 'R',
    });
    const u = await seedUser(t, { role: 'viewer' });
    await json(t, 'PUT', `/api/v1/teams/${team.id}/members/${u.userId}`, admin.cookie, {
      role: 'member',
    });
    return {
      method: 'DELETE',
      url: `/api/v1/teams/${team.id}/members/${u.userId}`,
      cookie: admin.cookie,
    };
  },
  // Not a mutation, but an export of audit data is itself audited.
  'GET /api/v1/audit-events/export': async (_t, admin) => ({
    method: 'GET',
    url: '/api/v1/audit-events/export?format=json',
    cookie: admin.cookie,
  }),
  // Monitors, integrations and status pages (issue 6).
  'PATCH /api/v1/errors/issues/:id': async (t, a) => {
    // An issue as Sentry ingestion creates it, in the admin's organization.
    const g = await t.db.handle.pool.query<{ id: string }>(
      `INSERT INTO error_groups (org_id, project_id, error_hash)
       SELECT o.id, (SELECT p.id FROM projects p WHERE p.org_id = o.id ORDER BY p.id LIMIT 1), $1
         FROM organizations o WHERE o.slug = 'default' RETURNING id`,
      [`fixture-${Date.now()}-${Math.random()}`],
    );
    return {
      method: 'PATCH',
      url: `/api/v1/errors/issues/${g.rows[0]!.id}`,
      cookie: a.cookie,
      payload: { status: 'acknowledged' },
    };
  },
  ...issue6Fixtures(),
  ...scrapeTargetFixtures(),
  ...projectFixtures(),
};
