import type { ApiKeyScope } from '@pharos/contracts';
import { withTransaction, type Ctx } from '../../db/context.ts';
import { AppError, invalid } from '../../platform/errors.ts';
import { recordAudit } from '../audit/index.ts';
import { actorUserId, orgIdOf } from './actor.ts';
import { generateApiKey, toApiKeyView, type ApiKeyView } from './api-key-format.ts';
import { normalizeCidr } from './ip-allowlist.ts';
import { countExistingProjects, findMemberRole } from './repository.ts';
import { insertApiKey } from './repository-sessions.ts';

export interface CreateApiKeyInput {
  name: string;
  scopes: ApiKeyScope[];
  expiresAt?: Date | null;
  allowedIps?: string[] | null;
  rateLimit?: number | null;
  projectIds?: number[] | null;
  /** Owner; defaults to the caller. System callers (CLI) must name one. */
  ownerUserId?: string;
}

/**
 * Creates an API key owned by a user of the organization and returns its text once. A key
 * acts with its owner's current role intersected with its scopes; a key cannot mint a key with
 * scopes it does not have itself.
 */
export async function createApiKey({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: CreateApiKeyInput;
}): Promise<{ key: string; apiKey: ApiKeyView }> {
  const orgId = orgIdOf(ctx);
  const ownerId = input.ownerUserId ?? actorUserId(ctx);
  const a = ctx.actor;
  if (a.type === 'api_key' && !a.scopes.includes('admin')) {
    const extra = input.scopes.filter((s) => !a.scopes.includes(s));
    if (extra.length) {
      throw new AppError(
        'FORBIDDEN',
        `This API key cannot grant scopes it lacks: ${extra.join(', ')}.`,
      );
    }
  }
  if (input.expiresAt && input.expiresAt.getTime() <= Date.now()) {
    throw invalid('expires_at must be in the future', [
      { path: 'body.expires_at', message: 'must be in the future' },
    ]);
  }
  let allowedIps: string[] | null = null;
  if (input.allowedIps?.length) {
    allowedIps = [];
    for (const [i, c] of input.allowedIps.entries()) {
      const n = normalizeCidr(c);
      if (!n)
        throw invalid(`allowed_ips[${i}] is not an IP address or CIDR`, [
          { path: `body.allowed_ips.${i}`, message: 'must be an IP address or CIDR' },
        ]);
      allowedIps.push(n);
    }
  }
  const { key, prefix, hash } = generateApiKey();
  return withTransaction(ctx, async (tx) => {
    if (!(await findMemberRole(tx, orgId, ownerId))) {
      throw invalid('The owner of the key must be a member of the organization.');
    }
    const projectIds = input.projectIds?.length ? input.projectIds : null;
    if (projectIds && (await countExistingProjects(tx, orgId, projectIds)) !== projectIds.length) {
      throw invalid('project_ids names a project that does not exist in this organization', [
        { path: 'body.project_ids', message: 'unknown project' },
      ]);
    }
    const row = await insertApiKey(tx, {
      orgId,
      userId: ownerId,
      teamId: null,
      name: input.name,
      prefix,
      hash,
      scopes: [...new Set(input.scopes)],
      projectIds,
      rateLimit: input.rateLimit ?? null,
      allowedIps,
      expiresAt: input.expiresAt ?? null,
      createdBy: a.type === 'user' || a.type === 'api_key' ? a.userId : ownerId,
    });
    const view = toApiKeyView(row);
    await recordAudit(tx, {
      action: 'api_key.create',
      resourceType: 'api_key',
      resourceId: row.id,
      resourceName: row.name,
      after: view,
    });
    return { key, apiKey: view };
  });
}
