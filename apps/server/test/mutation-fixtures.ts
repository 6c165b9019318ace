// One successful call of every mutating API route, for the audit coverage test. A new mutating
// route without a fixture here fails that test: every mutation must prove it is audited.
import { totpCode } from '../src/lib/totp.ts';
import type { TestApp } from './app.ts';
import { seedOrg, seedSignedInUser, seedUser, signIn } from './identity.ts';

export interface PreparedCall {
  method: 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'GET';
  url: string;
  cookie: string | null;
  payload?: unknown;
}

export type Fixture = (t: TestApp, admin: { cookie: string }) => Promise<PreparedCall>;

async function json(
  t: TestApp,
  method: PreparedCall['method'],
  url: string,
  cookie: string,
  payload?: unknown,
) {
  const res = await t.app.inject({
    method,
    url,
    headers: { cookie },
    ...(payload ? { payload } : {}),
  });
  if (res.statusCode >= 300) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`);
  return res.body ? res.json() : null;
}

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
};

const rnd = () => Math.random().toString(36).slice(2, 8);
function issue6Fixtures(): Record<string, Fixture> {
  const monitor = (t: TestApp, c: string) =>
    json(t, 'POST', '/api/v1/monitors', c, {
      name: `m-${rnd()}`,
      kind: 'tcp',
      url: 'tcp://127.0.0.1:9',
      is_active: false,
      timeout: 1,
    });
  const entity = (t: TestApp, c: string, path: string) =>
    json(
      t,
      'POST',
      path,
      c,
      path.includes('pages')
        ? { slug: `p-${rnd()}`, title: 'P' }
        : path.includes('incidents')
          ? { title: 'I' }
          : {
              title: 'W',
              starts_at: new Date().toISOString(),
              ends_at: new Date(Date.now() + 3600_000).toISOString(),
            },
    );
  const out: Record<string, Fixture> = {
    'POST /api/v1/monitors': async (_t, a) => ({
      method: 'POST',
      url: '/api/v1/monitors',
      cookie: a.cookie,
      payload: { name: `m-${rnd()}`, kind: 'http', url: 'http://127.0.0.1:9/' },
    }),
    'PATCH /api/v1/monitors/:id': async (t, a) => ({
      method: 'PATCH',
      url: `/api/v1/monitors/${(await monitor(t, a.cookie)).id}`,
      cookie: a.cookie,
      payload: { name: 'renamed' },
    }),
    'DELETE /api/v1/monitors/:id': async (t, a) => ({
      method: 'DELETE',
      url: `/api/v1/monitors/${(await monitor(t, a.cookie)).id}`,
      cookie: a.cookie,
    }),
    'POST /api/v1/monitors/:id/test': async (t, a) => ({
      method: 'POST',
      url: `/api/v1/monitors/${(await monitor(t, a.cookie)).id}/test`,
      cookie: a.cookie,
    }),
    'POST /api/push/:token': async (t, a) => {
      const m = await json(t, 'POST', '/api/v1/monitors', a.cookie, {
        name: `h-${rnd()}`,
        kind: 'heartbeat',
        check_interval: 60,
        timeout: 5,
      });
      return { method: 'POST', url: new URL(m.push_url).pathname, cookie: null };
    },
    'POST /api/v1/integrations': async (_t, a) => ({
      method: 'POST',
      url: '/api/v1/integrations',
      cookie: a.cookie,
      payload: { name: `i-${rnd()}`, integration_type: 'webhook' },
    }),
    'POST /api/v1/incidents/:id/updates': async (t, a) => ({
      method: 'POST',
      url: `/api/v1/incidents/${(await entity(t, a.cookie, '/api/v1/incidents')).id}/updates`,
      cookie: a.cookie,
      payload: { status: 'identified', message: 'found it' },
    }),
  };
  const integration = (t: TestApp, c: string) =>
    json(t, 'POST', '/api/v1/integrations', c, { name: `i-${rnd()}`, integration_type: 'webhook' });
  out['PATCH /api/v1/integrations/:id'] = async (t, a) => ({
    method: 'PATCH',
    url: `/api/v1/integrations/${(await integration(t, a.cookie)).id}`,
    cookie: a.cookie,
    payload: { api_version: 'v2' },
  });
  out['DELETE /api/v1/integrations/:id'] = async (t, a) => ({
    method: 'DELETE',
    url: `/api/v1/integrations/${(await integration(t, a.cookie)).id}`,
    cookie: a.cookie,
  });
  out['POST /api/v1/integrations/:id/events'] = async (t, a) => ({
    method: 'POST',
    url: `/api/v1/integrations/${(await integration(t, a.cookie)).id}/events`,
    cookie: a.cookie,
    payload: {
      events: [{ event_type: 'api-call', direction: 'outbound', success: true, response_time: 12 }],
    },
  });
  for (const path of ['/api/v1/status-pages', '/api/v1/incidents', '/api/v1/maintenance-windows']) {
    out[`POST ${path}`] = async (t, a) => {
      const probe = await entity(t, a.cookie, path); // proves the payload; the call below creates another
      const payload = path.includes('pages')
        ? { slug: `p-${rnd()}`, title: 'P' }
        : path.includes('incidents')
          ? { title: 'I' }
          : { title: 'W', starts_at: probe.starts_at, ends_at: probe.ends_at };
      return { method: 'POST', url: path, cookie: a.cookie, payload };
    };
    out[`PATCH ${path}/:id`] = async (t, a) => ({
      method: 'PATCH',
      url: `${path}/${(await entity(t, a.cookie, path)).id}`,
      cookie: a.cookie,
      payload: { title: 'Renamed' },
    });
    out[`DELETE ${path}/:id`] = async (t, a) => ({
      method: 'DELETE',
      url: `${path}/${(await entity(t, a.cookie, path)).id}`,
      cookie: a.cookie,
    });
  }
  return out;
}

// Custom metrics and scrape targets (issue 5): the target URL has nothing listening, so a scrape fails fast (up=0).
function scrapeTargetFixtures(): Record<string, Fixture> {
  const target = (t: TestApp, c: string) =>
    json(t, 'POST', '/api/v1/scrape-targets', c, {
      name: `s-${rnd()}`,
      url: 'http://127.0.0.1:9/metrics',
      enabled: false,
    });
  return {
    'POST /api/v1/scrape-targets': async (_t, a) => ({
      method: 'POST',
      url: '/api/v1/scrape-targets',
      cookie: a.cookie,
      payload: {
        name: `s-${rnd()}`,
        url: 'http://127.0.0.1:9/metrics',
        auth: { type: 'bearer', token: 't' },
      },
    }),
    'PATCH /api/v1/scrape-targets/:id': async (t, a) => ({
      method: 'PATCH',
      url: `/api/v1/scrape-targets/${(await target(t, a.cookie)).id}`,
      cookie: a.cookie,
      payload: { interval_seconds: 120 },
    }),
    'DELETE /api/v1/scrape-targets/:id': async (t, a) => ({
      method: 'DELETE',
      url: `/api/v1/scrape-targets/${(await target(t, a.cookie)).id}`,
      cookie: a.cookie,
    }),
    'POST /api/v1/load-tests': async (_t, a) => ({
      method: 'POST',
      url: '/api/v1/load-tests?name=fixture',
      cookie: a.cookie,
      payload: { metrics: { http_reqs: { count: 10, rate: 5 } }, root_group: {} },
    }),
    'POST /api/v1/metrics/custom': async (_t, a) => ({
      method: 'POST',
      url: '/api/v1/metrics/custom',
      cookie: a.cookie,
      payload: { metrics: [{ name: 'fixture_gauge', type: 'gauge', value: 1 }] },
    }),
    'POST /api/v1/scrape-targets/:id/scrape': async (t, a) => ({
      method: 'POST',
      url: `/api/v1/scrape-targets/${(await target(t, a.cookie)).id}/scrape`,
      cookie: a.cookie,
    }),
  };
}
