import type { Role } from '@pharos/contracts';
import { withTransaction, type Ctx } from '../../db/context.ts';
import { randomReadable } from '../../lib/crypto.ts';
import { conflict } from '../../platform/errors.ts';
import { recordAudit } from '../audit/index.ts';
import { isUniqueViolation, orgIdOf } from './actor.ts';
import { hashPassword } from './passwords.ts';
import { emailTaken, insertUser, upsertMember } from './repository.ts';
import { toUserView, type UserView } from './user-view.ts';

/**
 * Creates a user in the current organization with a role. Without a password one is generated
 * and returned once; either way the user must change it at first sign-in unless `mustChange`
 * is false (the CLI, where the admin chose their own password).
 */
export async function createUser({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { email: string; name?: string; role: Role; password?: string; mustChange?: boolean };
}): Promise<{ user: UserView; oneTimePassword: string | null }> {
  const orgId = orgIdOf(ctx);
  const email = input.email.trim().toLowerCase();
  const oneTimePassword = input.password ? null : randomReadable(20);
  const passwordHash = await hashPassword(input.password ?? oneTimePassword!);
  try {
    return await withTransaction(ctx, async (tx) => {
      if (await emailTaken(tx, email)) throw conflict('A user with this email already exists.');
      const row = await insertUser(tx, {
        orgId,
        email,
        name: input.name ?? '',
        passwordHash,
        mustChange: input.mustChange ?? true,
      });
      await upsertMember(tx, orgId, row.id, input.role);
      const user = toUserView(row, input.role);
      await recordAudit(tx, {
        action: 'user.create',
        resourceType: 'user',
        resourceId: row.id,
        resourceName: email,
        after: user,
      });
      return { user, oneTimePassword };
    });
  } catch (err) {
    // emailTaken cannot see users of other organizations under row-level security.
    if (isUniqueViolation(err)) throw conflict('A user with this email already exists.');
    throw err;
  }
}
