import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../../test/app.ts';
import { createIdentityTestApp, seedUser, signIn } from '../../../test/identity.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createIdentityTestApp({ PHAROS_SIGNIN_MAX_FAILURES: '3' });
});
afterAll(async () => {
  await t?.close();
});

const db = () => t.db.handle.db;
const signInReq = (email: string, password: string, ip = '10.0.0.1') =>
  t.app.inject({
    method: 'POST',
    url: '/api/v1/auth/sign-in',
    payload: { email, password },
    remoteAddress: ip,
  });

describe('sign-in and sessions', () => {
  it('signs in, sets a hardened cookie, stores only the token hash and audits it', async () => {
    const u = await seedUser(t, { role: 'developer' });
    const res = await signInReq(u.email.toUpperCase(), u.password);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({
      mfa_required: false,
      user: { email: u.email, role: 'developer' },
    });
    const c = res.cookies.find((x) => x.name === 'pharos_session')!;
    expect(c.httpOnly).toBe(true);
    expect(c.sameSite).toBe('Lax');
    expect(c.path).toBe('/');
    expect(c.secure).toBeFalsy(); // http public URL
    const rows = await db()
      .selectFrom('sessions')
      .selectAll()
      .where('user_id', '=', u.userId)
      .execute();
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows[0])).not.toContain(c.value);
    expect(rows[0]!.token_hash).toHaveLength(32);

    const me = await t.app.inject({
      method: 'GET',
      url: '/api/v1/me',
      headers: { cookie: `pharos_session=${c.value}` },
    });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ id: u.userId, auth: 'session' });

    const audit = await db()
      .selectFrom('audit_events')
      .selectAll()
      .where('action', '=', 'auth.sign_in')
      .where('user_id', '=', u.userId)
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      outcome: 'success',
      action_type: 'login',
      ip_address: '10.0.0.1',
    });
    expect(JSON.stringify(audit)).not.toContain(c.value);
    expect(JSON.stringify(audit)).not.toContain(u.password);
  });

  it('stores argon2id password hashes', async () => {
    const u = await seedUser(t, { role: 'viewer' });
    const row = await db()
      .selectFrom('users')
      .select('password_hash')
      .where('id', '=', u.userId)
      .executeTakeFirstOrThrow();
    expect(row.password_hash).toMatch(/^\$argon2id\$/);
    expect(row.password_hash).not.toContain(u.password);
  });

  it('answers the same for an unknown email and a wrong password, and audits both', async () => {
    const u = await seedUser(t, { role: 'viewer' });
    const a = await signInReq('nobody-here@example.test', 'whatever-password', '10.0.1.1');
    const b = await signInReq(u.email, 'wrong-password-123', '10.0.1.2');
    expect(a.statusCode).toBe(401);
    expect(b.statusCode).toBe(401);
    expect(a.json().detail).toBe(b.json().detail);
    expect(a.headers['content-type']).toContain('application/problem+json');
    expect(a.cookies).toHaveLength(0);
    const fails = await db()
      .selectFrom('audit_events')
      .select(['failure_reason', 'user_email', 'outcome', 'before_data', 'after_data'])
      .where('action', '=', 'auth.sign_in')
      .where('outcome', '=', 'failure')
      .where('user_email', 'in', ['nobody-here@example.test', u.email])
      .execute();
    expect(fails.map((f) => f.failure_reason).sort()).toEqual(['unknown_email', 'wrong_password']);
    expect(JSON.stringify(fails)).not.toContain('wrong-password-123');
    const row = await db()
      .selectFrom('users')
      .select(['failed_login_count'])
      .where('id', '=', u.userId)
      .executeTakeFirstOrThrow();
    expect(row.failed_login_count).toBe(1);
  });

  it('rate limits failed sign-ins per account with 429 and Retry-After', async () => {
    const u = await seedUser(t, { role: 'viewer' });
    for (let i = 0; i < 3; i++) {
      expect((await signInReq(u.email, 'bad-password-xx', `10.0.2.${i}`)).statusCode).toBe(401);
    }
    // Even the right password is refused now, from another address.
    const res = await signInReq(u.email, u.password, '10.0.2.50');
    expect(res.statusCode).toBe(429);
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    expect(res.json()).toMatchObject({ status: 429, code: 'LIMIT_EXCEEDED' });
    const row = await db()
      .selectFrom('users')
      .select(['locked_until'])
      .where('id', '=', u.userId)
      .executeTakeFirstOrThrow();
    expect(row.locked_until!.getTime()).toBeGreaterThan(Date.now());
    // Unknown emails are limited the same way (no enumeration through the limit).
    for (let i = 0; i < 3; i++)
      await signInReq('ghost@example.test', 'bad-password-xx', `10.0.3.${i}`);
    expect((await signInReq('ghost@example.test', 'bad-password-xx', '10.0.3.50')).statusCode).toBe(
      429,
    );
  });

  it('rate limits failed sign-ins per IP address', async () => {
    const ip = '10.0.4.4';
    for (let i = 0; i < 3; i++) await signInReq(`nobody${i}@example.test`, 'bad-password-xx', ip);
    const u = await seedUser(t, { role: 'viewer' });
    const res = await signInReq(u.email, u.password, ip);
    expect(res.statusCode).toBe(429);
    expect(res.headers['retry-after']).toBeDefined();
    expect((await signInReq(u.email, u.password, '10.0.4.5')).statusCode).toBe(200);
  });

  it('signs out: revokes the session, clears the cookie, audits it', async () => {
    const u = await seedUser(t, { role: 'analyst' });
    const cookie = await signIn(t.app, u.email, u.password);
    const out = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/sign-out',
      headers: { cookie },
    });
    expect(out.statusCode).toBe(204);
    expect(out.cookies.find((c) => c.name === 'pharos_session')?.value).toBe('');
    const again = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie } });
    expect(again.statusCode).toBe(401);
    expect(again.headers['www-authenticate']).toContain('Bearer');
    const s = await db()
      .selectFrom('sessions')
      .selectAll()
      .where('user_id', '=', u.userId)
      .executeTakeFirstOrThrow();
    expect(s).toMatchObject({ is_active: false, revoked_reason: 'sign_out' });
    const ev = await db()
      .selectFrom('audit_events')
      .selectAll()
      .where('action', '=', 'auth.sign_out')
      .where('user_id', '=', u.userId)
      .execute();
    expect(ev).toHaveLength(1);
  });

  it('ends idle sessions and sessions past the absolute cap', async () => {
    const u = await seedUser(t, { role: 'viewer' });
    const idle = await signIn(t.app, u.email, u.password);
    const capped = await signIn(t.app, u.email, u.password);
    const [s1, s2] = await db()
      .selectFrom('sessions')
      .select(['id'])
      .where('user_id', '=', u.userId)
      .orderBy('created_at')
      .execute();
    await db()
      .updateTable('sessions')
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where('id', '=', s1!.id)
      .execute();
    await db()
      .updateTable('sessions')
      .set({ created_at: new Date(Date.now() - 15 * 86_400_000) })
      .where('id', '=', s2!.id)
      .execute();
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: idle } }))
        .statusCode,
    ).toBe(401);
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: capped } }))
        .statusCode,
    ).toBe(401);
  });

  it('slides the idle expiry at most once a minute', async () => {
    const u = await seedUser(t, { role: 'viewer' });
    const cookie = await signIn(t.app, u.email, u.password);
    const old = new Date(Date.now() - 5 * 60_000);
    await db()
      .updateTable('sessions')
      .set({ last_activity: old, expires_at: new Date(Date.now() + 60_000) })
      .where('user_id', '=', u.userId)
      .execute();
    await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie } });
    const s = await db()
      .selectFrom('sessions')
      .selectAll()
      .where('user_id', '=', u.userId)
      .executeTakeFirstOrThrow();
    expect(s.last_activity.getTime()).toBeGreaterThan(old.getTime());
    expect(s.expires_at.getTime()).toBeGreaterThan(Date.now() + 11 * 3_600_000);
    await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie } });
    const s2 = await db()
      .selectFrom('sessions')
      .selectAll()
      .where('user_id', '=', u.userId)
      .executeTakeFirstOrThrow();
    expect(s2.last_activity.getTime()).toBe(s.last_activity.getTime());
  });

  it('lists and revokes own sessions; others cannot revoke them', async () => {
    const u = await seedUser(t, { role: 'developer' });
    const other = await seedUser(t, { role: 'developer' });
    const c1 = await signIn(t.app, u.email, u.password);
    const c2 = await signIn(t.app, u.email, u.password);
    const oc = await signIn(t.app, other.email, other.password);
    const list = await t.app.inject({
      method: 'GET',
      url: '/api/v1/sessions',
      headers: { cookie: c1 },
    });
    expect(list.statusCode).toBe(200);
    const items = list.json().items as Array<{ id: string; current: boolean }>;
    expect(items).toHaveLength(2);
    const notCurrent = items.find((s) => !s.current)!;
    const denied = await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/sessions/${notCurrent.id}`,
      headers: { cookie: oc },
    });
    expect(denied.statusCode).toBe(404);
    const del = await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/sessions/${notCurrent.id}`,
      headers: { cookie: c1 },
    });
    expect(del.statusCode).toBe(204);
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: c2 } }))
        .statusCode,
    ).toBe(401);
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: c1 } }))
        .statusCode,
    ).toBe(200);
  });

  it('refuses a garbage cookie and unauthenticated calls with a problem body', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/v1/me',
      headers: { cookie: 'pharos_session=nope' },
    });
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe('UNAUTHORIZED');
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/me' })).statusCode).toBe(401);
  });
});
