import type pg from 'pg';

/**
 * The UTC days (YYYY-MM-DD, ascending) for which every one of `tables` has its daily partition
 * (from the partition names, `<table>_pYYYYMMDD`). A table writer checks a row's day against
 * them: a row no partition takes fails the whole COPY.
 */
export async function coveredPartitionDays(
  client: pg.PoolClient,
  tables: readonly string[],
): Promise<string[]> {
  const r = await client.query<{ day: string }>(
    `SELECT to_char(to_date(right(c.relname, 8), 'YYYYMMDD'), 'YYYY-MM-DD') AS day
       FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
      WHERE i.inhparent = ANY($1::regclass[]) AND c.relname ~ '_p[0-9]{8}$'
      GROUP BY 1 HAVING count(DISTINCT i.inhparent) = $2 ORDER BY 1`,
    [tables, tables.length],
  );
  return r.rows.map((x) => x.day);
}
