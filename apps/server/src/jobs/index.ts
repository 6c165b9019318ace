// Placeholder; the job runtime (pg-boss, job catalog, partition maintenance) replaces this.
import type pino from 'pino';
import type { Config } from '../config.ts';
import type { DbHandle } from '../db/client.ts';
import type { JobRuntime } from './runtime.ts';

export async function startJobRuntime(_opts: {
  config: Config;
  db: DbHandle;
  log: pino.Logger;
  work: boolean;
}): Promise<JobRuntime | null> {
  return null;
}
