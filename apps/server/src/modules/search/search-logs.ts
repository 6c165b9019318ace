import { withTransaction, type Ctx } from '../../db/context.ts';
import { compileSearch, mapTimeout, decodeCursor, encodeCursor, timeRange } from './query.ts';
import { limitStatementTime, selectLogs } from './repository.ts';
import type { LogRecord, SearchLogsQuery } from './schemas.ts';

/** A search that has to scan a day of records without enough matches stops here (then 503). */
export const SEARCH_TIMEOUT_MS = 15_000;

/** One page of matching records, newest first, with the cursor of the next page. */
export async function searchLogs({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: SearchLogsQuery;
}): Promise<{ items: LogRecord[]; next_cursor: string | null }> {
  const q = compileSearch(input.q);
  const range = timeRange(input.from, input.to);
  const before = input.cursor ? decodeCursor(input.cursor) : undefined;
  // One row more than asked tells whether another page exists without a count.
  const rows = await mapTimeout(
    withTransaction(ctx, async (tx) => {
      await limitStatementTime(tx, SEARCH_TIMEOUT_MS);
      return selectLogs(tx, {
        orgId: ctx.orgId!,
        ...range,
        where: q.where,
        before,
        limit: input.limit + 1,
      });
    }),
  );
  const items = rows.slice(0, input.limit);
  const last = items[items.length - 1];
  return {
    items,
    next_cursor:
      rows.length > input.limit && last
        ? encodeCursor({ time: last.time, recordId: last.record_id })
        : null,
  };
}
