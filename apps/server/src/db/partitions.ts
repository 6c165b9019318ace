import type pg from 'pg';

/**
 * Partition maintenance of the registered telemetry tables (telemetry_tables). Every table is
 * handled in its own short transaction holding a transaction-level advisory lock keyed by the
 * table, so two processes (two starts, or a start and the maintenance job) serialize per table
 * instead of racing on CREATE TABLE, and the second one simply finds nothing to do.
 */

// First key of the two-int advisory lock; the second is hashtext(table_name).
const LOCK_NAMESPACE = 'pharos.partitions';
// A DROP of a partition waits for readers of the parent; failing fast (and retrying later) is
// better than queueing every insert into that table behind it.
const LOCK_TIMEOUT = '5s';

export interface PartitionTableResult {
  table: string;
  created: number;
  dropped: number;
  retentionDays: number;
  /** Rows deleted, for the row-pruned tables (telemetry_row_tables). */
  deletedRows?: number;
}

interface TableRetention {
  table_name: string;
  retention_days: number;
}

/**
 * The retention at which a table's daily partitions are dropped. Partitions are shared by every
 * organization, so it is the longest retention in force: the registry's default, or a longer
 * active per-organization policy (retention_policies, migration 0008) for the table's data kind.
 * A shorter organization policy is applied by deleting rows, not by dropping partitions.
 */
async function retentionByTable(client: pg.PoolClient): Promise<TableRetention[]> {
  const policies = await client.query<{ r: string | null }>(
    `SELECT to_regclass('retention_policies')::text AS r`,
  );
  if (policies.rows[0]?.r) {
    const r = await client.query<TableRetention>(
      `SELECT t.table_name,
              greatest(t.default_retention_days,
                       (SELECT max(p.retention_days) FROM retention_policies p
                          JOIN organizations o ON o.id = p.org_id AND o.deleted_at IS NULL
                         WHERE p.data_kind = t.data_kind AND p.is_active))::int AS retention_days
         FROM telemetry_tables t ORDER BY t.table_name`,
    );
    return r.rows;
  }
  const r = await client.query<TableRetention>(
    `SELECT table_name, default_retention_days AS retention_days
       FROM telemetry_tables ORDER BY table_name`,
  );
  return r.rows;
}

async function inTableLock<T>(
  pool: pg.Pool,
  table: string,
  fn: (client: pg.PoolClient) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query(`SET LOCAL lock_timeout = '${LOCK_TIMEOUT}'`);
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1), hashtext($2))', [
      LOCK_NAMESPACE,
      table,
    ]);
    const out = await fn(client);
    await client.query('COMMIT');
    return out;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    throw err;
  } finally {
    client.release();
  }
}

async function createAhead(client: pg.PoolClient, table: string, daysAhead: number) {
  // From yesterday (late data) through daysAhead days ahead of today, in UTC days.
  const r = await client.query<{ n: number }>(
    `SELECT pharos_create_partitions($1, (now() AT TIME ZONE 'UTC')::date - 1, $2 + 2) AS n`,
    [table, daysAhead],
  );
  return r.rows[0]?.n ?? 0;
}

/**
 * Creates the daily partitions of every registered telemetry table from yesterday through
 * `daysAhead` days ahead. Idempotent; safe to run from several processes at once.
 */
export async function ensurePartitions(pool: pg.Pool, daysAhead: number): Promise<number> {
  const tables = await pool.query<{ table_name: string }>(
    'SELECT table_name FROM telemetry_tables ORDER BY table_name',
  );
  let created = 0;
  for (const { table_name } of tables.rows) {
    created += await inTableLock(pool, table_name, (c) => createAhead(c, table_name, daysAhead));
  }
  return created;
}

/**
 * Creates partitions ahead (as ensurePartitions) and drops the partitions whose whole day is
 * older than the table's retention. Idempotent; safe to run from several processes at once.
 */
export async function maintainPartitions(
  pool: pg.Pool,
  daysAhead: number,
): Promise<PartitionTableResult[]> {
  const client = await pool.connect();
  let retention: TableRetention[];
  try {
    retention = await retentionByTable(client);
  } finally {
    client.release();
  }
  const results: PartitionTableResult[] = [];
  for (const { table_name, retention_days } of retention) {
    results.push(
      await inTableLock(pool, table_name, async (c) => {
        const created = await createAhead(c, table_name, daysAhead);
        const r = await c.query<{ n: number }>(
          `SELECT pharos_drop_partitions_before($1, (now() AT TIME ZONE 'UTC')::date - $2::int) AS n`,
          [table_name, retention_days],
        );
        return {
          table: table_name,
          created,
          dropped: r.rows[0]?.n ?? 0,
          retentionDays: retention_days,
        };
      }),
    );
  }
  for (const row of await pruneRowTables(pool)) results.push(row);
  return results;
}

const PRUNE_BATCH = 10_000;

/**
 * Deletes the rows of the tables in telemetry_row_tables that are older than their retention:
 * per organization, an active retention policy of the table's data kind, else the default.
 * Batches of 10,000 rows, each in its own statement, so a large backlog never holds long locks.
 */
export async function pruneRowTables(pool: pg.Pool): Promise<PartitionTableResult[]> {
  const exists = await pool.query<{ r: string | null }>(
    `SELECT to_regclass('telemetry_row_tables')::text AS r`,
  );
  if (!exists.rows[0]?.r) return [];
  const tables = await pool.query<{
    table_name: string;
    time_column: string;
    data_kind: string;
    default_retention_days: number;
  }>('SELECT * FROM telemetry_row_tables ORDER BY table_name');
  const results: PartitionTableResult[] = [];
  for (const t of tables.rows) {
    const c = await pool.connect();
    try {
      const table = c.escapeIdentifier(t.table_name);
      const time = c.escapeIdentifier(t.time_column);
      // Nothing newer than the shortest retention in force can go: a sargable bound first.
      const shortest = await c.query<{ d: number }>(
        `SELECT least($1::int, (SELECT min(retention_days) FROM retention_policies
                                 WHERE data_kind = $2 AND is_active))::int AS d`,
        [t.default_retention_days, t.data_kind],
      );
      let deleted = 0;
      for (;;) {
        const r = await c.query(
          `DELETE FROM ${table} WHERE ctid IN (
             SELECT x.ctid FROM ${table} x
              WHERE x.${time} < now() - make_interval(days => $1::int)
                AND x.${time} < now() - make_interval(days => coalesce(
                      (SELECT max(p.retention_days) FROM retention_policies p
                        WHERE p.org_id = x.org_id AND p.data_kind = $2 AND p.is_active), $3::int))
              LIMIT ${PRUNE_BATCH})`,
          [shortest.rows[0]!.d, t.data_kind, t.default_retention_days],
        );
        deleted += r.rowCount ?? 0;
        if ((r.rowCount ?? 0) < PRUNE_BATCH) break;
      }
      results.push({
        table: t.table_name,
        created: 0,
        dropped: 0,
        deletedRows: deleted,
        retentionDays: t.default_retention_days,
      });
    } finally {
      c.release();
    }
  }
  return results;
}
