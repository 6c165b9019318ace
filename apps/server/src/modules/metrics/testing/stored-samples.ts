import type pg from 'pg';

/**
 * For tests: the stored sample values of the series named `name` whose labels include
 * `labels`, oldest first (as the database owner, across organizations).
 */
export async function storedValues(
  pool: pg.Pool,
  name: string,
  labels: Record<string, string>,
): Promise<number[]> {
  const r = await pool.query<{ v: number }>(
    `SELECT m.value AS v FROM metric_samples m JOIN metric_series s ON s.id = m.series_id
      WHERE s.name = $1 AND s.labels @> $2::jsonb ORDER BY m.time`,
    [name, JSON.stringify(labels)],
  );
  return r.rows.map((x) => x.v);
}

/** For tests: the newest of storedValues, or null when there is none. */
export async function latestValue(
  pool: pg.Pool,
  name: string,
  labels: Record<string, string>,
): Promise<number | null> {
  return (await storedValues(pool, name, labels)).at(-1) ?? null;
}
