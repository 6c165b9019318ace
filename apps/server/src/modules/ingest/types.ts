import type { FastifyBaseLogger } from 'fastify';
import type pg from 'pg';
import type { ScrubPolicy } from './scrub.ts';

/** Who is sending: resolved from the credential by authenticateIngest(). */
export interface IngestContext {
  orgId: string;
  apiKeyId: string | null;
  /** Key limited to these projects; null = all of the organization. */
  projectIds: number[] | null;
  /** The project records go to (DSN id, `X-Pharos-Project` header, or the org's default). */
  projectId: number;
  /** Protocol/adapter name: 'otlp-logs', 'ndjson', 'es-bulk', 'sentry', ... */
  source: string;
  /** E.g. the user agent's product, for the log_sources row. */
  sourceName?: string;
  /** The organization's scrubbing policy (organizations.settings.scrubbing); defaults when absent. */
  scrub?: ScrubPolicy;
}

/** Hints the pipeline gives a writer. */
export interface WriteOptions {
  /**
   * The rows may already be stored (a spool replay, or a batch that hit a duplicate): the writer
   * should go straight to its deduplicating path.
   */
  replay?: boolean;
}

/**
 * A table writer, registered once at startup by the module that owns the table. Rows must
 * survive a JSON round trip (they may be spooled to disk): a Date comes back as an ISO string,
 * so writers accept both.
 */
export interface TableWriter<Row extends { org_id: string } = { org_id: string }> {
  /** E.g. 'log_records', 'error_events'. */
  name: string;
  /** Writes rows (any orgs) inside the open transaction; must skip rows already stored. */
  write(client: pg.PoolClient, rows: Row[], opts?: WriteOptions): Promise<void>;
  /** Rough in-memory size of a row, for the byte limits. */
  sizeOf?(row: Row): number;
}

/** One batch of rows for one writer. */
export interface IngestItem<Row extends { org_id: string } = { org_id: string }> {
  writer: string;
  rows: Row[];
}

/**
 * The queue and the spool are full, or PostgreSQL is unavailable and the spool cannot take more:
 * answer 503 + Retry-After (429 + Retry-After + X-Sentry-Rate-Limits for Sentry).
 */
export class IngestBusyError extends Error {
  readonly retryAfterSeconds: number;
  /** 'busy' (queue/spool full) or 'rate_limited' (the organization's ingest rate). */
  readonly reason: 'busy' | 'rate_limited';
  constructor(
    message: string,
    retryAfterSeconds: number,
    reason: 'busy' | 'rate_limited' = 'busy',
  ) {
    super(message);
    this.name = 'IngestBusyError';
    this.retryAfterSeconds = Math.max(1, Math.ceil(retryAfterSeconds));
    this.reason = reason;
  }
}

/** The organization sends more records per second than its ingest rate limit allows. */
export class IngestRateLimitedError extends IngestBusyError {
  constructor(message: string, retryAfterSeconds: number) {
    super(message, retryAfterSeconds, 'rate_limited');
    this.name = 'IngestRateLimitedError';
  }
}

/** A submitted batch PostgreSQL refused as data (constraint, encoding): retrying cannot help. */
export class IngestRejectedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'IngestRejectedError';
  }
}

/** What `app.ingest` offers. */
export interface IngestPipeline {
  /** Registers a table writer (at plugin registration, before the app is ready). */
  register<Row extends { org_id: string }>(writer: TableWriter<Row>): void;
  /**
   * Resolves once every row is committed to PostgreSQL, or written and fsynced to the spool.
   * Rejects with IngestBusyError (answer 503/429 + Retry-After) or IngestRejectedError.
   */
  submit(ctx: IngestContext, items: IngestItem[]): Promise<void>;
  /** Records rejected by an adapter (invalid input), for log_sources and metrics. */
  noteRejected(ctx: IngestContext, count: number, error: string): void;
  /** Queue and spool state, for health and tests. */
  stats(): IngestStats;
  /** Writes what is queued and waits for the spool to drain (tests, shutdown). */
  flush(): Promise<void>;
}

export interface IngestStats {
  queuedBytes: number;
  queuedRows: number;
  spoolBytes: number;
  spoolFiles: number;
  databaseUp: boolean;
}

export interface PipelineOptions {
  pool: pg.Pool;
  spoolDir: string;
  spoolMaxBytes: number;
  /** Bytes of rows waiting in memory (queued + being written) before submits go to the spool. */
  queueMaxBytes: number;
  /** Rows per flush transaction at most. */
  flushMaxRows: number;
  /** How long a batch waits for others to join its transaction. */
  flushIntervalMs: number;
  /** Flush transactions running at once. */
  concurrency?: number;
  /** A flush slower than this is spooled instead (its transaction may still commit: replays dedupe). */
  writeTimeoutMs?: number;
  /** How often PostgreSQL is probed while it is down. */
  probeIntervalMs?: number;
  log: FastifyBaseLogger;
  hooks?: PipelineHooks;
}

export interface PipelineHooks {
  committed?(ctx: IngestContext, rows: number, seconds: number): void;
  spooled?(ctx: IngestContext, rows: number): void;
  refused?(ctx: IngestContext, rows: number, reason: string): void;
  flushed?(seconds: number, rows: number, target: 'database' | 'spool'): void;
}
