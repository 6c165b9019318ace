import { withTransaction, type Ctx } from '../../db/context.ts';
import { invalid, notFound } from '../../platform/errors.ts';
import { recordAudit } from '../audit/index.ts';
import { actorUserId } from './actor.ts';
import { findUserById, updateUser } from './repository.ts';

function validTimezone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** Updates the caller's name and preferences (merged; timezone must be an IANA zone). */
export async function updateMe({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { name?: string; preferences?: Record<string, unknown> };
}): Promise<void> {
  const userId = actorUserId(ctx);
  const tz = input.preferences?.timezone;
  if (typeof tz === 'string' && !validTimezone(tz)) {
    throw invalid(`Unknown time zone "${tz}".`, [
      { path: 'body.preferences.timezone', message: 'must be an IANA time zone' },
    ]);
  }
  await withTransaction(ctx, async (tx) => {
    const user = await findUserById(tx, userId);
    if (!user) throw notFound('User');
    const before = { name: user.name, preferences: user.preferences };
    const after = {
      name: input.name ?? user.name,
      preferences: { ...user.preferences, ...(input.preferences ?? {}) },
    };
    await updateUser(tx, userId, after);
    await recordAudit(tx, {
      action: 'user.update',
      resourceType: 'user',
      resourceId: userId,
      resourceName: user.email,
      before,
      after,
    });
  });
}
