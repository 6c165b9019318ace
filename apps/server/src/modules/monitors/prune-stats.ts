import type { Db } from '../../db/client.ts';
import { systemCtx, withTransaction } from '../../db/context.ts';
import { pruneHourlyStats } from './check/repository.ts';

/** Drops hour buckets older than the longest window that reads them (30 days). */
export async function pruneMonitorStats(db: Db): Promise<number> {
  return withTransaction(systemCtx(db, 'monitors.prune'), (tx) => pruneHourlyStats(tx));
}
