import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../src/db/embedded.ts';
import { migrate } from '../src/db/migrate.ts';
import { ensurePartitions } from '../src/db/partitions.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    pgAdminUrl: string;
    pgTemplateDb: string;
  }
}

const TEMPLATE = 'pharos_template';

/**
 * Starts one embedded PostgreSQL for the whole run (or uses TEST_DATABASE_URL, a superuser URL of
 * a PostgreSQL 15+ server), migrates a template database once, and hands both to the test files,
 * which clone the template (CREATE DATABASE ... TEMPLATE) so they can run in parallel.
 */
export default async function setup(project: TestProject) {
  let pgDb: EmbeddedDatabase | null = null;
  let dir: string | null = null;
  let adminUrl = process.env.TEST_DATABASE_URL ?? '';
  if (!adminUrl) {
    dir = mkdtempSync(join(tmpdir(), 'pharos-test-'));
    pgDb = await startEmbeddedPostgres({
      dataDir: dir,
      port: 0,
      databaseName: 'postgres',
      // Durability is not under test here; these make clones and commits fast.
      settings: {
        fsync: 'off',
        synchronous_commit: 'off',
        full_page_writes: 'off',
        max_connections: '400',
      },
    });
    adminUrl = pgDb.url;
  }
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${TEMPLATE}`);
  await admin.query(`CREATE DATABASE ${TEMPLATE}`);
  await admin.end();
  const pool = new pg.Pool({
    connectionString: adminUrl.replace(/\/[^/]*$/, `/${TEMPLATE}`),
    max: 1,
  });
  await migrate(pool);
  // Partitions from yesterday to a few days ahead, so clones can write telemetry and audit rows.
  await ensurePartitions(pool, 3);
  await pool.end();

  project.provide('pgAdminUrl', adminUrl);
  project.provide('pgTemplateDb', TEMPLATE);

  return async () => {
    await pgDb?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  };
}
