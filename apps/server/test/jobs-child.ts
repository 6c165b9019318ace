// A separate Pharos job process for jobs.int.test.ts: it starts a job runtime against
// DATABASE_URL, sends the singleton jobs many times, lets its workers and cron run for RUN_MS,
// stops gracefully and exits. Its JSON log lines on stdout are what the test counts.
import { randomBytes } from 'node:crypto';
import pino from 'pino';
import { loadConfig } from '../src/config.ts';
import { createDb } from '../src/db/client.ts';
import { jobCatalog, startJobRuntime } from '../src/jobs/index.ts';

const url = process.env.DATABASE_URL ?? '';
const sends = Number(process.env.SEND_COUNT ?? '20');
const runMs = Number(process.env.RUN_MS ?? '3000');
const log = pino({ level: 'info', base: { child: process.env.CHILD_ID ?? String(process.pid) } });
const config = loadConfig(
  {
    PHAROS_SECRET_KEY: randomBytes(32).toString('hex'),
    DATABASE_URL: url,
    PHAROS_LOG_LEVEL: 'info',
  },
  {},
);
const db = createDb(url, 4, 'pharos-test-child');

// The real handlers and policies; only maintain's schedule is every minute (and its singleton
// slot one minute), so that cron slots come up within a test run.
const catalog = {
  ...jobCatalog,
  'partitions.maintain': {
    ...jobCatalog['partitions.maintain'],
    cron: '* * * * *',
    slotSeconds: 60,
  },
};

const jobs = await startJobRuntime({
  config,
  db,
  log,
  work: true,
  catalog,
  tuning: {
    pollingIntervalSeconds: 0.5,
    cronMonitorIntervalSeconds: 1,
    cronWorkerIntervalSeconds: 1,
  },
});
const ids = await Promise.all(
  Array.from({ length: sends }, (_, i) =>
    jobs.send(
      i % 2 ? 'partitions.maintain' : 'sessions.cleanup',
      i % 2 ? { reason: 'manual' } : {},
    ),
  ),
);
log.info({ accepted: ids.filter(Boolean).length, sent: ids.length }, 'sends done');
await new Promise((r) => setTimeout(r, runMs));
await jobs.stop(5000);
await db.close();
// Kysely ends the pool only if it ran a query itself; a child that ran no job never did.
if (!db.pool.ending) await db.pool.end();
log.info('child stopped');
