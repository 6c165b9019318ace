import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../../test/app.ts';
import { createIdentityTestApp, seedUser, signIn } from '../../../test/identity.ts';
import { totpCode } from '../../lib/totp.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createIdentityTestApp({ PHAROS_SIGNIN_MAX_FAILURES: '20' });
});
afterAll(async () => {
  await t?.close();
});

const db = () => t.db.handle.db;
const post = (url: string, payload: object | undefined, cookie?: string) =>
  t.app.inject({ method: 'POST', url, payload, headers: cookie ? { cookie } : {} });
const passwordStep = async (email: string, password: string) => {
  const r = await post('/api/v1/auth/sign-in', { email, password });
  expect(r.statusCode).toBe(200);
  expect(r.json().mfa_required).toBe(true);
  expect(r.cookies).toHaveLength(0); // no session before the second step
  return r.json().challenge as string;
};

describe('MFA', () => {
  it('enrols TOTP, signs in in two steps, rejects replays, spends backup codes once', async () => {
    const u = await seedUser(t, { role: 'developer' });
    const cookie = await signIn(t.app, u.email, u.password);

    const start = await post('/api/v1/me/mfa/totp', undefined, cookie);
    expect(start.statusCode).toBe(200);
    const { secret, otpauth_uri, qr_data_url } = start.json();
    expect(otpauth_uri).toContain(`secret=${secret}`);
    expect(qr_data_url).toMatch(/^data:image\/png;base64,/);
    let row = await db()
      .selectFrom('users')
      .selectAll()
      .where('id', '=', u.userId)
      .executeTakeFirstOrThrow();
    expect(row.mfa_pending_secret_enc).toMatch(/^v1:/);
    expect(JSON.stringify(row)).not.toContain(secret);
    expect(row.mfa_enabled).toBe(false);

    expect((await post('/api/v1/me/mfa/totp/confirm', { code: '000000' }, cookie)).statusCode).toBe(
      400,
    );
    const confirm = await post('/api/v1/me/mfa/totp/confirm', { code: totpCode(secret) }, cookie);
    expect(confirm.statusCode).toBe(200);
    const codes = confirm.json().backup_codes as string[];
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    row = await db()
      .selectFrom('users')
      .selectAll()
      .where('id', '=', u.userId)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      mfa_enabled: true,
      mfa_method: 'totp',
      mfa_pending_secret_enc: null,
    });
    expect(JSON.stringify(row)).not.toContain(secret);
    const stored = await db()
      .selectFrom('mfa_backup_codes')
      .selectAll()
      .where('user_id', '=', u.userId)
      .execute();
    expect(stored).toHaveLength(10);
    const storedText = JSON.stringify(
      stored.map((s) => ({ ...s, code_hash: s.code_hash.toString('hex') })),
    );
    for (const c of codes) expect(storedText).not.toContain(c.replace('-', ''));

    // The code used to confirm cannot be used again (replay).
    let challenge = await passwordStep(u.email, u.password);
    const replay = await post('/api/v1/auth/sign-in/mfa', { challenge, code: totpCode(secret) });
    expect(replay.statusCode).toBe(401);

    // The next step's code works once.
    const next = totpCode(secret, Date.now() + 30_000);
    challenge = await passwordStep(u.email, u.password);
    const ok = await post('/api/v1/auth/sign-in/mfa', { challenge, code: next });
    expect(ok.statusCode).toBe(200);
    expect(ok.cookies.find((c) => c.name === 'pharos_session')).toBeDefined();
    challenge = await passwordStep(u.email, u.password);
    expect((await post('/api/v1/auth/sign-in/mfa', { challenge, code: next })).statusCode).toBe(
      401,
    );

    // A backup code works once, in any case and with or without its dash.
    challenge = await passwordStep(u.email, u.password);
    const b = await post('/api/v1/auth/sign-in/mfa', { challenge, code: codes[0]!.toUpperCase() });
    expect(b.statusCode).toBe(200);
    challenge = await passwordStep(u.email, u.password);
    const b2 = await post('/api/v1/auth/sign-in/mfa', {
      challenge,
      code: codes[0]!.replace('-', ''),
    });
    expect(b2.statusCode).toBe(401);
    const used = await db()
      .selectFrom('mfa_backup_codes')
      .select('used_at')
      .where('user_id', '=', u.userId)
      .where('used_at', 'is not', null)
      .execute();
    expect(used).toHaveLength(1);

    // A forged or tampered challenge is refused.
    const mid = Math.floor(challenge.length / 2);
    const forged =
      challenge.slice(0, mid) + (challenge[mid] === 'A' ? 'B' : 'A') + challenge.slice(mid + 1);
    expect(
      (await post('/api/v1/auth/sign-in/mfa', { challenge: forged, code: codes[1]! })).statusCode,
    ).toBe(401);

    // Audit rows exist and hold no secrets.
    const audit = await db()
      .selectFrom('audit_events')
      .selectAll()
      .where('user_id', '=', u.userId)
      .execute();
    const actions = audit.map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(['mfa.enroll', 'mfa.enable', 'auth.sign_in']));
    const text = JSON.stringify(audit);
    expect(text).not.toContain(secret);
    for (const c of codes) expect(text).not.toContain(c);
    expect(
      audit.filter((a) => a.failure_reason === 'invalid_mfa_code').length,
    ).toBeGreaterThanOrEqual(3);

    // Disabling needs proof.
    const sc = `pharos_session=${ok.cookies.find((c) => c.name === 'pharos_session')!.value}`;
    const bad = await t.app.inject({
      method: 'DELETE',
      url: '/api/v1/me/mfa',
      headers: { cookie: sc },
      payload: { password: 'wrong-password!!' },
    });
    expect(bad.statusCode).toBe(403);
    const off = await t.app.inject({
      method: 'DELETE',
      url: '/api/v1/me/mfa',
      headers: { cookie: sc },
      payload: { code: codes[2]! },
    });
    expect(off.statusCode).toBe(204);
    row = await db()
      .selectFrom('users')
      .selectAll()
      .where('id', '=', u.userId)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ mfa_enabled: false, mfa_secret_enc: null });
    expect(
      await db()
        .selectFrom('mfa_backup_codes')
        .selectAll()
        .where('user_id', '=', u.userId)
        .execute(),
    ).toHaveLength(0);
    expect(
      (await post('/api/v1/auth/sign-in', { email: u.email, password: u.password })).json()
        .mfa_required,
    ).toBe(false);
  });

  it('does not let an API key manage MFA', async () => {
    const u = await seedUser(t, { role: 'admin', mfa: true });
    const { createKey } = await import('../../../test/identity.ts');
    const key = await createKey(t, { scopes: ['admin'], userId: u.userId });
    const r = await t.app.inject({
      method: 'POST',
      url: '/api/v1/me/mfa/totp',
      headers: { authorization: `Bearer ${key}` },
    });
    expect(r.statusCode).toBe(403);
  });
});

describe('own account', () => {
  it('updates name and preferences with a valid timezone', async () => {
    const u = await seedUser(t, { role: 'viewer' });
    const cookie = await signIn(t.app, u.email, u.password);
    const patch = (payload: object) =>
      t.app.inject({ method: 'PATCH', url: '/api/v1/me', headers: { cookie }, payload });
    expect((await patch({ preferences: { timezone: 'Mars/Olympus' } })).statusCode).toBe(400);
    expect((await patch({ preferences: { colour: 'red' } })).statusCode).toBe(400);
    const r = await patch({
      name: 'Ada',
      preferences: { timezone: 'Europe/Paris', theme: 'dark' },
    });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({
      name: 'Ada',
      preferences: { timezone: 'Europe/Paris', theme: 'dark' },
    });
    const r2 = await patch({ preferences: { theme: 'light' } });
    expect(r2.json().preferences).toEqual({ timezone: 'Europe/Paris', theme: 'light' });
  });

  it('changes the password, revoking other sessions but not this one', async () => {
    const u = await seedUser(t, { role: 'developer' });
    const c1 = await signIn(t.app, u.email, u.password);
    const c2 = await signIn(t.app, u.email, u.password);
    const change = (current: string, next: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/me/password',
        headers: { cookie: c1 },
        payload: { current_password: current, new_password: next },
      });
    expect((await change(u.password, 'short')).statusCode).toBe(400);
    expect((await change('not-the-password', 'a-much-longer-password')).statusCode).toBe(403);
    const ok = await change(u.password, 'a-much-longer-password');
    expect(ok.statusCode).toBe(200);
    expect(ok.json().revoked_sessions).toBe(1);
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: c2 } }))
        .statusCode,
    ).toBe(401);
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: c1 } }))
        .statusCode,
    ).toBe(200);
    await signIn(t.app, u.email, 'a-much-longer-password');
    const s = await db()
      .selectFrom('sessions')
      .select('revoked_reason')
      .where('user_id', '=', u.userId)
      .where('revoked_reason', 'is not', null)
      .execute();
    expect(s.map((x) => x.revoked_reason)).toEqual(['password_change']);
  });
});
