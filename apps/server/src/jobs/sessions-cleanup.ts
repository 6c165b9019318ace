import { sql } from 'kysely';
import type { Db } from '../db/client.ts';

/** Sessions are kept this long after they expire or are revoked (recent sign-in history). */
export const SESSION_KEEP_DAYS = 7;
// Deleting in batches keeps each statement's locks and WAL small on a large table.
const BATCH = 5000;

/**
 * Deletes sessions that expired (refresh window included) or were revoked more than
 * SESSION_KEEP_DAYS ago, across organizations. Returns how many were deleted. Idempotent.
 */
export async function cleanupSessions(db: Db): Promise<number> {
  let total = 0;
  for (;;) {
    const r = await sql<{ n: number }>`
      WITH doomed AS (
        SELECT id FROM sessions
         WHERE greatest(expires_at, coalesce(refresh_expires_at, expires_at))
                 < now() - make_interval(days => ${SESSION_KEEP_DAYS})
            OR revoked_at < now() - make_interval(days => ${SESSION_KEEP_DAYS})
         LIMIT ${BATCH}
         FOR UPDATE SKIP LOCKED
      ), gone AS (
        DELETE FROM sessions s USING doomed WHERE s.id = doomed.id RETURNING 1
      )
      SELECT count(*)::int AS n FROM gone`.execute(db);
    const n = r.rows[0]?.n ?? 0;
    total += n;
    if (n < BATCH) return total;
  }
}
