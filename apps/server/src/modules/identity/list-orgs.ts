import { systemCtx, withTransaction, type Ctx } from '../../db/context.ts';
import type { Role } from '@pharos/contracts';
import { actorUserId, orgIdOf } from './actor.ts';
import { listMemberships, listProjects } from './repository.ts';

/** The organizations the caller belongs to (an API key sees only its own). */
export async function listMyOrgs({ ctx }: { ctx: Ctx }) {
  const userId = actorUserId(ctx);
  const current = orgIdOf(ctx);
  const rows = await listMemberships(systemCtx(ctx.db, 'identity.list_orgs'), userId);
  return rows
    .filter((o) => ctx.actor.type === 'user' || o.id === current)
    .map((o) => ({
      id: o.id,
      slug: o.slug,
      name: o.name,
      role: o.role as Role,
      current: o.id === current,
    }));
}

/** Projects of the current organization (numbered ingest targets). */
export async function listOrgProjects({ ctx }: { ctx: Ctx }) {
  const rows = await withTransaction(ctx, (tx) => listProjects(tx, orgIdOf(ctx)));
  return rows.map((p) => ({ ...p, created_at: p.created_at.toISOString() }));
}
