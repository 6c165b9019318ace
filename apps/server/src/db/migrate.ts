import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type pg from 'pg';

export const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));

export interface Migration {
  version: number;
  name: string;
  sql: string;
  checksum: string;
}

export function listMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return readdirSync(dir)
    .filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f))
    .sort()
    .map((f) => {
      const sql = readFileSync(dir + f, 'utf8');
      return {
        version: Number(f.slice(0, 4)),
        name: f.replace(/\.sql$/, ''),
        sql,
        checksum: createHash('sha256').update(sql).digest('hex'),
      };
    });
}

// Arbitrary constant: the advisory lock that serializes migrations across Pharos processes.
const MIGRATION_LOCK = 7_140_251_001;

/**
 * Applies the pending forward-only migrations, each in its own transaction, under an advisory
 * lock so several processes starting together migrate once. A changed applied migration is an
 * error: migrations are never edited once released.
 */
export async function migrate(
  pool: pg.Pool,
  onApply: (m: Migration) => void = () => {},
): Promise<{ applied: string[] }> {
  const client = await pool.connect();
  const applied: string[] = [];
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version integer PRIMARY KEY,
      name text NOT NULL,
      checksum text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
    const done = new Map(
      (
        await client.query<{ version: number; checksum: string; name: string }>(
          'SELECT version, checksum, name FROM schema_migrations',
        )
      ).rows.map((r) => [r.version, r]),
    );
    for (const m of listMigrations()) {
      const prev = done.get(m.version);
      if (prev) {
        if (prev.checksum !== m.checksum) {
          throw new Error(
            `migration ${m.name} was changed after it was applied (checksum mismatch)`,
          );
        }
        continue;
      }
      onApply(m);
      await client.query('BEGIN');
      try {
        await client.query(m.sql);
        await client.query(
          'INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)',
          [m.version, m.name, m.checksum],
        );
        await client.query('COMMIT');
      } catch (err) {
        await client.query('ROLLBACK');
        const msg = err instanceof Error ? err.message : String(err);
        throw new Error(`migration ${m.name} failed: ${msg}`);
      }
      applied.push(m.name);
    }
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => {});
    client.release();
  }
  return { applied };
}

/** Whether every migration shipped with this build is applied (used by /readyz). */
export async function pendingMigrations(pool: pg.Pool): Promise<string[]> {
  const exists = await pool.query("SELECT to_regclass('schema_migrations') IS NOT NULL AS ok");
  const all = listMigrations();
  if (!exists.rows[0]?.ok) return all.map((m) => m.name);
  const r = await pool.query<{ version: number }>('SELECT version FROM schema_migrations');
  const have = new Set(r.rows.map((x) => x.version));
  return all.filter((m) => !have.has(m.version)).map((m) => m.name);
}
