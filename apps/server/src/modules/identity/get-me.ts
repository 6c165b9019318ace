import type { Role } from '@pharos/contracts';
import { withTransaction, type Ctx } from '../../db/context.ts';
import { notFound } from '../../platform/errors.ts';
import { actorUserId, orgIdOf } from './actor.ts';
import { findOrg, findUserById } from './repository.ts';
import type { Me } from './schemas.ts';

/** The caller's own profile in the current organization. */
export async function getMe({ ctx }: { ctx: Ctx }): Promise<Me> {
  const userId = actorUserId(ctx);
  return withTransaction(ctx, async (tx) => {
    const user = await findUserById(tx, userId);
    const org = await findOrg(tx, { id: orgIdOf(ctx) });
    if (!user || !org) throw notFound('User');
    const a = ctx.actor;
    return {
      id: user.id,
      email: user.email,
      name: user.name,
      role: (a.type === 'user' || a.type === 'api_key' ? a.role : 'viewer') as Role,
      organization: { id: org.id, slug: org.slug, name: org.name },
      mfa_enabled: user.mfa_enabled,
      must_change_password: user.must_change_password,
      preferences: user.preferences,
      last_login: user.last_login?.toISOString() ?? null,
      created_at: user.created_at.toISOString(),
      auth: a.type === 'api_key' ? 'api_key' : 'session',
    };
  });
}
