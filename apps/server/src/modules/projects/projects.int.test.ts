import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../../test/app.ts';
import { createIdentityTestApp, defaultOrgId, seedSignedInUser } from '../../../test/identity.ts';
import { envelopeOf, exceptionEvent, hexId } from '../errors/testing.ts';
import { slugOf } from './manage.ts';

let t: TestApp;
let admin: { cookie: string };
let viewer: { cookie: string };
let orgId: string;

beforeAll(async () => {
  t = await createIdentityTestApp({ PHAROS_PUBLIC_URL: 'https://pharos.example.test' });
  orgId = await defaultOrgId(t.db.handle.db);
  admin = await seedSignedInUser(t, { role: 'admin' });
  viewer = await seedSignedInUser(t, { role: 'viewer' });
});
afterAll(async () => t?.close());

interface ClientKey {
  id: string;
  project_id: number;
  public_key: string;
  dsn: string;
  active: boolean;
}
interface Project {
  id: number;
  slug: string;
  name: string;
  dsn: string | null;
  client_keys: ClientKey[];
}

async function projects(cookie: string): Promise<Project[]> {
  const res = await t.app.inject({ method: 'GET', url: '/api/v1/projects', headers: { cookie } });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().items;
}

/** Sends one exception event the way a browser SDK does: the key in the `sentry_key` query. */
async function sendEvent(projectId: number, publicKey: string) {
  const id = hexId();
  const res = await t.app.inject({
    method: 'POST',
    url: `/api/${projectId}/envelope/?sentry_key=${publicKey}&sentry_version=7`,
    headers: { 'content-type': 'text/plain;charset=UTF-8' },
    payload: envelopeOf([exceptionEvent({ eventId: id, value: 'client key test' })]),
  });
  return { res, id };
}

async function storedProject(eventId: string): Promise<number | null> {
  const r = await t.db.handle.pool.query(
    'SELECT project_id FROM error_events WHERE event_id = $1::uuid',
    [eventId],
  );
  return r.rows[0] ? Number(r.rows[0].project_id) : null;
}

describe('projects and their DSNs', () => {
  it('shows every project with a DSN carrying an ingest-only client key', async () => {
    const [first] = await projects(viewer.cookie);
    expect(first!.id).toBe(1);
    expect(first!.client_keys).toHaveLength(1);
    const key = first!.client_keys[0]!;
    expect(key.public_key).toMatch(/^[0-9a-f]{32}$/);
    expect(first!.dsn).toBe(`https://${key.public_key}@pharos.example.test/1`);
  });

  it('takes events with the DSN key for its own project only', async () => {
    const [first] = await projects(admin.cookie);
    const pk = first!.client_keys[0]!.public_key;
    const ok = await sendEvent(1, pk);
    expect(ok.res.statusCode, ok.res.body).toBe(200);
    expect(ok.res.json()).toEqual({ id: ok.id });
    expect(await storedProject(ok.id)).toBe(1);

    const other = await t.app.inject({
      method: 'POST',
      url: '/api/v1/projects',
      headers: { cookie: admin.cookie },
      payload: { name: 'Other shop' },
    });
    expect(other.statusCode, other.body).toBe(201);
    const wrong = await sendEvent(other.json().id, pk);
    expect(wrong.res.statusCode).toBe(403);
    expect(wrong.res.json().detail).toMatch(/belongs to project 1/);
    expect(await storedProject(wrong.id)).toBeNull();
  });

  it('a client key opens nothing but event submission', async () => {
    const [first] = await projects(admin.cookie);
    const pk = first!.client_keys[0]!.public_key;
    for (const url of ['/api/v1/projects', '/api/v1/logs/search?q=x', '/api/v1/errors/issues']) {
      const res = await t.app.inject({
        method: 'GET',
        url,
        headers: { authorization: `Bearer ${pk}` },
      });
      expect(res.statusCode, url).toBe(401);
      expect(res.headers['www-authenticate']).toBeTruthy();
    }
    const logs = await t.app.inject({
      method: 'POST',
      url: '/api/v1/ingest/logs',
      headers: { authorization: `Bearer ${pk}`, 'content-type': 'application/x-ndjson' },
      payload: '{"message":"not with a DSN key"}\n',
    });
    expect(logs.statusCode).toBe(401);
  });

  it('creates a project with its own DSN, rotates and revokes keys, all audited', async () => {
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/projects',
      headers: { cookie: admin.cookie },
      payload: { name: 'Checkout Web', platform: 'javascript' },
    });
    expect(created.statusCode, created.body).toBe(201);
    const p: Project = created.json();
    expect(p.slug).toBe('checkout-web');
    expect(p.dsn).toBe(`https://${p.client_keys[0]!.public_key}@pharos.example.test/${p.id}`);
    const dup = await t.app.inject({
      method: 'POST',
      url: '/api/v1/projects',
      headers: { cookie: admin.cookie },
      payload: { name: 'Checkout web' },
    });
    expect(dup.statusCode).toBe(409);

    const second = await t.app.inject({
      method: 'POST',
      url: `/api/v1/projects/${p.id}/client-keys`,
      headers: { cookie: admin.cookie },
      payload: { label: 'rotation 2026' },
    });
    expect(second.statusCode, second.body).toBe(201);
    const oldKey = p.client_keys[0]!;
    const revoked = await t.app.inject({
      method: 'POST',
      url: `/api/v1/client-keys/${oldKey.id}/revoke`,
      headers: { cookie: admin.cookie },
    });
    expect(revoked.statusCode, revoked.body).toBe(200);
    expect(revoked.json().active).toBe(false);

    const refused = await sendEvent(p.id, oldKey.public_key);
    expect(refused.res.statusCode).toBe(401);
    const accepted = await sendEvent(p.id, second.json().public_key);
    expect(accepted.res.statusCode, accepted.res.body).toBe(200);
    const now = (await projects(viewer.cookie)).find((x) => x.id === p.id)!;
    expect(now.dsn).toBe(second.json().dsn);

    const audit = await t.db.handle.pool.query(
      `SELECT action FROM audit_events WHERE org_id = $1 AND resource_type IN ('project', 'client_key')`,
      [orgId],
    );
    const actions = audit.rows.map((r) => r.action);
    expect(actions).toEqual(
      expect.arrayContaining(['project.create', 'client_key.create', 'client_key.revoke']),
    );
  });

  it('lets only managers create projects and keys', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/projects',
      headers: { cookie: viewer.cookie },
      payload: { name: 'Nope' },
    });
    expect(res.statusCode).toBe(403);
    const bad = await t.app.inject({
      method: 'POST',
      url: '/api/v1/projects',
      headers: { cookie: admin.cookie },
      payload: { name: '' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ title: expect.any(String), detail: expect.any(String) });
  });

  it('the official @sentry/node SDK sends with a project DSN, unmodified', async () => {
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    const addr = t.app.server.address();
    const port = typeof addr === 'object' && addr ? addr.port : 0;
    const [first] = await projects(admin.cookie);
    const dsn = first!
      .dsn!.replace('https://', 'http://')
      .replace('pharos.example.test', `127.0.0.1:${port}`);
    const client = `
      const Sentry = require('@sentry/node');
      Sentry.init({ dsn: process.env.DSN, environment: 'client-key-env' });
      Sentry.captureException(new RangeError('sent with a client key'));
      Sentry.flush(10000).then((ok) => { if (!ok) { console.error('flush failed'); process.exit(2); } });`;
    const out = await promisify(execFile)(process.execPath, ['-e', client], {
      cwd: process.cwd(),
      env: { ...process.env, DSN: dsn },
      timeout: 60_000,
    });
    expect(out.stderr).not.toMatch(/flush failed|Invalid Sentry Dsn/);
    const r = await t.db.handle.pool.query(
      `SELECT project_id FROM error_events WHERE environment = 'client-key-env'`,
    );
    expect(r.rows.map((x) => Number(x.project_id))).toEqual([1]);
  }, 90_000);

  it('makes slugs from names', () => {
    expect(slugOf('Checkout API')).toBe('checkout-api');
    expect(slugOf('  Café / Web  ')).toBe('cafe-web');
  });
});
