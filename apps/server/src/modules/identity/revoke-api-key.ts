import { withTransaction, type Ctx } from '../../db/context.ts';
import { can } from '../../platform/auth.ts';
import { notFound } from '../../platform/errors.ts';
import { recordAudit } from '../audit/index.ts';
import { actorUserId } from './actor.ts';
import { invalidateApiKeyCache } from './api-key-cache.ts';
import { toApiKeyView } from './api-key-format.ts';
import { findApiKey, revokeApiKey as revokeRow } from './repository-sessions.ts';

/** Revokes a key (own, or any in the organization with keys.manage); idempotent. */
export async function revokeApiKey({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { id: string; reason?: string };
}): Promise<void> {
  const userId = actorUserId(ctx);
  await withTransaction(ctx, async (tx) => {
    const k = await findApiKey(tx, input.id);
    if (!k || (k.user_id !== userId && !can(ctx.actor, 'keys.manage'))) throw notFound('API key');
    if (!k.is_active) return;
    const reason = input.reason ?? 'revoked';
    await revokeRow(tx, k.id, reason);
    const after = toApiKeyView((await findApiKey(tx, k.id))!);
    await recordAudit(tx, {
      action: 'api_key.revoke',
      resourceType: 'api_key',
      resourceId: k.id,
      resourceName: k.name,
      before: toApiKeyView(k),
      after,
      failureReason: null,
      metadata: { reason },
    });
  });
  // Committed: this process stops accepting the key now, others within the cache's 10 s.
  invalidateApiKeyCache();
}
