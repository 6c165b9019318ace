import { systemCtx, withTransaction } from '../../db/context.ts';
import type { Db } from '../../db/client.ts';
import { randomReadable } from '../../lib/crypto.ts';
import { recordAudit } from '../audit/index.ts';
import { hashPassword } from './passwords.ts';
import {
  anyOrganization,
  insertOrganization,
  insertProjectWithId,
  insertUser,
  lockFirstRun,
  upsertMember,
} from './repository.ts';

export const FIRST_ADMIN_EMAIL = 'admin@pharos.local';

/**
 * On an empty installation, creates organization `default`, its project 1 and (unless
 * `createAdmin` is false) an admin with a one-time password. An advisory lock makes concurrent
 * starts do it once; later calls find the organization and do nothing.
 */
export async function ensureDefaultOrganization(
  db: Db,
  opts: { createAdmin: boolean },
): Promise<{ createdAdmin: { email: string; password: string } | null; orgId: string | null }> {
  const password = randomReadable(20);
  // Hashed before the lock so the lock is held for milliseconds, not an argon2 run.
  const passwordHash = opts.createAdmin ? await hashPassword(password) : '';
  return withTransaction(systemCtx(db, 'first_run'), async (tx) => {
    await lockFirstRun(tx);
    if (await anyOrganization(tx)) return { createdAdmin: null, orgId: null };
    const org = await insertOrganization(tx, 'default', 'Default');
    await insertProjectWithId(tx, { id: 1, orgId: org.id, slug: 'default', name: 'Default' });
    let admin: { id: string; email: string } | null = null;
    if (opts.createAdmin) {
      admin = await insertUser(tx, {
        orgId: org.id,
        email: FIRST_ADMIN_EMAIL,
        name: 'Administrator',
        passwordHash,
        mustChange: true,
      });
      await upsertMember(tx, org.id, admin.id, 'admin');
    }
    await recordAudit(tx, {
      orgId: org.id,
      action: 'organization.create',
      resourceType: 'organization',
      resourceId: org.id,
      resourceName: org.slug,
      description: 'first start: default organization, project 1' + (admin ? ' and admin' : ''),
      after: {
        id: org.id,
        slug: org.slug,
        name: org.name,
        project_id: 1,
        admin_email: admin?.email ?? null,
      },
    });
    return {
      createdAdmin: admin ? { email: admin.email, password } : null,
      orgId: org.id,
    };
  });
}
