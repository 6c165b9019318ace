import type pino from 'pino';
import { buildApp, type App } from './app.ts';
import type { Config } from './config.ts';
import { createDb, type DbHandle } from './db/client.ts';
import { startEmbeddedPostgres, type EmbeddedDatabase } from './db/embedded.ts';
import { migrate } from './db/migrate.ts';
import { ensurePartitions } from './db/partitions.ts';
import { startJobRuntime } from './jobs/index.ts';
import { startMonitorScheduler } from './modules/monitors/index.ts';
import { startScrapeScheduler } from './modules/metrics/index.ts';
import type { JobRuntime } from './jobs/runtime.ts';
import { ensureFirstRun } from './modules/identity/index.ts';
import { createLogger } from './platform/logger.ts';

export interface Database {
  handle: DbHandle;
  url: string;
  embedded: EmbeddedDatabase | null;
  close(): Promise<void>;
}

/**
 * Connects to DATABASE_URL, or starts the embedded PostgreSQL of the data directory; then
 * applies migrations and makes sure today's partitions exist.
 */
export async function openDatabase(
  config: Config,
  log: pino.Logger,
  poolSize = config.dbPoolSize,
): Promise<Database> {
  let embedded: EmbeddedDatabase | null = null;
  let url = config.databaseUrl;
  if (!url) {
    log.info({ data_dir: config.dataDir }, 'starting embedded PostgreSQL');
    embedded = await startEmbeddedPostgres({
      dataDir: config.dataDir,
      port: config.embeddedPgPort,
      log: (line) => log.debug({ component: 'postgres' }, line),
    });
    url = embedded.url;
  }
  const handle = createDb(url, poolSize);
  try {
    const { applied } = await migrate(handle.pool, (m) =>
      log.info({ migration: m.name }, 'applying migration'),
    );
    if (applied.length) log.info({ count: applied.length }, 'migrations applied');
    await ensurePartitions(handle.pool, config.partitionDaysAhead);
  } catch (err) {
    await handle.close();
    await embedded?.stop();
    throw err;
  }
  return {
    handle,
    url,
    embedded,
    close: async () => {
      await handle.close();
      await embedded?.stop();
    },
  };
}

export interface RunningServer {
  app: App | null;
  jobs: JobRuntime | null;
  url: string;
  stop(): Promise<void>;
}

/** Starts Pharos in the given role: HTTP (all, api, ingest) and/or job workers (all, worker). */
export async function startServer(
  config: Config,
  log = createLogger(config.logLevel),
): Promise<RunningServer> {
  const started = Date.now();
  const database = await openDatabase(config, log);
  const first = await ensureFirstRun(database.handle.db);
  const runsWorkers = config.role === 'all' || config.role === 'worker';
  const jobs = await startJobRuntime({ config, db: database.handle, log, work: runsWorkers });
  const monitors = runsWorkers
    ? startMonitorScheduler({ db: database.handle.db, secretKey: config.secretKey, log })
    : null;
  const scrapes = runsWorkers
    ? startScrapeScheduler({
        db: database.handle.db,
        pool: database.handle.pool,
        secretKey: config.secretKey,
        log,
        limits: { maxBytes: config.scrape.maxBytes, sampleLimit: config.scrape.sampleLimit },
        concurrency: config.scrape.concurrency,
      })
    : null;
  let app: App | null = null;
  let url = '';
  if (config.role !== 'worker') {
    app = await buildApp({ config, db: database.handle, jobs, logger: log });
    url = await app.listen({ port: config.port, host: config.host });
  }
  log.info({ role: config.role, ms: Date.now() - started }, 'pharos ready');

  const publicUrl = config.publicUrl;
  const lines = [
    '',
    `  Pharos is running (role: ${config.role})${app ? ` at ${publicUrl}` : ''}`,
    app ? `  API documentation: ${publicUrl}/api/docs` : '',
    first.createdAdmin
      ? `  First start: sign in as ${first.createdAdmin.email} with the one-time password ${first.createdAdmin.password}\n  (shown only now; you will be asked to change it)`
      : app
        ? '  Sign in with your admin account (create one with `npx pharos admin create --email you@example.com --password-stdin`).'
        : '',
    '',
  ].filter((l) => l !== '');
  process.stdout.write(lines.join('\n') + '\n\n');

  let stopping: Promise<void> | null = null;
  const stop = () => {
    stopping ??= (async () => {
      log.info('shutting down: finishing in-flight requests and jobs');
      const timer = setTimeout(() => {
        log.error('shutdown timed out; exiting');
        process.exit(1);
      }, config.shutdownTimeoutMs + 5000);
      timer.unref();
      // Closing the server stops accepting connections and waits for in-flight requests.
      await app?.close();
      await monitors?.stop(config.shutdownTimeoutMs);
      await scrapes?.stop(config.shutdownTimeoutMs);
      await jobs?.stop(config.shutdownTimeoutMs);
      await database.close();
      clearTimeout(timer);
      log.info('stopped');
    })();
    return stopping;
  };
  return { app, jobs, url, stop };
}
