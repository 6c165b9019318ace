import type pg from 'pg';
import { classifyWriteError, isUniqueViolation } from './db-errors.ts';
import type { IngestItem, TableWriter } from './types.ts';

/**
 * Writes `items` in one transaction, one writer call per table (rows of the same writer merged).
 * `replay`: rows may already be stored, so every writer takes its deduplicating path. A
 * connection that failed or is in an unknown state is closed, not returned to the pool.
 */
export async function writeTransaction(
  pool: pg.Pool,
  writers: ReadonlyMap<string, TableWriter>,
  items: IngestItem[],
  replay: boolean,
): Promise<void> {
  const byWriter = new Map<string, { org_id: string }[]>();
  for (const it of items) {
    const list = byWriter.get(it.writer);
    if (list) for (const r of it.rows) list.push(r);
    else byWriter.set(it.writer, it.rows.slice());
  }
  const client = await pool.connect();
  let broken: unknown = undefined;
  // A connection that dies while checked out emits 'error'; unheard, it would end the process.
  const onError = (err: Error) => (broken = err);
  client.on('error', onError);
  try {
    await client.query('BEGIN');
    for (const [name, rows] of byWriter) {
      const writer = writers.get(name);
      if (!writer) throw new Error(`no ingest writer named ${name}`);
      await writer.write(client, rows, { replay });
    }
    await client.query('COMMIT');
  } catch (err) {
    if (classifyWriteError(err) === 'unavailable') broken = err;
    else await client.query('ROLLBACK').catch((e: unknown) => (broken = e));
    throw err;
  } finally {
    client.off('error', onError);
    client.release(broken instanceof Error ? broken : broken ? true : undefined);
  }
}

/**
 * One transaction, written again in replay mode when it hit rows already stored (a unique
 * violation), so the rest are stored once. For writers outside the pipeline (a worker's scrapes).
 */
export async function writeDeduplicated(
  pool: pg.Pool,
  writers: ReadonlyMap<string, TableWriter>,
  items: IngestItem[],
): Promise<void> {
  try {
    await writeTransaction(pool, writers, items, false);
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    await writeTransaction(pool, writers, items, true);
  }
}
