import { randomUUID } from 'node:crypto';
import { API_KEY_SCOPES, ROLES, roleAllows, scopeAllows, type Role } from '@pharos/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/app.ts';
import { createKey, seedSignedInUser, signIn } from '../../test/identity.ts';
import type { RouteInfo } from './auth.ts';

/**
 * The role × route permission matrix, driven by the routes the app actually registered: every
 * route that is not public refuses anonymous callers with 401, and answers each role and each
 * API key scope exactly as the permission table says (403 when not allowed, anything else when
 * allowed: the permission check runs before validation, so an empty body still proves access).
 */
let t: TestApp;
let baseUrl: string;
const cookies = new Map<Role, { cookie: string; email: string; password: string }>();
const keys = new Map<string, string>();

beforeAll(async () => {
  t = await createTestApp();
  baseUrl = await t.app.listen({ port: 0, host: '127.0.0.1' });
  for (const role of ROLES) {
    const u = await seedSignedInUser(t, { role });
    cookies.set(role, { cookie: u.cookie, email: u.email, password: u.password });
  }
  for (const scope of API_KEY_SCOPES)
    keys.set(scope, await createKey(t, { scopes: [scope], role: 'admin' }));
});
afterAll(async () => {
  await t?.close();
});

const fill = (url: string) => url.replace(/:[A-Za-z_]+/g, () => randomUUID());
const isMutation = (m: string) => m !== 'GET' && m !== 'HEAD';

function apiRoutes(): RouteInfo[] {
  return t.app.routeCatalog.filter(
    (r) => r.url.startsWith('/api/') && !r.url.startsWith('/api/docs'),
  );
}

/**
 * Calls a route over real HTTP and reads only the status line and headers, so streaming routes
 * (server-sent events) are covered too: the body is abandoned as soon as the headers arrive.
 */
async function call(route: RouteInfo, headers: Record<string, string>) {
  const ctrl = new AbortController();
  const res = await fetch(baseUrl + fill(route.url), {
    method: route.method,
    headers: {
      ...headers,
      ...(isMutation(route.method) ? { 'content-type': 'application/json' } : {}),
    },
    ...(isMutation(route.method) ? { body: '{}' } : {}),
    redirect: 'manual',
    signal: ctrl.signal,
  });
  const type = res.headers.get('content-type') ?? '';
  const body = type.includes('json') ? await res.text() : '';
  ctrl.abort();
  return {
    statusCode: res.status,
    headers: { 'www-authenticate': res.headers.get('www-authenticate') ?? undefined },
    json: () => JSON.parse(body) as { code?: string },
  };
}

describe('role × route permission matrix', () => {
  it('covers the API: every route declares how it is protected', () => {
    const routes = apiRoutes();
    expect(routes.length).toBeGreaterThan(20);
    for (const r of routes) {
      expect(
        [r.permission !== null, r.authenticated, r.public].filter(Boolean).length,
        `${r.method} ${r.url}`,
      ).toBe(1);
    }
  });

  it('refuses anonymous callers on every non-public route with 401 and WWW-Authenticate', async () => {
    for (const r of apiRoutes().filter((x) => !x.public)) {
      const res = await call(r, {});
      expect(res.statusCode, `${r.method} ${r.url}`).toBe(401);
      expect(res.headers['www-authenticate'], `${r.method} ${r.url}`).toBeTruthy();
      expect(res.json().code).toBe('UNAUTHORIZED');
    }
  });

  for (const role of ROLES) {
    it(`answers the ${role} role as the permission table says`, async () => {
      const mismatches: string[] = [];
      for (const r of apiRoutes().filter((x) => !x.public)) {
        let session = cookies.get(role)!;
        const res = await call(r, { cookie: session.cookie });
        const allowed = r.permission ? roleAllows(role, r.permission) : true;
        const denied = res.statusCode === 403 && res.json().code === 'FORBIDDEN';
        if (res.statusCode === 401 || allowed === denied) {
          mismatches.push(
            `${r.method} ${r.url} (${r.permission ?? 'authenticated'}): ${res.statusCode}`,
          );
        }
        // Routes that end or move the session (sign-out, switch-org) need a new one afterwards.
        if (r.url.startsWith('/api/v1/auth/')) {
          session = { ...session, cookie: await signIn(t.app, session.email, session.password) };
          cookies.set(role, session);
        }
      }
      expect(mismatches).toEqual([]);
    });
  }

  for (const scope of API_KEY_SCOPES) {
    it(`answers an admin's API key with scope ${scope} as the scope table says`, async () => {
      const mismatches: string[] = [];
      for (const r of apiRoutes().filter((x) => x.permission)) {
        const res = await call(r, { authorization: `Bearer ${keys.get(scope)}` });
        const allowed = roleAllows('admin', r.permission!) && scopeAllows(scope, r.permission!);
        const denied = res.statusCode === 403;
        if (res.statusCode === 401 || allowed === denied) {
          mismatches.push(`${r.method} ${r.url} (${r.permission}): ${res.statusCode}`);
        }
      }
      expect(mismatches).toEqual([]);
    });
  }

  it('records every denial as an access-denied audit event', async () => {
    const viewer = cookies.get('viewer')!;
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: { cookie: viewer.cookie },
      payload: { email: 'x@example.com', role: 'admin' },
    });
    expect(res.statusCode).toBe(403);
    const rows = await t.db.handle.pool.query(
      "SELECT action, action_type, outcome, user_email, failure_reason FROM audit_events WHERE action_type = 'access-denied' AND user_email = $1",
      [viewer.email],
    );
    expect(rows.rows.length).toBeGreaterThan(0);
    expect(rows.rows[0]).toMatchObject({ outcome: 'failure', action_type: 'access-denied' });
  });
});
