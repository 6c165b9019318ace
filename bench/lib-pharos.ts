// Shared by the benchmarks: a fresh Pharos on its own embedded PostgreSQL (default, durable
// settings) in a temporary data directory, with the first-run organization and admin, and an
// ingest key when asked. Not a benchmark itself (bench/run.ts skips lib-* files).
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp, type App } from '../apps/server/src/app.ts';
import { loadConfig, type Config } from '../apps/server/src/config.ts';
import { systemCtx } from '../apps/server/src/db/context.ts';
import { createApiKey, ensureFirstRun } from '../apps/server/src/modules/identity/index.ts';
import { createLogger } from '../apps/server/src/platform/logger.ts';
import { openDatabase, type Database } from '../apps/server/src/server.ts';

export interface BenchPharos {
  config: Config;
  database: Database;
  orgId: string;
  ownerId: string;
  log: ReturnType<typeof createLogger>;
  /** Removes the data directory after closing whatever the bench started. */
  cleanup(): Promise<void>;
}

export async function startBenchDatabase(name: string): Promise<BenchPharos> {
  const dataDir = mkdtempSync(join(tmpdir(), `pharos-bench-${name}-`));
  chmodSync(dataDir, 0o711); // as root, the embedded PostgreSQL runs as `postgres`
  const config = loadConfig(
    {
      PHAROS_DATA_DIR: join(dataDir, 'data'),
      PHAROS_SECRET_KEY: randomBytes(32).toString('hex'),
      PHAROS_LOG_LEVEL: 'warn',
    },
    {},
  );
  const log = createLogger('warn');
  const database = await openDatabase(config, log);
  await ensureFirstRun(database.handle.db);
  const db = database.handle.db;
  const org = await db.selectFrom('organizations').select('id').executeTakeFirstOrThrow();
  const owner = await db.selectFrom('users').select('id').executeTakeFirstOrThrow();
  return {
    config,
    database,
    orgId: org.id,
    ownerId: owner.id,
    log,
    cleanup: async () => {
      await database.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** An ingest key of the bench organization. */
export async function benchIngestKey(p: BenchPharos): Promise<string> {
  const { key } = await createApiKey({
    ctx: systemCtx(p.database.handle.db, 'bench', p.orgId),
    input: {
      name: 'bench',
      scopes: ['ingest'],
      ownerUserId: p.ownerId,
      projectIds: null,
      allowedIps: null,
      rateLimit: null,
      expiresAt: null,
    },
  });
  return key;
}

/** The HTTP app on 127.0.0.1 and a free port. */
export async function listenBenchApp(p: BenchPharos): Promise<{ app: App; port: number }> {
  const app = await buildApp({ config: p.config, db: p.database.handle, logger: p.log });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const addr = app.server.address();
  return { app, port: typeof addr === 'object' && addr ? addr.port : 0 };
}
