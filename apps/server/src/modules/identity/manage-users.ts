import type { Role } from '@pharos/contracts';
import { invalidateApiKeyCache } from './api-key-cache.ts';
import { systemCtx, withTransaction, type Ctx, type TxCtx } from '../../db/context.ts';
import { conflict, forbidden, notFound } from '../../platform/errors.ts';
import { recordAudit } from '../audit/index.ts';
import { orgIdOf } from './actor.ts';
import {
  deleteMember,
  findMemberRole,
  findUserById,
  listOrgUsers,
  lockActiveAdmins,
  updateUser,
  upsertMember,
} from './repository.ts';
import { revokeSessions } from './repository-sessions.ts';
import { toUserView, type UserView } from './user-view.ts';

async function loadMember(tx: TxCtx, id: string) {
  const orgId = orgIdOf(tx);
  const role = await findMemberRole(tx, orgId, id);
  const user = role ? await findUserById(tx, id) : undefined;
  if (!role || !user) throw notFound('User');
  return { user, role, orgId };
}

/** 409 when the change would leave the organization without an active admin. */
async function assertNotLastAdmin(tx: TxCtx, orgId: string, userId: string) {
  const admins = await lockActiveAdmins(tx, orgId);
  if (admins.includes(userId) && admins.length === 1) {
    throw conflict('This is the last active admin of the organization; make another admin first.');
  }
}

/** Users of the current organization with their role. */
export async function listUsers({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { q?: string; limit: number; offset: number };
}): Promise<UserView[]> {
  const rows = await withTransaction(ctx, (tx) => listOrgUsers(tx, orgIdOf(ctx), input));
  return rows.map((r) => toUserView(r, r.role));
}

/**
 * Changes a member's role (per organization) or name / active flag (per user, so only from
 * the user's home organization). Deactivating revokes their sessions everywhere.
 */
export async function updateOrgUser({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { id: string; name?: string; role?: Role; is_active?: boolean };
}): Promise<UserView> {
  const view = await withTransaction(ctx, async (tx) => {
    const { user, role, orgId } = await loadMember(tx, input.id);
    const userLevel = input.name !== undefined || input.is_active !== undefined;
    if (userLevel && user.org_id !== orgId) {
      throw forbidden("A user's name and active flag are managed by their home organization.");
    }
    const demotes = input.role !== undefined && input.role !== 'admin' && role === 'admin';
    if (demotes || (input.is_active === false && user.is_active)) {
      await assertNotLastAdmin(tx, orgId, user.id);
    }
    const before = toUserView(user, role);
    if (input.role && input.role !== role) {
      await upsertMember(tx, orgId, user.id, input.role);
    }
    if (userLevel) {
      await updateUser(tx, user.id, {
        ...(input.name !== undefined ? { name: input.name } : {}),
        ...(input.is_active !== undefined ? { is_active: input.is_active } : {}),
      });
    }
    if (input.is_active === false)
      await revokeSessions(tx, { userId: user.id }, 'user_deactivated');
    const after = toUserView((await findUserById(tx, user.id))!, input.role ?? role);
    await recordAudit(tx, {
      action: 'user.update',
      resourceType: 'user',
      resourceId: user.id,
      resourceName: user.email,
      before,
      after,
    });
    return after;
  });
  if (input.is_active === false) {
    await withTransaction(systemCtx(ctx.db, 'identity.users'), (tx) =>
      revokeSessions(tx, { userId: input.id }, 'user_deactivated'),
    );
  }
  // A deactivated owner's keys stop, a changed role changes what they may do: now.
  if (input.is_active !== undefined || input.role !== undefined) invalidateApiKeyCache();
  return view;
}

/**
 * Removes a user from the organization; in their home organization this soft-deletes the user
 * (email freed, sessions revoked, keys stop working).
 */
export async function deleteOrgUser({ ctx, input }: { ctx: Ctx; input: { id: string } }) {
  const softDeleted = await withTransaction(ctx, async (tx) => {
    const { user, role, orgId } = await loadMember(tx, input.id);
    if (role === 'admin') await assertNotLastAdmin(tx, orgId, user.id);
    const home = user.org_id === orgId;
    await deleteMember(tx, orgId, user.id);
    if (home) await updateUser(tx, user.id, { deleted_at: new Date(), is_active: false });
    await revokeSessions(tx, { userId: user.id }, home ? 'user_deleted' : 'removed_from_org');
    await recordAudit(tx, {
      action: 'user.delete',
      resourceType: 'user',
      resourceId: user.id,
      resourceName: user.email,
      before: toUserView(user, role),
      after: null,
      metadata: { soft_deleted: home },
    });
    return home;
  });
  if (softDeleted) {
    await withTransaction(systemCtx(ctx.db, 'identity.users'), (tx) =>
      revokeSessions(tx, { userId: input.id }, 'user_deleted'),
    );
  }
  invalidateApiKeyCache(); // their keys stop now
}
