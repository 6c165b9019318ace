import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database } from './types.ts';

// int8 (bigint) and numeric come back as strings by default; counts and ids in Pharos fit in a
// double, so they are parsed as numbers. Values past 2^53 are not expected in these columns.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (v) => Number(v));

export type Db = Kysely<Database>;

export interface DbHandle {
  pool: pg.Pool;
  db: Db;
  close(): Promise<void>;
}

export function createDb(url: string, max = 10, applicationName = 'pharos'): DbHandle {
  const pool = new pg.Pool({
    connectionString: url,
    max,
    application_name: applicationName,
    idleTimeoutMillis: 30_000,
    connectionTimeoutMillis: 10_000,
  });
  // An idle client that loses its connection (database restart) must not crash the process.
  pool.on('error', () => {});
  // Nor may a checked-out one: pg-pool removes its own error listener while a client is lent
  // out, and a connection that dies between two queries of a transaction (Kysely, COPY) would
  // otherwise emit an unhandled 'error' and end the process. The query in flight still fails,
  // and the pool discards the broken client on release. (Found by the fault test: SIGKILL-free
  // crash of an ingest process when PostgreSQL went away.)
  pool.on('connect', (client) => client.on('error', () => {}));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return {
    pool,
    db,
    close: async () => {
      await db.destroy();
      // Kysely ends the pool only if it ran a query itself; code that used the pool directly
      // would otherwise keep idle connections (and the process) alive.
      if (!pool.ending) await pool.end();
    },
  };
}
