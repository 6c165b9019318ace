import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import type pino from 'pino';
import type { Config } from '../config.ts';
import type { DbHandle } from '../db/client.ts';
import { maintainPartitions } from '../db/partitions.ts';
import { compactLogCounts } from '../modules/search/index.ts';
import { pruneMonitorStats } from '../modules/monitors/index.ts';
import { aggregateEndpointStats } from '../modules/performance/index.ts';
import { compactMetricSamples, refreshMetricRollups } from '../modules/metrics/index.ts';
import { cleanupSessions } from './sessions-cleanup.ts';

/** What a handler gets besides its payload: the process's database, configuration and logger. */
export interface JobContext {
  db: DbHandle;
  config: Config;
  log: pino.Logger;
  jobId: string;
}

export type QueuePolicy = 'standard' | 'singleton' | 'stately';

export interface JobDefinition<S extends TSchema = TSchema> {
  /** Validated on send and again on receive (a job may have been queued by an older version). */
  payload: S;
  retryLimit: number;
  retryDelaySeconds: number;
  /** Exponential backoff from retryDelaySeconds. */
  retryBackoff: boolean;
  /** The handler's time limit; past it pg-boss fails the job (and retries it). */
  expireInSeconds: number;
  /**
   * pg-boss queue policy. `stately`: at most one job queued and one running at a time, so
   * duplicate sends collapse while one is waiting and runs never overlap.
   */
  policy: QueuePolicy;
  /**
   * Singleton slot: every send of this job within the same slot of this many seconds (aligned
   * to the epoch, so the same in every process) is one job; the others are dropped by pg-boss's
   * unique index on (name, singleton_on). Periodic jobs use their period, so a cron run and the
   * start-up run of a second process in the same period do not both run.
   */
  slotSeconds?: number;
  /** Cron expression (UTC) for periodic jobs; registered by worker processes only. */
  cron?: string;
  /** Thin and idempotent: it may run again after a crash or a retry. Returns a small summary. */
  handler(payload: Static<S>, ctx: JobContext): Promise<Record<string, unknown>>;
}

function defineJob<S extends TSchema>(def: JobDefinition<S>): JobDefinition<S> {
  return def;
}

const MaintainPartitionsPayloadSchema = Type.Object(
  {
    reason: Type.Optional(
      Type.Union([Type.Literal('schedule'), Type.Literal('startup'), Type.Literal('manual')]),
    ),
  },
  { additionalProperties: false },
);
const CleanupSessionsPayloadSchema = Type.Object({}, { additionalProperties: false });

export const jobCatalog = {
  'partitions.maintain': defineJob({
    payload: MaintainPartitionsPayloadSchema,
    retryLimit: 3,
    retryDelaySeconds: 30,
    retryBackoff: true,
    expireInSeconds: 10 * 60,
    policy: 'stately',
    slotSeconds: 15 * 60,
    cron: '*/15 * * * *',
    handler: async (_payload, { db, config }) => {
      const all = await maintainPartitions(db.pool, config.partitionDaysAhead);
      const tables = all.filter((t) => t.deletedRows === undefined);
      return {
        created: tables.reduce((n, t) => n + t.created, 0),
        dropped: tables.reduce((n, t) => n + t.dropped, 0),
        tables: tables.length,
        deletedRows: all.reduce((n, t) => n + (t.deletedRows ?? 0), 0),
      };
    },
  }),
  'sessions.cleanup': defineJob({
    payload: CleanupSessionsPayloadSchema,
    retryLimit: 3,
    retryDelaySeconds: 60,
    retryBackoff: true,
    expireInSeconds: 10 * 60,
    policy: 'stately',
    slotSeconds: 60 * 60,
    cron: '7 * * * *',
    handler: async (_payload, { db }) => ({ deleted: await cleanupSessions(db.db) }),
  }),
  // Folds the per-minute log count deltas that the log_records trigger appends (migration 0012).
  'log_counts.compact': defineJob({
    payload: Type.Object({}, { additionalProperties: false }),
    retryLimit: 2,
    retryDelaySeconds: 30,
    retryBackoff: true,
    expireInSeconds: 5 * 60,
    policy: 'stately',
    slotSeconds: 60,
    cron: '* * * * *',
    handler: async (_payload, { db }) => ({ removed: await compactLogCounts(db.db) }),
  }),
  // Checks themselves are claimed by each worker's monitor scheduler (modules/monitors).
  'monitors.prune': defineJob({
    payload: Type.Object({}, { additionalProperties: false }),
    retryLimit: 3,
    retryDelaySeconds: 60,
    retryBackoff: true,
    expireInSeconds: 10 * 60,
    policy: 'stately',
    slotSeconds: 60 * 60,
    cron: '17 * * * *',
    handler: async (_payload, { db }) => ({ deleted: await pruneMonitorStats(db.db) }),
  }),
  // Packs closed windows of the metric head into per-series chunks (modules/metrics README).
  'metrics.compact': defineJob({
    payload: Type.Object({}, { additionalProperties: false }),
    retryLimit: 3,
    retryDelaySeconds: 60,
    retryBackoff: true,
    expireInSeconds: 30 * 60,
    policy: 'stately',
    slotSeconds: 15 * 60,
    cron: '*/15 * * * *',
    handler: async (_payload, { db, config }) => {
      const r = await compactMetricSamples(db.pool, config.metrics);
      return { ...r, truncated: r.truncated.length };
    },
  }),
  // Re-aggregates the recent 5-minute and hourly metric rollups (continuous-aggregate style).
  'metrics.rollup': defineJob({
    payload: Type.Object({}, { additionalProperties: false }),
    retryLimit: 2,
    retryDelaySeconds: 30,
    retryBackoff: true,
    expireInSeconds: 5 * 60,
    policy: 'stately',
    slotSeconds: 60,
    cron: '* * * * *',
    handler: async (_payload, { db, config }) =>
      refreshMetricRollups(db.pool, { lookbackMinutes: config.metrics.rollupLookbackMinutes }),
  }),
  // Endpoint statistics from spans and request logs, with their 5-minute and hourly rollups
  // (modules/performance). Each run replaces the last few closed minutes, so it is idempotent.
  'performance.aggregate': defineJob({
    payload: Type.Object({}, { additionalProperties: false }),
    retryLimit: 2,
    retryDelaySeconds: 30,
    retryBackoff: true,
    expireInSeconds: 10 * 60,
    policy: 'stately',
    slotSeconds: 60,
    cron: '* * * * *',
    handler: async (_payload, { db }) => ({ ...(await aggregateEndpointStats(db.db)) }),
  }),
};

export type JobCatalog = Record<string, JobDefinition>;
export type JobName = keyof typeof jobCatalog;
export type JobPayload<N extends JobName> = Static<(typeof jobCatalog)[N]['payload']>;

/** Throws a readable error when payload does not match the job's schema. */
export function assertPayload(name: string, def: JobDefinition, payload: unknown): void {
  if (Value.Check(def.payload, payload)) return;
  const first = Value.Errors(def.payload, payload).First();
  throw new Error(
    `invalid payload for job ${name}: ${first ? `${first.path || '/'} ${first.message}` : 'schema mismatch'}`,
  );
}
