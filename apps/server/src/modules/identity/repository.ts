// Organizations, projects, users, memberships, MFA backup codes and sign-in failure counts.
// Reads by a system ctx outside a transaction run as the connecting role (no row-level security):
// the resolver and sign-in must find a user or session before they know its organization.
import { sql } from 'kysely';
import type { Role } from '@pharos/contracts';
import { txOf, type Ctx } from '../../db/context.ts';

/** The executor for ctx: its transaction, or the pool for an unscoped system read. */
export function exec(ctx: Ctx) {
  if (ctx.tx) return ctx.tx;
  if (ctx.actor.type === 'system' && !ctx.orgId) return ctx.db;
  return txOf(ctx);
}

const USER_COLUMNS = [
  'users.id',
  'users.org_id',
  'users.email',
  'users.name',
  'users.is_active',
  'users.must_change_password',
  'users.mfa_enabled',
  'users.last_login',
  'users.preferences',
  'users.created_at',
] as const;

export interface UserRow {
  id: string;
  org_id: string;
  email: string;
  name: string;
  is_active: boolean;
  must_change_password: boolean;
  mfa_enabled: boolean;
  last_login: Date | null;
  preferences: Record<string, unknown>;
  created_at: Date;
}

export async function findUserById(ctx: Ctx, id: string): Promise<UserRow | undefined> {
  return exec(ctx)
    .selectFrom('users')
    .select(USER_COLUMNS)
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
}

/** Everything sign-in needs, secrets included; never hand this row to a response or audit. */
export async function findUserWithSecrets(ctx: Ctx, by: { email: string } | { id: string }) {
  const q = exec(ctx)
    .selectFrom('users')
    .select([
      ...USER_COLUMNS,
      'users.password_hash',
      'users.mfa_secret_enc',
      'users.mfa_pending_secret_enc',
      'users.locked_until',
      'users.metadata',
    ])
    .where('deleted_at', 'is', null);
  return 'email' in by
    ? q.where(sql<string>`lower(email)`, '=', by.email.toLowerCase()).executeTakeFirst()
    : q.where('id', '=', by.id).executeTakeFirst();
}

export async function emailTaken(ctx: Ctx, email: string): Promise<boolean> {
  const r = await exec(ctx)
    .selectFrom('users')
    .select('id')
    .where(sql<string>`lower(email)`, '=', email.toLowerCase())
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  return Boolean(r);
}

export async function insertUser(
  ctx: Ctx,
  row: { orgId: string; email: string; name: string; passwordHash: string; mustChange: boolean },
): Promise<UserRow> {
  const { id } = await txOf(ctx)
    .insertInto('users')
    .values({
      org_id: row.orgId,
      email: row.email,
      name: row.name,
      password_hash: row.passwordHash,
      must_change_password: row.mustChange,
      preferences: '{}',
      metadata: '{}',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return (await findUserById(ctx, id))!;
}

export async function updateUser(
  ctx: Ctx,
  id: string,
  patch: {
    name?: string;
    is_active?: boolean;
    preferences?: Record<string, unknown>;
    password_hash?: string;
    must_change_password?: boolean;
    deleted_at?: Date;
    last_login?: Date;
    failed_login_count?: number;
    locked_until?: Date | null;
  },
): Promise<void> {
  const { preferences, ...rest } = patch;
  await txOf(ctx)
    .updateTable('users')
    .set({ ...rest, ...(preferences ? { preferences: JSON.stringify(preferences) } : {}) })
    .where('id', '=', id)
    .execute();
}

/** MFA columns; `lastStep` is the last accepted TOTP step (replay protection) in metadata. */
export async function updateUserMfa(
  ctx: Ctx,
  id: string,
  patch: {
    mfa_enabled?: boolean;
    mfa_method?: string | null;
    mfa_secret_enc?: string | null;
    mfa_pending_secret_enc?: string | null;
    lastStep?: number | null;
  },
): Promise<void> {
  const { lastStep, ...cols } = patch;
  let q = txOf(ctx).updateTable('users').set(cols).where('id', '=', id);
  if (lastStep !== undefined) {
    q = q.set({
      metadata:
        lastStep === null
          ? sql`metadata - 'totp_last_step'`
          : sql`jsonb_set(metadata, '{totp_last_step}', to_jsonb(${lastStep}::bigint))`,
    });
  }
  await q.execute();
}

/**
 * Records a TOTP step as used unless an equal or later one already was; false means replay.
 * The conditional update makes two concurrent uses of one code accept only one.
 */
export async function claimTotpStep(ctx: Ctx, userId: string, step: number): Promise<boolean> {
  const r = await txOf(ctx)
    .updateTable('users')
    .set({ metadata: sql`jsonb_set(metadata, '{totp_last_step}', to_jsonb(${step}::bigint))` })
    .where('id', '=', userId)
    .where(sql<boolean>`coalesce((metadata->>'totp_last_step')::bigint, -1) < ${step}`)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function replaceBackupCodes(
  ctx: Ctx,
  orgId: string,
  userId: string,
  hashes: Buffer[],
): Promise<void> {
  const tx = txOf(ctx);
  await tx.deleteFrom('mfa_backup_codes').where('user_id', '=', userId).execute();
  if (hashes.length) {
    await tx
      .insertInto('mfa_backup_codes')
      .values(hashes.map((h) => ({ org_id: orgId, user_id: userId, code_hash: h })))
      .execute();
  }
}

/** Marks an unused backup code used; false when no such unused code exists. */
export async function useBackupCode(ctx: Ctx, userId: string, hash: Buffer): Promise<boolean> {
  const r = await txOf(ctx)
    .updateTable('mfa_backup_codes')
    .set({ used_at: new Date() })
    .where('user_id', '=', userId)
    .where('code_hash', '=', hash)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

// Organizations, memberships, projects ----------------------------------------------------------

export async function findOrg(ctx: Ctx, by: { id: string } | { slug: string }) {
  const q = exec(ctx)
    .selectFrom('organizations')
    .select(['id', 'slug', 'name', 'created_at'])
    .where('deleted_at', 'is', null);
  return 'id' in by
    ? q.where('id', '=', by.id).executeTakeFirst()
    : q.where('slug', '=', by.slug).executeTakeFirst();
}

/** The oldest organization: where events about no known organization are recorded. */
export async function findInstallationOrg(ctx: Ctx) {
  return exec(ctx)
    .selectFrom('organizations')
    .select(['id', 'slug', 'name'])
    .where('deleted_at', 'is', null)
    .orderBy('created_at')
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
}

export async function listMemberships(ctx: Ctx, userId: string) {
  return exec(ctx)
    .selectFrom('org_members as m')
    .innerJoin('organizations as o', 'o.id', 'm.org_id')
    .select(['o.id', 'o.slug', 'o.name', 'm.role', 'm.created_at'])
    .where('m.user_id', '=', userId)
    .where('o.deleted_at', 'is', null)
    .orderBy('m.created_at')
    .execute();
}

export async function findMemberRole(ctx: Ctx, orgId: string, userId: string) {
  const r = await exec(ctx)
    .selectFrom('org_members')
    .select('role')
    .where('org_id', '=', orgId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return r ? (r.role as Role) : null;
}

export async function upsertMember(ctx: Ctx, orgId: string, userId: string, role: Role) {
  await txOf(ctx)
    .insertInto('org_members')
    .values({ org_id: orgId, user_id: userId, role })
    .onConflict((oc) => oc.columns(['org_id', 'user_id']).doUpdateSet({ role }))
    .execute();
}

export async function deleteMember(ctx: Ctx, orgId: string, userId: string) {
  await txOf(ctx)
    .deleteFrom('org_members')
    .where('org_id', '=', orgId)
    .where('user_id', '=', userId)
    .execute();
}

/**
 * Active admins of an organization, locking their membership rows so two concurrent demotions
 * cannot both see "another admin remains".
 */
export async function lockActiveAdmins(ctx: Ctx, orgId: string): Promise<string[]> {
  const rows = await txOf(ctx)
    .selectFrom('org_members as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select('m.user_id')
    .where('m.org_id', '=', orgId)
    .where('m.role', '=', 'admin')
    .where('u.is_active', '=', true)
    .where('u.deleted_at', 'is', null)
    .forUpdate('m')
    .execute();
  return rows.map((r) => r.user_id);
}

export async function listOrgUsers(
  ctx: Ctx,
  orgId: string,
  opts: { q?: string; limit: number; offset: number },
) {
  let q = txOf(ctx)
    .selectFrom('org_members as m')
    .innerJoin('users', 'users.id', 'm.user_id')
    .select([...USER_COLUMNS, 'm.role'])
    .where('m.org_id', '=', orgId)
    .where('users.deleted_at', 'is', null);
  if (opts.q) {
    const like = `%${opts.q.replace(/[\\%_]/g, (c) => '\\' + c)}%`;
    q = q.where((eb) => eb.or([eb('users.email', 'ilike', like), eb('users.name', 'ilike', like)]));
  }
  return q.orderBy('users.email').limit(opts.limit).offset(opts.offset).execute();
}

export async function firstAdmin(ctx: Ctx, orgId: string) {
  return exec(ctx)
    .selectFrom('org_members as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select(['u.id', 'u.email'])
    .where('m.org_id', '=', orgId)
    .where('m.role', '=', 'admin')
    .where('u.is_active', '=', true)
    .where('u.deleted_at', 'is', null)
    .orderBy('m.created_at')
    .limit(1)
    .executeTakeFirst();
}

export async function listProjects(ctx: Ctx, orgId: string) {
  return txOf(ctx)
    .selectFrom('projects')
    .select(['id', 'slug', 'name', 'platform', 'created_at'])
    .where('org_id', '=', orgId)
    .where('deleted_at', 'is', null)
    .orderBy('id')
    .execute();
}

export async function countExistingProjects(ctx: Ctx, orgId: string, ids: number[]) {
  if (!ids.length) return 0;
  const r = await txOf(ctx)
    .selectFrom('projects')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('org_id', '=', orgId)
    .where('id', 'in', ids)
    .where('deleted_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

// First run -------------------------------------------------------------------------------------

/** Serializes first-run set-up across processes for the rest of the transaction. */
export async function lockFirstRun(ctx: Ctx): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(hashtext('pharos.identity.first_run'))`.execute(txOf(ctx));
}

export async function anyOrganization(ctx: Ctx): Promise<boolean> {
  const r = await txOf(ctx).selectFrom('organizations').select('id').limit(1).executeTakeFirst();
  return Boolean(r);
}

export async function insertOrganization(ctx: Ctx, slug: string, name: string) {
  return txOf(ctx)
    .insertInto('organizations')
    .values({ slug, name, settings: '{}' })
    .returning(['id', 'slug', 'name'])
    .executeTakeFirstOrThrow();
}

/** Inserts a project with an explicit id and moves the identity sequence past it. */
export async function insertProjectWithId(
  ctx: Ctx,
  p: { id: number; orgId: string; slug: string; name: string },
) {
  const tx = txOf(ctx);
  await tx
    .insertInto('projects')
    .values({ id: p.id, org_id: p.orgId, slug: p.slug, name: p.name, settings: '{}' })
    .execute();
  await sql`SELECT setval(pg_get_serial_sequence('projects', 'id'), (SELECT max(id) FROM projects))`.execute(
    tx,
  );
}

// Sign-in failures ------------------------------------------------------------------------------

export interface FailureWindow {
  count: number;
  oldest: Date | null;
}

/**
 * Failed sign-ins since a time, per email and per IP, counted from the audit trail (every
 * failure is an `auth.sign_in` failure event); refusals for being rate limited do not count.
 */
export async function countSignInFailures(
  ctx: Ctx,
  opts: { email: string; ip: string | null; since: Date },
): Promise<{ byEmail: FailureWindow; byIp: FailureWindow }> {
  const email = opts.email.toLowerCase();
  const ipMatch = opts.ip ? sql<boolean>`ip_address = ${opts.ip}::inet` : sql<boolean>`false`;
  const r = await sql<{
    email_n: number;
    email_oldest: Date | null;
    ip_n: number;
    ip_oldest: Date | null;
  }>`
    SELECT count(*) FILTER (WHERE lower(user_email) = ${email})::int AS email_n,
           min(occurred_at) FILTER (WHERE lower(user_email) = ${email}) AS email_oldest,
           count(*) FILTER (WHERE ${ipMatch})::int AS ip_n,
           min(occurred_at) FILTER (WHERE ${ipMatch}) AS ip_oldest
      FROM audit_events
     WHERE action = 'auth.sign_in' AND outcome = 'failure'
       AND occurred_at > ${opts.since}
       AND failure_reason IS DISTINCT FROM 'rate_limited'
       AND (lower(user_email) = ${email} OR ${ipMatch})`.execute(exec(ctx));
  const row = r.rows[0];
  return {
    byEmail: { count: row?.email_n ?? 0, oldest: row?.email_oldest ?? null },
    byIp: { count: row?.ip_n ?? 0, oldest: row?.ip_oldest ?? null },
  };
}
