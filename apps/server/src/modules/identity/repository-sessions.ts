// Sessions and API keys: only SHA-256 hashes of their secrets are ever written or compared.
import { txOf, type Ctx } from '../../db/context.ts';
import { exec } from './repository.ts';

export async function insertSession(
  ctx: Ctx,
  s: {
    id: string;
    orgId: string;
    userId: string;
    tokenHash: Buffer;
    expiresAt: Date;
    ip: string | null;
    userAgent: string | null;
  },
) {
  return txOf(ctx)
    .insertInto('sessions')
    .values({
      id: s.id,
      org_id: s.orgId,
      user_id: s.userId,
      token_hash: s.tokenHash,
      expires_at: s.expiresAt,
      ip_address: s.ip,
      user_agent: s.userAgent?.slice(0, 500) ?? null,
    })
    .returning(['id', 'created_at', 'expires_at'])
    .executeTakeFirstOrThrow();
}

/** The live session behind a token hash with its user and membership, for the resolver. */
export async function findSessionByTokenHash(ctx: Ctx, tokenHash: Buffer) {
  return exec(ctx)
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .leftJoin('org_members as m', (j) =>
      j.onRef('m.org_id', '=', 's.org_id').onRef('m.user_id', '=', 's.user_id'),
    )
    .select([
      's.id',
      's.org_id',
      's.user_id',
      's.expires_at',
      's.created_at',
      's.last_activity',
      'u.email',
      'u.is_active as user_active',
      'u.deleted_at as user_deleted_at',
      'u.must_change_password',
      'm.role',
    ])
    .where('s.token_hash', '=', tokenHash)
    .where('s.is_active', '=', true)
    .where('s.revoked_at', 'is', null)
    .executeTakeFirst();
}

/** Slides the idle expiry; the guard on last_activity keeps it to one write a minute. */
export async function touchSession(ctx: Ctx, id: string, now: Date, expiresAt: Date) {
  await exec(ctx)
    .updateTable('sessions')
    .set({ last_activity: now, expires_at: expiresAt })
    .where('id', '=', id)
    .where('last_activity', '<', new Date(now.getTime() - 60_000))
    .execute();
}

export async function listUserSessions(ctx: Ctx, userId: string) {
  return txOf(ctx)
    .selectFrom('sessions')
    .select([
      'id',
      'ip_address',
      'user_agent',
      'created_at',
      'last_activity',
      'expires_at',
      'is_active',
    ])
    .where('user_id', '=', userId)
    .where('is_active', '=', true)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', new Date())
    .orderBy('last_activity', 'desc')
    .limit(200)
    .execute();
}

export async function findSession(ctx: Ctx, id: string) {
  return txOf(ctx)
    .selectFrom('sessions')
    .select(['id', 'user_id', 'org_id', 'is_active', 'revoked_at'])
    .where('id', '=', id)
    .executeTakeFirst();
}

/** Revokes sessions (one, or all of a user's except one); returns how many were live. */
export async function revokeSessions(
  ctx: Ctx,
  where: { id: string } | { userId: string; exceptId?: string | null },
  reason: string,
): Promise<number> {
  let q = exec(ctx)
    .updateTable('sessions')
    .set({ is_active: false, revoked_at: new Date(), revoked_reason: reason })
    .where('is_active', '=', true);
  if ('id' in where) q = q.where('id', '=', where.id);
  else {
    q = q.where('user_id', '=', where.userId);
    if (where.exceptId) q = q.where('id', '<>', where.exceptId);
  }
  const r = await q.executeTakeFirst();
  return Number(r.numUpdatedRows);
}

// API keys --------------------------------------------------------------------------------------

const KEY_COLUMNS = [
  'k.id',
  'k.org_id',
  'k.user_id',
  'k.team_id',
  'k.name',
  'k.key_prefix',
  'k.scopes',
  'k.project_ids',
  'k.rate_limit',
  'k.allowed_ips',
  'k.last_used_at',
  'k.usage_count',
  'k.expires_at',
  'k.is_active',
  'k.revoked_at',
  'k.revoked_reason',
  'k.created_by',
  'k.created_at',
] as const;

export async function insertApiKey(
  ctx: Ctx,
  k: {
    orgId: string;
    userId: string | null;
    teamId: string | null;
    name: string;
    prefix: string;
    hash: Buffer;
    scopes: string[];
    projectIds: number[] | null;
    rateLimit: number | null;
    allowedIps: string[] | null;
    expiresAt: Date | null;
    createdBy: string | null;
  },
) {
  const { id } = await txOf(ctx)
    .insertInto('api_keys')
    .values({
      org_id: k.orgId,
      user_id: k.userId,
      team_id: k.teamId,
      name: k.name,
      key_prefix: k.prefix,
      key_hash: k.hash,
      scopes: k.scopes,
      project_ids: k.projectIds,
      rate_limit: k.rateLimit,
      allowed_ips: k.allowedIps,
      expires_at: k.expiresAt,
      created_by: k.createdBy,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return (await findApiKey(ctx, id))!;
}

export async function findApiKey(ctx: Ctx, id: string) {
  return txOf(ctx)
    .selectFrom('api_keys as k')
    .select(KEY_COLUMNS)
    .where('k.id', '=', id)
    .executeTakeFirst();
}

export async function listApiKeys(ctx: Ctx, orgId: string, ownerId: string | null) {
  let q = txOf(ctx).selectFrom('api_keys as k').select(KEY_COLUMNS).where('k.org_id', '=', orgId);
  if (ownerId) q = q.where('k.user_id', '=', ownerId);
  return q.orderBy('k.created_at', 'desc').limit(500).execute();
}

export async function revokeApiKey(ctx: Ctx, id: string, reason: string) {
  await txOf(ctx)
    .updateTable('api_keys')
    .set({ is_active: false, revoked_at: new Date(), revoked_reason: reason })
    .where('id', '=', id)
    .where('is_active', '=', true)
    .execute();
}

/**
 * A key by the hash of its full text, with the user it acts for: its owner, or for a team key
 * the user who created it.
 */
export async function findApiKeyByHash(ctx: Ctx, hash: Buffer) {
  return exec(ctx)
    .selectFrom('api_keys as k')
    .leftJoin('users as u', (j) =>
      j.on((eb) => eb('u.id', '=', eb.fn.coalesce('k.user_id', 'k.created_by'))),
    )
    .leftJoin('org_members as m', (j) =>
      j.onRef('m.org_id', '=', 'k.org_id').onRef('m.user_id', '=', 'u.id'),
    )
    .select([
      ...KEY_COLUMNS,
      'u.id as actor_user_id',
      'u.email',
      'u.is_active as user_active',
      'u.deleted_at as user_deleted_at',
      'm.role',
    ])
    .where('k.key_hash', '=', hash)
    .executeTakeFirst();
}

/** Adds batched usage of a key (count, last time and address). */
export async function addApiKeyUsage(
  ctx: Ctx,
  id: string,
  u: { count: number; lastUsedAt: Date; lastIp: string | null },
) {
  await exec(ctx)
    .updateTable('api_keys')
    .set((eb) => ({
      usage_count: eb('usage_count', '+', u.count),
      last_used_at: eb.fn<Date>('greatest', ['last_used_at', eb.val(u.lastUsedAt)]),
      last_used_ip: u.lastIp,
    }))
    .where('id', '=', id)
    .execute();
}
