import { withTransaction, type Ctx } from '../../db/context.ts';
import { can } from '../../platform/auth.ts';
import { actorUserId, orgIdOf } from './actor.ts';
import { toApiKeyView } from './api-key-format.ts';
import { listApiKeys as listRows } from './repository-sessions.ts';

/** The caller's keys, or every key of the organization with keys.manage. */
export async function listApiKeys({ ctx }: { ctx: Ctx }) {
  const owner = can(ctx.actor, 'keys.manage') ? null : actorUserId(ctx);
  const rows = await withTransaction(ctx, (tx) => listRows(tx, orgIdOf(ctx), owner));
  return rows.map(toApiKeyView);
}
