// The shared per-key rate windows (migration 0027, api_key_rate_windows): written by a system
// ctx as the connecting role, which owns the table (organization-scoped code has no access).
import type { Ctx } from '../../db/context.ts';
import { exec } from './repository.ts';

// Not in db/types.ts (the foundation tables); declared here for the query builder.
type RateTables = {
  api_key_rate_windows: { key_id: string; minute: string | number; org_id: string; count: number };
};

const windows = (ctx: Ctx) => exec(ctx).withTables<RateTables>();

/**
 * Adds each key's count to its window and returns every window's new total, keyed
 * `${keyId}/${minute}`. Rows are sorted by key so that two processes' upserts lock them in the
 * same order (no deadlock).
 */
export async function addRateWindowCounts(
  ctx: Ctx,
  batch: { keyId: string; orgId: string; minute: number; count: number }[],
): Promise<Map<string, number>> {
  const rows = [...batch].sort((a, b) =>
    a.keyId < b.keyId ? -1 : a.keyId > b.keyId ? 1 : a.minute - b.minute,
  );
  const r = await windows(ctx)
    .insertInto('api_key_rate_windows')
    .values(
      rows.map((b) => ({ key_id: b.keyId, minute: b.minute, org_id: b.orgId, count: b.count })),
    )
    .onConflict((oc) =>
      oc.columns(['key_id', 'minute']).doUpdateSet((eb) => ({
        count: eb('api_key_rate_windows.count', '+', eb.ref('excluded.count')),
      })),
    )
    .returning(['key_id', 'minute', 'count'])
    .execute();
  return new Map(r.map((x) => [`${x.key_id}/${x.minute}`, x.count]));
}

/** Deletes the windows before `minute` (minutes since the epoch). */
export async function pruneRateWindows(ctx: Ctx, minute: number): Promise<void> {
  await windows(ctx).deleteFrom('api_key_rate_windows').where('minute', '<', minute).execute();
}
