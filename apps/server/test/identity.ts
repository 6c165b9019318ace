// Identity helpers for integration tests: organizations, users, sign-in cookies and API keys.
import { randomBytes } from 'node:crypto';
import type { ApiKeyScope, Role } from '@pharos/contracts';
import type { App } from '../src/app.ts';
import type { Db } from '../src/db/client.ts';
import { systemCtx } from '../src/db/context.ts';
import { encryptSecret } from '../src/lib/crypto.ts';
import { generateTotpSecret } from '../src/lib/totp.ts';
import {
  createApiKey,
  createUser,
  ensureDefaultOrganization,
  SESSION_COOKIE,
  totpAad,
} from '../src/modules/identity/index.ts';
import { ensurePartitions } from '../src/db/partitions.ts';
import { createTestApp, type TestApp } from './app.ts';

/**
 * createTestApp plus today's partitions of the time-partitioned tables (audit_events), which
 * sign-in and every audited mutation need; the template database has none.
 */
export async function createIdentityTestApp(
  overrides: Record<string, string> = {},
): Promise<TestApp> {
  const t = await createTestApp(overrides);
  await ensurePartitions(t.db.handle.pool, 2);
  return t;
}

/** Creates organization `slug` (name = slug) with a project of the same slug; returns its id. */
export async function seedOrg(db: Db, slug: string): Promise<string> {
  const org = await db
    .insertInto('organizations')
    .values({ slug, name: slug, settings: '{}' })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('projects')
    .values({ org_id: org.id, slug, name: slug, settings: '{}' })
    .execute();
  return org.id;
}

/** Id of organization `default` (with project 1), created on first use as on a first start. */
export async function defaultOrgId(db: Db): Promise<string> {
  const find = () =>
    db.selectFrom('organizations').select('id').where('slug', '=', 'default').executeTakeFirst();
  let org = await find();
  if (!org) {
    await ensureDefaultOrganization(db, { createAdmin: false });
    org = await find();
  }
  return org?.id ?? seedOrg(db, 'default');
}

export interface SeededUser {
  userId: string;
  email: string;
  password: string;
  orgId: string;
  /** Base32 TOTP secret when seeded with `mfa: true` (make codes with lib/totp.ts totpCode). */
  totpSecret: string | null;
}

/**
 * Creates an active user with a role in an organization (default: `default`), with a known
 * password, no forced password change, and TOTP MFA enabled when `mfa` is true.
 */
export async function seedUser(
  t: TestApp,
  opts: {
    role: Role;
    orgId?: string;
    email?: string;
    name?: string;
    password?: string;
    mfa?: boolean;
  },
): Promise<SeededUser> {
  const db = t.db.handle.db;
  const orgId = opts.orgId ?? (await defaultOrgId(db));
  const email = opts.email ?? `user-${randomBytes(5).toString('hex')}@example.test`;
  const password = opts.password ?? `pw-${randomBytes(12).toString('hex')}`;
  const { user } = await createUser({
    ctx: systemCtx(db, 'test.seed', orgId),
    input: {
      email,
      name: opts.name ?? email.split('@')[0],
      role: opts.role,
      password,
      mustChange: false,
    },
  });
  let totpSecret: string | null = null;
  if (opts.mfa) {
    totpSecret = generateTotpSecret();
    await db
      .updateTable('users')
      .set({
        mfa_enabled: true,
        mfa_method: 'totp',
        mfa_secret_enc: encryptSecret(t.config.secretKey, totpSecret, totpAad(user.id)),
      })
      .where('id', '=', user.id)
      .execute();
  }
  return { userId: user.id, email: user.email, password, orgId, totpSecret };
}

/** Signs in with a password (no MFA) and returns the `cookie` header value to send. */
export async function signIn(app: App, email: string, password: string): Promise<string> {
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/sign-in',
    payload: { email, password },
    remoteAddress: '10.99.0.1',
  });
  if (res.statusCode !== 200) throw new Error(`signIn ${email}: ${res.statusCode} ${res.body}`);
  const c = res.cookies.find((x) => x.name === SESSION_COOKIE);
  if (!c) throw new Error(`signIn ${email}: ${res.body}`);
  return `${SESSION_COOKIE}=${c.value}`;
}

/** Seeds a user with `role` and signs them in: the user plus the cookie header value. */
export async function seedSignedInUser(
  t: TestApp,
  opts: { role: Role; orgId?: string },
): Promise<SeededUser & { cookie: string }> {
  const u = await seedUser(t, opts);
  return { ...u, cookie: await signIn(t.app, u.email, u.password) };
}

/**
 * Creates an API key and returns its text (send as `authorization: Bearer <key>`). Owner is
 * `userId`, or a new user with `role` (default admin) in `orgId` (default organization).
 */
export async function createKey(
  t: TestApp,
  opts: {
    scopes: ApiKeyScope[];
    role?: Role;
    orgId?: string;
    userId?: string;
    name?: string;
    projectIds?: number[];
    allowedIps?: string[];
    rateLimit?: number;
    expiresAt?: Date;
  },
): Promise<string> {
  const db = t.db.handle.db;
  const orgId = opts.orgId ?? (await defaultOrgId(db));
  const owner = opts.userId ?? (await seedUser(t, { role: opts.role ?? 'admin', orgId })).userId;
  const { key } = await createApiKey({
    ctx: systemCtx(db, 'test.seed', orgId),
    input: {
      name: opts.name ?? 'test key',
      scopes: opts.scopes,
      ownerUserId: owner,
      projectIds: opts.projectIds ?? null,
      allowedIps: opts.allowedIps ?? null,
      rateLimit: opts.rateLimit ?? null,
      expiresAt: opts.expiresAt ?? null,
    },
  });
  return key;
}
