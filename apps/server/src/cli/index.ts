import type { Command } from 'commander';
import { loadConfig } from '../config.ts';
import { createLogger } from '../platform/logger.ts';
import { openDatabase } from '../server.ts';
import { registerIdentityCommands } from './identity-commands.ts';

export async function withDatabase<T>(
  fn: (db: Awaited<ReturnType<typeof openDatabase>>) => Promise<T>,
): Promise<T> {
  const config = loadConfig(process.env);
  const log = createLogger(process.env.PHAROS_LOG_LEVEL ?? 'warn');
  const db = await openDatabase(config, log, 2);
  try {
    return await fn(db);
  } finally {
    await db.close();
  }
}

/** Commands besides `start`; each works against the same data directory or DATABASE_URL. */
export function registerCliCommands(program: Command): void {
  program
    .command('migrate')
    .description('apply pending database migrations and exit')
    .action(async () => {
      await withDatabase(async () => {
        process.stdout.write('database is up to date\n');
      });
    });
  registerIdentityCommands(program);
}
