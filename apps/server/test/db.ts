import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { createDb, type DbHandle } from '../src/db/client.ts';

export interface TestDatabase {
  url: string;
  name: string;
  handle: DbHandle;
  /** Closes the pool and drops the database. */
  drop(): Promise<void>;
}

function adminClient(): pg.Client {
  return new pg.Client({ connectionString: inject('pgAdminUrl') });
}

export function urlFor(name: string): string {
  return inject('pgAdminUrl').replace(/\/[^/]*$/, `/${name}`);
}

/** A fresh, migrated database of its own for one test file: a clone of the template. */
export async function createTestDatabase(poolSize = 5): Promise<TestDatabase> {
  const name = `pharos_t_${randomBytes(6).toString('hex')}`;
  const admin = adminClient();
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${inject('pgTemplateDb')}`);
  } finally {
    await admin.end();
  }
  const url = urlFor(name);
  const handle = createDb(url, poolSize);
  return {
    url,
    name,
    handle,
    drop: async () => {
      await handle.close();
      const a = adminClient();
      await a.connect();
      try {
        await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await a.end();
      }
    },
  };
}

/** An empty database (no migrations), for tests of the migrator itself. */
export async function createEmptyDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `pharos_e_${randomBytes(6).toString('hex')}`;
  const admin = adminClient();
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  return {
    url: urlFor(name),
    drop: async () => {
      const a = adminClient();
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    },
  };
}
