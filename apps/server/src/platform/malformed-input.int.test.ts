import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/app.ts';
import { seedSignedInUser } from '../../test/identity.ts';
import type { RouteInfo } from './auth.ts';

/**
 * Hostile and malformed input on every API route, as an admin (so requests get past the
 * permission check to parsing and validation): each answer is a 4xx problem body that says what
 * was wrong, never a 5xx, and the process keeps serving.
 */
let t: TestApp;
let cookie: string;

beforeAll(async () => {
  t = await createTestApp();
  cookie = (await seedSignedInUser(t, { role: 'admin' })).cookie;
});
afterAll(async () => {
  await t?.close();
});

const BAD_IDS = [
  'not-a-uuid',
  '%00',
  '..%2F..%2Fetc%2Fpasswd',
  "1'%20OR%20'1'='1",
  '9'.repeat(400),
];
const BAD_BODIES: Array<[string, string, string]> = [
  ['truncated JSON', 'application/json', '{"email": "a@b.c", '],
  ['JSON array', 'application/json', '[1,2,3]'],
  ['JSON string', 'application/json', '"hello"'],
  ['null', 'application/json', 'null'],
  [
    'prototype pollution',
    'application/json',
    '{"__proto__": {"admin": true}, "constructor": {"prototype": {"x": 1}}}',
  ],
  ['deep nesting', 'application/json', '['.repeat(5000) + ']'.repeat(5000)],
  [
    'wrong types',
    'application/json',
    '{"email": 42, "name": [], "role": {"$gt": ""}, "scopes": "admin", "org_id": true}',
  ],
  [
    'huge string',
    'application/json',
    JSON.stringify({ name: 'x'.repeat(200_000), email: 'y'.repeat(100_000) }),
  ],
  ['form body', 'application/x-www-form-urlencoded', 'email=a%40b.c&password=x'],
  [
    'xml',
    'application/xml',
    '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>',
  ],
  [
    'NUL characters',
    'application/json',
    '{"name": "a\\u0000b", "display_name": "x\\u0000", "email": "a\\u0000@b.c", "password": "p\\u0000wwwwwwwwwwww", "role": "viewer", "scopes": ["read"], "description": "\\u0000"}',
  ],
];

function apiRoutes(): RouteInfo[] {
  return t.app.routeCatalog.filter((r) => r.url.startsWith('/api/v1/'));
}

function expectProblem(
  res: { statusCode: number; headers: Record<string, unknown>; json(): unknown },
  what: string,
) {
  expect(res.statusCode, what).toBeGreaterThanOrEqual(400);
  expect(res.statusCode, what).toBeLessThan(500);
  expect(String(res.headers['content-type']), what).toContain('application/problem+json');
  const body = res.json() as { type: string; title: string; detail: string };
  expect(typeof body.type, what).toBe('string');
  expect(typeof body.title, what).toBe('string');
  expect(body.detail.length, what).toBeGreaterThan(0);
}

describe('malformed input answers 4xx problem bodies, never 5xx', () => {
  it('bad path parameters', async () => {
    for (const r of apiRoutes().filter((x) => x.url.includes(':'))) {
      for (const bad of BAD_IDS) {
        const url = r.url.replace(/:[A-Za-z_]+/g, bad);
        const res = await t.app.inject({
          method: r.method as 'GET',
          url,
          headers: { cookie, 'content-type': 'application/json' },
          ...(r.method === 'GET' || r.method === 'DELETE' ? {} : { payload: '{}' }),
        });
        expectProblem(res, `${r.method} ${url}`);
      }
    }
  });

  it('bad bodies on every route that takes one', async () => {
    for (const r of apiRoutes().filter((x) => x.hasBody)) {
      for (const [name, type, payload] of BAD_BODIES) {
        const url = r.url.replace(/:[A-Za-z_]+/g, '00000000-0000-4000-8000-000000000000');
        const res = await t.app.inject({
          method: r.method as 'POST',
          url,
          headers: { cookie, 'content-type': type },
          payload,
        });
        // A read-only POST taking Prometheus API forms ignores unknown fields, as Prometheus
        // does: a form of other fields is a valid (empty) request there.
        if (r.readOnly && type === 'application/x-www-form-urlencoded' && res.statusCode < 400)
          continue;
        expectProblem(res, `${r.method} ${r.url} with ${name}`);
      }
    }
  });

  it('NUL characters in otherwise valid bodies (PostgreSQL text cannot hold them)', async () => {
    const cases: Array<[string, string, unknown]> = [
      ['PATCH', '/api/v1/me', { name: 'a\u0000b' }],
      ['POST', '/api/v1/teams', { name: 'nul-team', display_name: 'x\u0000y' }],
      ['POST', '/api/v1/api-keys', { name: 'k\u0000', scopes: ['read'] }],
      ['POST', '/api/v1/users', { email: 'nul@example.com', name: 'n\u0000', role: 'viewer' }],
      ['POST', '/api/v1/auth/sign-in', { email: 'a\u0000@b.c', password: 'x\u0000' }],
    ];
    for (const [method, url, payload] of cases) {
      const res = await t.app.inject({
        method: method as 'POST',
        url,
        headers: { cookie },
        payload: payload as object,
      });
      expectProblem(res, `${method} ${url} with NUL`);
    }
  });

  it('bodies over the size limit answer 413', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/teams',
      headers: { cookie, 'content-type': 'application/json' },
      payload: JSON.stringify({ name: 'x', display_name: 'y'.repeat(t.config.bodyLimitBytes) }),
    });
    expect(res.statusCode).toBe(413);
    expectProblem(res, 'oversized body');
  });

  it('bad query strings on every GET route', async () => {
    const queries = [
      'limit=-1',
      'limit=abc',
      'limit=99999999999999999999',
      'from=yesterday&to=tomorrow',
      'cursor=%FF%FE',
      'format=exe',
      'user=' + encodeURIComponent("' OR 1=1 --"),
      'q=' + 'a'.repeat(5000),
      'limit[]=1&limit[]=2',
    ];
    for (const r of apiRoutes().filter((x) => x.method === 'GET' && !x.url.includes(':'))) {
      for (const q of queries) {
        const res = await t.app.inject({
          method: 'GET',
          url: `${r.url}?${q}`,
          headers: { cookie },
        });
        expect(res.statusCode, `GET ${r.url}?${q}: ${res.body.slice(0, 200)}`).toBeLessThan(500);
        if (res.statusCode >= 400) expectProblem(res, `GET ${r.url}?${q}`);
      }
    }
  });

  it('still serves after all of that', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/readyz' });
    expect(res.statusCode).toBe(200);
  });
});
