import PgBoss from 'pg-boss';
import type pino from 'pino';
import type { Config } from '../config.ts';
import type { DbHandle } from '../db/client.ts';
import { assertPayload, jobCatalog, type JobCatalog, type JobDefinition } from './catalog.ts';
import type { JobRuntime } from './runtime.ts';

export { jobCatalog, type JobName, type JobPayload, type JobDefinition } from './catalog.ts';
export type { JobRuntime } from './runtime.ts';

/** pg-boss keeps its tables in a schema of its own, beside Pharos's. */
export const JOB_SCHEMA = 'pgboss';

/** Polling and cron intervals; production uses pg-boss's defaults, tests shorten them. */
export interface JobRuntimeTuning {
  pollingIntervalSeconds?: number;
  cronMonitorIntervalSeconds?: number;
  cronWorkerIntervalSeconds?: number;
}

export interface StartJobRuntimeOptions {
  config: Config;
  db: DbHandle;
  log: pino.Logger;
  /** Run workers and register schedules (roles all and worker); otherwise send only. */
  work: boolean;
  /** Replaces the job catalog (tests register probe jobs). */
  catalog?: JobCatalog;
  tuning?: JobRuntimeTuning;
}

function connectionStringOf(opts: StartJobRuntimeOptions): string {
  const url = opts.db.pool.options.connectionString ?? opts.config.databaseUrl;
  if (!url) throw new Error('job runtime: the database pool has no connection string');
  return url;
}

function sendOptions(def: JobDefinition): PgBoss.SendOptions {
  return def.slotSeconds ? { singletonSeconds: def.slotSeconds } : {};
}

/**
 * Starts pg-boss on Pharos's database and creates the queues of the catalog. Processes that
 * work also start one worker per queue, register the cron schedules (pg-boss turns each cron
 * slot into one job across all processes) and queue partition maintenance once at start.
 */
export async function startJobRuntime(opts: StartJobRuntimeOptions): Promise<JobRuntime> {
  const { config, db, log, work } = opts;
  const catalog: JobCatalog = opts.catalog ?? jobCatalog;
  const tuning = opts.tuning ?? {};
  const boss = new PgBoss({
    connectionString: connectionStringOf(opts),
    schema: JOB_SCHEMA,
    // Its own small pool: job bookkeeping must not starve request handling, nor the reverse.
    max: 4,
    application_name: 'pharos-jobs',
    // Cron and queue maintenance (expiry, archiving) belong to the processes that work.
    schedule: work,
    supervise: work,
    // pg-boss rejects keys present with an undefined value.
    ...Object.fromEntries(Object.entries(tuning).filter(([, v]) => v !== undefined)),
  });
  boss.on('error', (err) => log.error({ err }, 'job queue error'));
  await boss.start();

  try {
    // Two processes creating the same queue at once deadlock inside pg-boss (each attaches a
    // partition to its job table), so queue set-up is serialized across processes.
    await withSetupLock(db, async () => {
      for (const [name, def] of Object.entries(catalog)) {
        const queue = {
          name,
          policy: def.policy,
          retryLimit: def.retryLimit,
          retryDelay: def.retryDelaySeconds,
          retryBackoff: def.retryBackoff,
          expireInSeconds: def.expireInSeconds,
        };
        // createQueue does nothing when the queue exists; updateQueue applies catalog changes.
        await boss.createQueue(name, queue);
        await boss.updateQueue(name, queue);
        if (!work) continue;
        if (def.cron) {
          assertPayload(name, def, {});
          await boss.schedule(name, def.cron, {}, { tz: 'UTC', ...sendOptions(def) });
        } else {
          await boss.unschedule(name);
        }
      }
    });

    if (work) {
      for (const [name, def] of Object.entries(catalog)) {
        await boss.work<object>(
          name,
          // pg-boss rejects an explicit undefined interval, so the key is set only when tuned.
          tuning.pollingIntervalSeconds
            ? { batchSize: 1, pollingIntervalSeconds: tuning.pollingIntervalSeconds }
            : { batchSize: 1 },
          async ([job]) => (job ? runJob(name, def, job, { config, db, log }) : undefined),
        );
      }
      const maintain = catalog['partitions.maintain'];
      if (maintain) {
        await boss.send('partitions.maintain', { reason: 'startup' }, sendOptions(maintain));
      }
    }
  } catch (err) {
    await boss.stop({ graceful: false }).catch(() => {});
    throw err;
  }

  log.info({ work, queues: Object.keys(catalog) }, 'job runtime started');
  let stopping: Promise<void> | null = null;
  return {
    working: work,
    async send(name, payload, options = {}) {
      const def = catalog[name];
      if (!def) throw new Error(`unknown job ${name}`);
      assertPayload(name, def, payload);
      return boss.send(name, payload, { ...sendOptions(def), ...options });
    },
    stop(timeoutMs) {
      // pg-boss stops fetching, waits for running handlers up to timeoutMs, then closes its pool.
      stopping ??= boss.stop({ graceful: true, timeout: timeoutMs, wait: true });
      return stopping;
    },
  };
}

/** Runs fn holding a session-level advisory lock on a connection of Pharos's own pool. */
async function withSetupLock(db: DbHandle, fn: () => Promise<void>): Promise<void> {
  const client = await db.pool.connect();
  try {
    await client.query(`SELECT pg_advisory_lock(hashtext('pharos.jobs.setup'))`);
    try {
      await fn();
    } finally {
      await client.query(`SELECT pg_advisory_unlock(hashtext('pharos.jobs.setup'))`);
    }
  } finally {
    client.release();
  }
}

async function runJob(
  name: string,
  def: JobDefinition,
  job: PgBoss.Job<object>,
  deps: Pick<StartJobRuntimeOptions, 'config' | 'db' | 'log'>,
): Promise<Record<string, unknown>> {
  const started = performance.now();
  const log = deps.log.child({ job: name, job_id: job.id });
  try {
    assertPayload(name, def, job.data);
    const result = await def.handler(job.data, { ...deps, log, jobId: job.id });
    log.info(
      { ms: Math.round(performance.now() - started), outcome: 'completed', result },
      'job completed',
    );
    return result;
  } catch (err) {
    log.error(
      { ms: Math.round(performance.now() - started), outcome: 'failed', err },
      'job failed',
    );
    throw err;
  }
}
