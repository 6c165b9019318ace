import { sql, type Transaction } from 'kysely';
import type { ApiKeyScope, Role } from '@pharos/contracts';
import type { Db } from './client.ts';
import type { Database } from './types.ts';

export type Actor =
  | { type: 'user'; userId: string; email: string; role: Role; sessionId: string }
  | {
      type: 'api_key';
      apiKeyId: string;
      userId: string | null;
      email: string | null;
      role: Role;
      scopes: ApiKeyScope[];
      projectIds: number[] | null;
    }
  | { type: 'system'; name: string }
  | { type: 'anonymous' };

export interface RequestMeta {
  requestId?: string;
  ip?: string;
  userAgent?: string;
}

export type Tx = Transaction<Database>;

/**
 * What every use case receives: the organization it acts in, who acts, request metadata for the
 * audit trail, the database, and the transaction it runs in once one is open.
 */
export interface Ctx {
  db: Db;
  orgId: string | null;
  actor: Actor;
  meta: RequestMeta;
  tx?: Tx;
}

export type TxCtx = Ctx & { tx: Tx };

/**
 * Runs fn in a transaction scoped to ctx.orgId: it switches to the non-owner role pharos_app and
 * sets app.org_id, so row-level security limits every statement to that organization even if a
 * query forgets its filter. Nested calls reuse the open transaction. A ctx with no organization
 * (system jobs that work across organizations) runs as the connecting role, without that limit.
 */
export async function withTransaction<T>(ctx: Ctx, fn: (ctx: TxCtx) => Promise<T>): Promise<T> {
  if (ctx.tx) return fn(ctx as TxCtx);
  return ctx.db.transaction().execute(async (tx) => {
    if (ctx.orgId) {
      await sql`SELECT set_config('role', 'pharos_app', true), set_config('app.org_id', ${ctx.orgId}, true)`.execute(
        tx,
      );
    } else if (ctx.actor.type !== 'system') {
      throw new Error('withTransaction: only system actors may act without an organization');
    }
    return fn({ ...ctx, tx });
  });
}

/** The executor of a ctx that must already be inside withTransaction. */
export function txOf(ctx: Ctx): Tx {
  if (!ctx.tx) throw new Error('repository called outside withTransaction');
  return ctx.tx;
}

export function systemCtx(db: Db, name: string, orgId: string | null = null): Ctx {
  return { db, orgId, actor: { type: 'system', name }, meta: {} };
}
