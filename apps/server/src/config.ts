import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { resolve, join } from 'node:path';

/**
 * The only reader of process.env. Every setting Pharos understands is declared here once, with
 * its default and its meaning; the README's configuration table is generated from this list.
 */
export const SETTINGS = {
  PORT: { default: '4000', doc: 'HTTP port for the API, the web UI and ingestion.' },
  HOST: { default: '0.0.0.0', doc: 'Address to listen on.' },
  PHAROS_DATA_DIR: {
    default: './.pharos',
    doc: 'Data directory: embedded PostgreSQL files, generated secrets, spool.',
  },
  DATABASE_URL: {
    default: '',
    doc: 'PostgreSQL 15+ connection string. When empty, Pharos runs an embedded PostgreSQL in the data directory.',
  },
  PHAROS_ROLE: {
    default: 'all',
    doc: 'What this process runs: all, api, ingest or worker (also `pharos start --role`).',
  },
  PHAROS_SECRET_KEY: {
    default: '',
    doc: 'Key (64 hex characters) that encrypts secrets at rest (MFA secrets, notification credentials). Generated into the data directory with the embedded database; required with DATABASE_URL.',
  },
  PHAROS_PUBLIC_URL: {
    default: '',
    doc: 'URL users reach Pharos at (links, cookies, DSNs). Defaults to http://localhost:PORT.',
  },
  PHAROS_LOG_LEVEL: {
    default: 'info',
    doc: 'Log level: trace, debug, info, warn, error, fatal or silent.',
  },
  PHAROS_EMBEDDED_PG_PORT: {
    default: '0',
    doc: 'Port of the embedded PostgreSQL on 127.0.0.1; 0 picks a free one at start.',
  },
  PHAROS_DB_POOL_SIZE: { default: '10', doc: 'Maximum PostgreSQL connections of this process.' },
  PHAROS_SESSION_TTL_HOURS: {
    default: '12',
    doc: 'Sign-in sessions expire after this many hours without activity.',
  },
  PHAROS_SESSION_MAX_DAYS: {
    default: '14',
    doc: 'Sign-in sessions end after this many days whatever the activity.',
  },
  PHAROS_BODY_LIMIT_BYTES: {
    default: '1048576',
    doc: 'Largest accepted API request body (ingest endpoints have their own limits).',
  },
  PHAROS_TRUST_PROXY: {
    default: 'false',
    doc: 'Trust X-Forwarded-* headers from a reverse proxy (true, false, or a hop count).',
  },
  PHAROS_SIGNIN_MAX_FAILURES: {
    default: '5',
    doc: 'Failed sign-ins per account and per IP within 15 minutes before further attempts are refused.',
  },
  PHAROS_PARTITION_DAYS_AHEAD: {
    default: '3',
    doc: 'Daily partitions of telemetry tables created ahead of time.',
  },
  PHAROS_SHUTDOWN_TIMEOUT_MS: {
    default: '15000',
    doc: 'How long a graceful shutdown waits for in-flight requests and jobs.',
  },
  PHAROS_METRICS_TOKEN: {
    default: '',
    doc: 'When set, GET /metrics requires `Authorization: Bearer <token>`.',
  },
  PHAROS_INGEST_MAX_BODY_BYTES: {
    default: '10485760',
    doc: 'Largest ingest request body on the wire (compressed); larger ones get 413.',
  },
  PHAROS_INGEST_MAX_DECODED_BYTES: {
    default: '67108864',
    doc: 'Largest ingest request body once decompressed (gzip, deflate, zstd, snappy); larger ones get 413.',
  },
  PHAROS_INGEST_QUEUE_MAX_BYTES: {
    default: '134217728',
    doc: 'Records waiting in memory for the database before further batches go to the spool.',
  },
  PHAROS_INGEST_SPOOL_MAX_BYTES: {
    default: '1073741824',
    doc: 'Disk space of the ingest spool (`<data dir>/spool`), which keeps acknowledged records while PostgreSQL is unreachable; when full, ingest answers 503 + Retry-After.',
  },
  PHAROS_INGEST_FLUSH_MS: {
    default: '2',
    doc: 'How long an ingest batch waits for others to share its database transaction (group commit).',
  },
  PHAROS_INGEST_FLUSH_ROWS: {
    default: '20000',
    doc: 'Most rows written in one ingest transaction.',
  },
  PHAROS_INGEST_FLUSH_CONCURRENCY: {
    default: '3',
    doc: 'Ingest transactions written at once. With 2, PostgreSQL idles while the requests of a finished flush are answered and the next ones parsed; with 3 one of them is always writing.',
  },
  PHAROS_INGEST_ORG_RATE: {
    default: '0',
    doc: 'Records per second one organization may ingest (0: no limit); `settings.ingest.records_per_second` of an organization overrides it.',
  },
  PHAROS_METRICS_CHUNK_HOURS: {
    default: '2',
    doc: 'Window of a compacted metric chunk (one row per series), in hours: 1, 2, 3, 4, 6, 8, 12 or 24.',
  },
  PHAROS_METRICS_HEAD_MINUTES: {
    default: '60',
    doc: 'Metric samples stay in the head (one row each) until their chunk window ended this many minutes ago; then the metrics.compact job packs them.',
  },
  PHAROS_METRICS_ROLLUP_LOOKBACK_MINUTES: {
    default: '15',
    doc: 'The metrics.rollup job re-aggregates the 5-minute and hourly rollups of this many recent minutes each minute (older late samples are folded in at compaction).',
  },
  PHAROS_SCRAPE_MAX_BYTES: {
    default: '16777216',
    doc: 'Largest scrape target response (after decompression); a larger one fails the scrape (up=0).',
  },
  PHAROS_SCRAPE_SAMPLE_LIMIT: {
    default: '200000',
    doc: 'Most samples one scrape may expose; more fail the scrape (up=0), as Prometheus `sample_limit`.',
  },
  PHAROS_SCRAPE_CONCURRENCY: {
    default: '50',
    doc: 'Scrapes in flight at once in one worker process.',
  },
} as const;

export type SettingName = keyof typeof SETTINGS;

// Divisors of 24, so a metric chunk never crosses a UTC day.
const CHUNK_HOURS = ['1', '2', '3', '4', '6', '8', '12', '24'] as const;

export const ROLES_AT_BOOT = ['all', 'api', 'ingest', 'worker'] as const;
export type BootRole = (typeof ROLES_AT_BOOT)[number];

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | null;
  role: BootRole;
  secretKey: Buffer;
  publicUrl: string;
  logLevel: 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal' | 'silent';
  embeddedPgPort: number;
  dbPoolSize: number;
  sessionTtlHours: number;
  sessionMaxDays: number;
  bodyLimitBytes: number;
  trustProxy: boolean | number;
  signinMaxFailures: number;
  partitionDaysAhead: number;
  shutdownTimeoutMs: number;
  metricsToken: string | null;
  ingest: {
    maxBodyBytes: number;
    maxDecodedBytes: number;
    queueMaxBytes: number;
    spoolMaxBytes: number;
    flushMs: number;
    flushRows: number;
    flushConcurrency: number;
    orgRecordsPerSecond: number;
  };
  metrics: {
    chunkHours: number;
    headMinutes: number;
    rollupLookbackMinutes: number;
  };
  scrape: {
    maxBytes: number;
    sampleLimit: number;
    concurrency: number;
  };
}

export class ConfigError extends Error {
  constructor(
    readonly setting: string,
    message: string,
  ) {
    super(`Invalid configuration: ${setting} ${message}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

function raw(env: Env, name: SettingName): string {
  const v = env[name];
  return v === undefined || v.trim() === '' ? SETTINGS[name].default : v.trim();
}

function int(env: Env, name: SettingName, min: number, max: number): number {
  const v = raw(env, name);
  if (!/^\d+$/.test(v)) throw new ConfigError(name, `must be a whole number, got "${v}"`);
  const n = Number(v);
  if (n < min || n > max)
    throw new ConfigError(name, `must be between ${min} and ${max}, got ${n}`);
  return n;
}

function oneOf<T extends string>(env: Env, name: SettingName, allowed: readonly T[]): T {
  const v = raw(env, name);
  if (!(allowed as readonly string[]).includes(v)) {
    throw new ConfigError(name, `must be one of ${allowed.join(', ')}, got "${v}"`);
  }
  return v as T;
}

function parseSecretKey(name: string, v: string): Buffer {
  if (!/^[0-9a-fA-F]{64}$/.test(v)) {
    throw new ConfigError(name, 'must be 64 hexadecimal characters (32 random bytes)');
  }
  return Buffer.from(v, 'hex');
}

/**
 * A secret that is needed and not configured is generated once and kept in the data directory
 * (embedded database), or required (external database: several processes must share it).
 */
function loadSecretKey(env: Env, dataDir: string, external: boolean): Buffer {
  const v = raw(env, 'PHAROS_SECRET_KEY');
  if (v) return parseSecretKey('PHAROS_SECRET_KEY', v);
  if (external) {
    throw new ConfigError(
      'PHAROS_SECRET_KEY',
      'is required when DATABASE_URL is set (generate one with `openssl rand -hex 32`)',
    );
  }
  const file = join(dataDir, 'secret.key');
  if (existsSync(file)) return parseSecretKey(file, readFileSync(file, 'utf8').trim());
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const key = randomBytes(32);
  writeFileSync(file, key.toString('hex') + '\n', { mode: 0o600, flag: 'wx' });
  return key;
}

export interface LoadConfigOptions {
  /** Skip generating/reading the secret key file (commands that never decrypt anything). */
  skipSecretKey?: boolean;
}

export function loadConfig(env: Env = process.env, opts: LoadConfigOptions = {}): Config {
  const port = int(env, 'PORT', 0, 65535);
  const host = raw(env, 'HOST');
  const dataDir = resolve(raw(env, 'PHAROS_DATA_DIR'));
  const dbUrl = raw(env, 'DATABASE_URL');
  if (dbUrl) {
    let u: URL;
    try {
      u = new URL(dbUrl);
    } catch {
      throw new ConfigError('DATABASE_URL', 'is not a valid URL');
    }
    if (u.protocol !== 'postgres:' && u.protocol !== 'postgresql:') {
      throw new ConfigError(
        'DATABASE_URL',
        `must start with postgres:// or postgresql://, got "${u.protocol}"`,
      );
    }
  }
  const publicUrl = raw(env, 'PHAROS_PUBLIC_URL') || `http://localhost:${port}`;
  try {
    const u = new URL(publicUrl);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error();
  } catch {
    throw new ConfigError('PHAROS_PUBLIC_URL', `must be an http(s) URL, got "${publicUrl}"`);
  }
  const trustRaw = raw(env, 'PHAROS_TRUST_PROXY');
  let trustProxy: boolean | number;
  if (trustRaw === 'true' || trustRaw === 'false') trustProxy = trustRaw === 'true';
  else if (/^\d+$/.test(trustRaw)) trustProxy = Number(trustRaw);
  else
    throw new ConfigError(
      'PHAROS_TRUST_PROXY',
      `must be true, false or a hop count, got "${trustRaw}"`,
    );

  return {
    port,
    host,
    dataDir,
    databaseUrl: dbUrl || null,
    role: oneOf(env, 'PHAROS_ROLE', ROLES_AT_BOOT),
    secretKey: opts.skipSecretKey ? Buffer.alloc(32) : loadSecretKey(env, dataDir, Boolean(dbUrl)),
    publicUrl: publicUrl.replace(/\/+$/, ''),
    logLevel: oneOf(env, 'PHAROS_LOG_LEVEL', [
      'trace',
      'debug',
      'info',
      'warn',
      'error',
      'fatal',
      'silent',
    ] as const),
    embeddedPgPort: int(env, 'PHAROS_EMBEDDED_PG_PORT', 0, 65535),
    dbPoolSize: int(env, 'PHAROS_DB_POOL_SIZE', 2, 500),
    sessionTtlHours: int(env, 'PHAROS_SESSION_TTL_HOURS', 1, 24 * 90),
    sessionMaxDays: int(env, 'PHAROS_SESSION_MAX_DAYS', 1, 365),
    bodyLimitBytes: int(env, 'PHAROS_BODY_LIMIT_BYTES', 1024, 1024 * 1024 * 1024),
    trustProxy,
    signinMaxFailures: int(env, 'PHAROS_SIGNIN_MAX_FAILURES', 1, 1000),
    partitionDaysAhead: int(env, 'PHAROS_PARTITION_DAYS_AHEAD', 1, 60),
    shutdownTimeoutMs: int(env, 'PHAROS_SHUTDOWN_TIMEOUT_MS', 0, 600_000),
    metricsToken: raw(env, 'PHAROS_METRICS_TOKEN') || null,
    ingest: {
      maxBodyBytes: int(env, 'PHAROS_INGEST_MAX_BODY_BYTES', 1024, 2 ** 31),
      maxDecodedBytes: int(env, 'PHAROS_INGEST_MAX_DECODED_BYTES', 1024, 2 ** 32),
      queueMaxBytes: int(env, 'PHAROS_INGEST_QUEUE_MAX_BYTES', 1024, 2 ** 40),
      spoolMaxBytes: int(env, 'PHAROS_INGEST_SPOOL_MAX_BYTES', 0, 2 ** 50),
      flushMs: int(env, 'PHAROS_INGEST_FLUSH_MS', 0, 10_000),
      flushRows: int(env, 'PHAROS_INGEST_FLUSH_ROWS', 1, 1_000_000),
      flushConcurrency: flushConcurrency(env),
      orgRecordsPerSecond: int(env, 'PHAROS_INGEST_ORG_RATE', 0, 1_000_000_000),
    },
    metrics: {
      chunkHours: Number(oneOf(env, 'PHAROS_METRICS_CHUNK_HOURS', CHUNK_HOURS)),
      headMinutes: int(env, 'PHAROS_METRICS_HEAD_MINUTES', 0, 7 * 24 * 60),
      rollupLookbackMinutes: int(env, 'PHAROS_METRICS_ROLLUP_LOOKBACK_MINUTES', 5, 24 * 60),
    },
    scrape: {
      maxBytes: int(env, 'PHAROS_SCRAPE_MAX_BYTES', 1024, 2 ** 31),
      sampleLimit: int(env, 'PHAROS_SCRAPE_SAMPLE_LIMIT', 1, 100_000_000),
      concurrency: int(env, 'PHAROS_SCRAPE_CONCURRENCY', 1, 10_000),
    },
  };
}

/**
 * Flush transactions hold pool connections: at least two stay free for everything else (unset,
 * the default shrinks to fit a small pool).
 */
function flushConcurrency(env: Env): number {
  const pool = int(env, 'PHAROS_DB_POOL_SIZE', 2, 500);
  if (!env.PHAROS_INGEST_FLUSH_CONCURRENCY?.trim()) {
    return Math.max(
      1,
      Math.min(Number(SETTINGS.PHAROS_INGEST_FLUSH_CONCURRENCY.default), pool - 2),
    );
  }
  const n = int(env, 'PHAROS_INGEST_FLUSH_CONCURRENCY', 1, 32);
  if (n > Math.max(1, pool - 2)) {
    throw new ConfigError(
      'PHAROS_INGEST_FLUSH_CONCURRENCY',
      `must leave two of the PHAROS_DB_POOL_SIZE (${pool}) connections free, got ${n}`,
    );
  }
  return n;
}

/** The README's configuration table, generated from SETTINGS (`npm run docs` rewrites it). */
export function settingsMarkdown(): string {
  const rows = Object.entries(SETTINGS).map(
    ([name, s]) =>
      `| \`${name}\` | ${s.default === '' ? '(none)' : `\`${s.default}\``} | ${s.doc.replace(/\|/g, '\\|')} |`,
  );
  return ['| setting | default | what it does |', '| --- | --- | --- |', ...rows].join('\n');
}
