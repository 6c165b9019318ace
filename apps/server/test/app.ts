import { randomBytes } from 'node:crypto';
import pino from 'pino';
import { buildApp, type App } from '../src/app.ts';
import { loadConfig, type Config } from '../src/config.ts';
import { createTestDatabase, type TestDatabase } from './db.ts';

export interface TestApp {
  app: App;
  db: TestDatabase;
  config: Config;
  close(): Promise<void>;
}

export function testConfig(overrides: Record<string, string> = {}): Config {
  return loadConfig(
    {
      PHAROS_SECRET_KEY: randomBytes(32).toString('hex'),
      DATABASE_URL: 'postgres://unused@127.0.0.1/unused',
      PHAROS_LOG_LEVEL: 'silent',
      ...overrides,
    },
    {},
  );
}

/** Pharos built on its own cloned database, for app.inject() or listen({ port: 0 }). */
export async function createTestApp(overrides: Record<string, string> = {}): Promise<TestApp> {
  const db = await createTestDatabase();
  const config = { ...testConfig(overrides), databaseUrl: db.url };
  const app = await buildApp({ config, db: db.handle, logger: pino({ level: 'silent' }) });
  await app.ready();
  return {
    app,
    db,
    config,
    close: async () => {
      await app.close();
      await db.drop();
    },
  };
}
