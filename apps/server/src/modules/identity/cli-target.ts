import type { Db } from '../../db/client.ts';
import { systemCtx } from '../../db/context.ts';
import {
  findInstallationOrg,
  findMemberRole,
  findOrg,
  findUserWithSecrets,
  firstAdmin,
} from './repository.ts';

/**
 * What a CLI command acts on: the organization (by slug, else the oldest) and a user (by email,
 * who must be a member, else the organization's first active admin).
 */
export async function findCliTarget(
  db: Db,
  input: { orgSlug?: string; userEmail?: string },
): Promise<{ orgId: string | null; userId: string | null }> {
  const sys = systemCtx(db, 'cli');
  const org = input.orgSlug
    ? await findOrg(sys, { slug: input.orgSlug })
    : await findInstallationOrg(sys);
  if (!org) return { orgId: null, userId: null };
  if (input.userEmail) {
    const u = await findUserWithSecrets(sys, { email: input.userEmail });
    const member = u && u.is_active ? await findMemberRole(sys, org.id, u.id) : null;
    return { orgId: org.id, userId: member && u ? u.id : null };
  }
  return { orgId: org.id, userId: (await firstAdmin(sys, org.id))?.id ?? null };
}
