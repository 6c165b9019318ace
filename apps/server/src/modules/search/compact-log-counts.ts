import type { Db } from '../../db/client.ts';
import { compactLogCounts as compact } from './repository.ts';

/**
 * Folds the per-minute rollup's delta rows into one row per (minute, org, service, level).
 * Idempotent; across organizations (a system job). Returns how many rows it removed.
 */
export async function compactLogCounts(db: Db): Promise<number> {
  return compact(db);
}
