import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../../test/app.ts';
import { loadCapture } from '../../../test/client-captures.ts';
import { createIdentityTestApp, createKey, defaultOrgId, seedOrg } from '../../../test/identity.ts';

let t: TestApp;
let key: string;
let orgId: string;
let projectId: number;

beforeAll(async () => {
  t = await createIdentityTestApp();
  orgId = await defaultOrgId(t.db.handle.db);
  const p = await t.db.handle.pool.query<{ id: string }>(
    'SELECT id FROM projects WHERE org_id = $1 ORDER BY id LIMIT 1',
    [orgId],
  );
  projectId = Number(p.rows[0]?.id);
  key = await createKey(t, { scopes: ['ingest'] });
});
afterAll(async () => {
  await t?.close();
});

const count = async () =>
  Number(
    (
      await t.db.handle.pool.query<{ n: string }>(
        'SELECT count(*) AS n FROM security_events WHERE org_id = $1',
        [orgId],
      )
    ).rows[0]?.n,
  );

/** Posts a capture's bodies with its headers as recorded, to a Pharos path with the key. */
async function replay(name: string, path: string) {
  const cap = loadCapture(name);
  const out = [];
  for (const body of cap.bodies) {
    out.push(
      await t.app.inject({
        method: 'POST',
        url: path,
        headers: cap.headers,
        payload: body,
        remoteAddress: '203.0.113.7',
      }),
    );
  }
  return out;
}

describe('CSP reports', () => {
  it('stores both report-uri posts of the Chromium capture (sentry_key in the query)', async () => {
    const res = await replay(
      'chromium-156-csp-report-uri.txt',
      `/api/${projectId}/csp-report?sentry_key=${key}&sentry_environment=prod`,
    );
    expect(res.map((r) => r.statusCode)).toEqual([204, 204]);
    const rows = await t.db.handle.pool.query(
      `SELECT attack_type, blocked, url, endpoint_targeted, blocked_payload, user_agent,
              host(ip_address) AS ip, environment, csp_violation->>'effective_directive' AS directive
       FROM security_events WHERE org_id = $1 ORDER BY directive`,
      [orgId],
    );
    expect(rows.rows).toEqual([
      expect.objectContaining({ directive: 'script-src-elem' }),
      {
        attack_type: 'csp_violation',
        blocked: true,
        url: 'https://127.0.0.1:9985/page-uri.html',
        endpoint_targeted: 'inline',
        blocked_payload: 'inline',
        user_agent: expect.stringContaining('HeadlessChrome/156'),
        ip: '203.0.113.7',
        environment: 'prod',
        directive: 'style-src-attr',
      },
    ]);
  });

  it('stores the Reporting API batch at Sentry’s security endpoint, once when re-sent', async () => {
    const path = `/api/${projectId}/security/?sentry_key=${key}`;
    expect((await replay('chromium-156-reporting-api-reports-json.txt', path))[0]?.statusCode).toBe(
      204,
    );
    expect(await count()).toBe(5);
    await replay('chromium-156-reporting-api-reports-json.txt', path);
    expect(await count()).toBe(5);
  });

  it('accepts Bearer, refuses a missing key (401), a foreign type (415), a non-report (400)', async () => {
    const post = (headers: Record<string, string>, payload: string) =>
      t.app.inject({ method: 'POST', url: `/api/${projectId}/csp-report`, headers, payload });
    const report = JSON.stringify({
      'csp-report': { 'document-uri': 'https://x/', 'blocked-uri': 'eval', disposition: 'report' },
    });
    const ok = await post(
      { authorization: `Bearer ${key}`, 'content-type': 'application/csp-report' },
      report,
    );
    expect(ok.statusCode).toBe(204);
    expect((await post({ 'content-type': 'application/csp-report' }, report)).statusCode).toBe(401);
    const html = await post(
      { authorization: `Bearer ${key}`, 'content-type': 'text/html' },
      report,
    );
    expect(html.statusCode).toBe(415);
    const bad = await post(
      { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      '{"expect-ct-report":{}}',
    );
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('VALIDATION');
    const broken = await post(
      { authorization: `Bearer ${key}`, 'content-type': 'application/csp-report' },
      '{"csp-report":',
    );
    expect(broken.statusCode).toBe(400);
    expect(await count()).toBe(6);
  });

  it('lists events of the caller’s organization only, filtered and paginated', async () => {
    const reader = await createKey(t, { scopes: ['read'], role: 'viewer' });
    const list = (k: string, q = '') =>
      t.app.inject({
        method: 'GET',
        url: `/api/v1/security/events${q}`,
        headers: { authorization: `Bearer ${k}` },
      });
    const all = await list(reader, '?limit=1000');
    expect(all.statusCode).toBe(200);
    expect(all.json().items).toHaveLength(6);
    expect(all.json().items[0]).toMatchObject({
      attack_type: 'csp_violation',
      project_id: projectId,
    });

    const page1 = (await list(reader, '?limit=4')).json();
    expect(page1.items).toHaveLength(4);
    const page2 = (await list(reader, `?limit=4&cursor=${page1.next_cursor}`)).json();
    expect(page2.items).toHaveLength(2);
    expect(page2.next_cursor).toBeNull();
    const ids = new Set([...page1.items, ...page2.items].map((e: { id: string }) => e.id));
    expect(ids.size).toBe(6);

    const img = (await list(reader, '?directive=img-src')).json().items;
    expect(img.map((e: { endpoint_targeted: string }) => e.endpoint_targeted)).toEqual([
      'http://127.0.0.1:1/tracker.png',
    ]);
    expect((await list(reader, '?blocked=false')).json().items).toHaveLength(1);
    expect((await list(reader, '?ip=203.0.113.0/24')).json().items).toHaveLength(5);
    expect((await list(reader, '?ip=nonsense')).statusCode).toBe(400);

    const other = await seedOrg(t.db.handle.db, 'other-org');
    const outsider = await createKey(t, { scopes: ['read'], orgId: other });
    expect((await list(outsider)).json().items).toEqual([]);
    expect((await list(key)).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/security/events' })).statusCode).toBe(
      401,
    );
  });
});
