import type pg from 'pg';

/**
 * Creates the daily partitions of every registered telemetry table from yesterday (late data)
 * through `daysAhead` days ahead. Idempotent; safe to run from several processes at once.
 */
export async function ensurePartitions(pool: pg.Pool, daysAhead: number): Promise<number> {
  const r = await pool.query<{ created: number }>(
    `SELECT coalesce(sum(pharos_create_partitions(table_name, (now() AT TIME ZONE 'UTC')::date - 1, $1 + 2)), 0)::int AS created
       FROM telemetry_tables`,
    [daysAhead],
  );
  return r.rows[0]?.created ?? 0;
}
