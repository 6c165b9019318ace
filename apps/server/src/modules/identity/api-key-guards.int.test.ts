import pino from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildApp, type App } from '../../app.ts';
import { sha256 } from '../../lib/crypto.ts';
import type { TestApp } from '../../../test/app.ts';
import { createIdentityTestApp, createKey, defaultOrgId, seedOrg } from '../../../test/identity.ts';

// Two Pharos processes on one database: t.app and a second app built on the same database.
let t: TestApp;
let other: App;
let defaultOrg: string;

beforeAll(async () => {
  t = await createIdentityTestApp();
  defaultOrg = await defaultOrgId(t.db.handle.db); // the installation organization (oldest)
  other = await buildApp({ config: t.config, db: t.db.handle, logger: pino({ level: 'silent' }) });
  await other.ready();
});
afterEach(() => {
  vi.useRealTimers();
});
afterAll(async () => {
  await other?.close();
  await t?.close();
});

const pool = () => t.db.handle.pool;
const get = (app: App, key: string, remoteAddress = '127.0.0.1') =>
  app.inject({
    method: 'GET',
    url: '/api/v1/me',
    headers: { authorization: `Bearer ${key}`, 'user-agent': 'guard-test/1.0' },
    remoteAddress,
  });
const prefixOf = (key: string) => key.split('_')[1]!;
const keyId = async (key: string) =>
  (
    await pool().query<{ id: string }>('SELECT id FROM api_keys WHERE key_prefix = $1', [
      prefixOf(key),
    ])
  ).rows[0]!.id;
/** The shared count of a key's current window, once it reaches at least `n`. */
const sharedCount = (id: string, n: number) =>
  vi.waitFor(
    async () => {
      const r = await pool().query<{ count: number }>(
        'SELECT count FROM api_key_rate_windows WHERE key_id = $1 ORDER BY minute DESC LIMIT 1',
        [id],
      );
      expect(r.rows[0]?.count ?? 0).toBeGreaterThanOrEqual(n);
      return r.rows[0]!.count;
    },
    { timeout: 5_000, interval: 20 },
  );

/** Skips to the start of a fresh minute when less than `ms` of this one is left. */
async function freshWindow(ms = 8_000) {
  const left = 60_000 - (Date.now() % 60_000);
  if (left < ms) await new Promise((r) => setTimeout(r, left + 50));
}

describe('per-key rate limit across processes', () => {
  it('a second process learns the first one’s count and refuses past the limit', async () => {
    await freshWindow();
    const key = await createKey(t, { scopes: ['read'], rateLimit: 10 });
    const id = await keyId(key);
    for (let i = 0; i < 10; i++) expect((await get(t.app, key)).statusCode).toBe(200);
    expect((await get(t.app, key)).statusCode).toBe(429);
    await sharedCount(id, 10);
    // The other process admits its first request before it has heard any total (the bound's
    // "one request per process at the start of a window"), then refuses.
    expect((await get(other, key)).statusCode).toBe(200);
    expect(await sharedCount(id, 11)).toBe(11);
    for (let i = 0; i < 5; i++) {
      const res = await get(other, key);
      expect(res.statusCode).toBe(429);
      expect(Number(res.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      expect(Number(res.headers['retry-after'])).toBeLessThanOrEqual(60);
    }
  });

  it('two processes sending in turn admit the limit plus at most a few in-flight requests', async () => {
    await freshWindow();
    const limit = 20;
    const key = await createKey(t, { scopes: ['read'], rateLimit: limit });
    let admitted = 0;
    for (let i = 0; i < 3 * limit; i++) {
      if ((await get(i % 2 ? other : t.app, key)).statusCode === 200) admitted++;
    }
    // Counting per process (before) admitted 2 x 20 = 40. Now: at least the limit, and above it
    // only what a process admitted while its own sync was in flight.
    expect(admitted).toBeGreaterThanOrEqual(limit);
    expect(admitted).toBeLessThanOrEqual(limit + 8);
    expect(await sharedCount(await keyId(key), admitted)).toBe(admitted);
  });
});

async function rejections(where: string, params: unknown[]) {
  const r = await pool().query<Record<string, unknown> & { metadata: Record<string, unknown> }>(
    `SELECT org_id, actor_type, action_type, outcome, failure_reason, resource_id, resource_name,
            host(ip_address) AS ip, user_agent, request_id, user_id, metadata
       FROM audit_events WHERE action = 'auth.api_key_rejected' AND ${where}
      ORDER BY occurred_at`,
    params,
  );
  return r.rows;
}

describe('rejected API keys are audited', () => {
  it('writes one event per kind of refusal, with the prefix and never the key', async () => {
    const orgB = await seedOrg(t.db.handle.db, 'guards-b');
    const used: string[] = [];
    const expectOne = async (reason: string, ip: string, fields: Record<string, unknown>) => {
      const rows = await rejections('failure_reason = $1 AND ip_address = $2', [reason, ip]);
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({
        actor_type: 'anonymous',
        action_type: 'login',
        outcome: 'failure',
        ip,
        user_agent: 'guard-test/1.0',
        ...fields,
      });
      expect(rows[0]!.request_id).toEqual(expect.any(String));
    };

    expect((await get(t.app, 'garbage', '10.9.0.1')).statusCode).toBe(401);
    await expectOne('malformed', '10.9.0.1', { org_id: defaultOrg, resource_name: null });
    const unknown = `phk_00000000abcd_${'A'.repeat(43)}`;
    used.push(unknown);
    expect((await get(other, unknown, '10.9.0.2')).statusCode).toBe(401);
    await expectOne('unknown', '10.9.0.2', { org_id: defaultOrg, resource_name: '00000000abcd' });

    const revoked = await createKey(t, { scopes: ['read'], orgId: orgB });
    const expired = await createKey(t, { scopes: ['read'], orgId: orgB });
    const walledIn = await createKey(t, {
      scopes: ['read'],
      orgId: orgB,
      allowedIps: ['10.0.0.0/8'],
    });
    const limited = await createKey(t, { scopes: ['read'], orgId: orgB, rateLimit: 1 });
    const orphan = await createKey(t, { scopes: ['read'], orgId: orgB });
    used.push(revoked, expired, walledIn, limited, orphan);
    await pool().query(
      `UPDATE api_keys SET is_active = false, revoked_at = now() WHERE key_prefix = $1`,
      [prefixOf(revoked)],
    );
    await pool().query(
      `UPDATE api_keys SET expires_at = now() - interval '1 second' WHERE key_prefix = $1`,
      [prefixOf(expired)],
    );
    await pool().query(
      `UPDATE users SET is_active = false WHERE id = (SELECT user_id FROM api_keys WHERE key_prefix = $1)`,
      [prefixOf(orphan)],
    );
    expect((await get(t.app, revoked, '10.9.0.3')).statusCode).toBe(401);
    expect((await get(t.app, expired, '10.9.0.4')).statusCode).toBe(401);
    expect((await get(t.app, orphan, '10.9.0.5')).statusCode).toBe(401);
    expect((await get(t.app, walledIn, '192.0.2.7')).statusCode).toBe(403);
    await freshWindow(5_000);
    expect((await get(t.app, limited, '10.9.0.6')).statusCode).toBe(200);
    expect((await get(t.app, limited, '10.9.0.6')).statusCode).toBe(429);
    for (const [reason, ip, key] of [
      ['revoked', '10.9.0.3', revoked],
      ['expired', '10.9.0.4', expired],
      ['owner_inactive', '10.9.0.5', orphan],
      ['ip_not_allowed', '192.0.2.7', walledIn],
      ['rate_limited', '10.9.0.6', limited],
    ] as const) {
      await expectOne(reason, ip, {
        org_id: orgB,
        resource_id: await keyId(key),
        resource_name: prefixOf(key),
        metadata: { key_prefix: prefixOf(key), known_key: true, suppressed_since_last_event: 0 },
      });
    }

    const all = JSON.stringify((await pool().query('SELECT * FROM audit_events')).rows);
    for (const key of used) {
      expect(all).not.toContain(key.split('_').slice(2).join('_'));
      expect(all).not.toContain(sha256(key).toString('hex'));
      expect(all).not.toContain(sha256(key).toString('base64'));
    }
  });

  it('writes one event for a burst and counts the rest in the next one', async () => {
    const burst = async () => {
      for (let i = 0; i < 25; i++)
        expect((await get(t.app, `phk_${i}`, '10.9.1.1')).statusCode).toBe(401);
    };
    await burst();
    let rows = await rejections('ip_address = $1', ['10.9.1.1']);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.metadata).toMatchObject({ suppressed_since_last_event: 0 });
    // A minute later the next refusal writes an event carrying the 24 suppressed ones.
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 61_000);
    await burst();
    rows = await rejections('ip_address = $1', ['10.9.1.1']);
    expect(rows).toHaveLength(2);
    expect(rows[1]!.metadata).toMatchObject({ suppressed_since_last_event: 24 });
    // Each process throttles on its own: the other one writes its first event too.
    expect((await get(other, 'garbage', '10.9.1.1')).statusCode).toBe(401);
    expect(await rejections('ip_address = $1', ['10.9.1.1'])).toHaveLength(3);
  });

  it('writes nothing for valid keys', async () => {
    const before = (await rejections('true', [])).length;
    const key = await createKey(t, { scopes: ['read'] });
    for (let i = 0; i < 5; i++) expect((await get(t.app, key, '10.9.2.1')).statusCode).toBe(200);
    expect(await rejections('true', [])).toHaveLength(before);
  });
});
