import { withTransaction, type Ctx } from '../../db/context.ts';
import { decodeCursor, encodeCursor, toQuery } from './filters.ts';
import { selectAuditEvents, type AuditEventRecord } from './repository.ts';
import type { ListAuditEventsQuery } from './schemas.ts';

/** One page of the organization's audit events, newest first, with the cursor of the next. */
export async function listAuditEvents({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: ListAuditEventsQuery;
}): Promise<{ items: AuditEventRecord[]; next_cursor: string | null }> {
  const { limit, cursor, ...filters } = input;
  // One row more than asked tells whether another page exists without a count.
  const q = toQuery(ctx, filters, limit + 1);
  if (cursor) q.before = decodeCursor(cursor);
  const rows = await withTransaction(ctx, (tx) => selectAuditEvents(tx, q));
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return {
    items,
    next_cursor: rows.length > limit && last ? encodeCursor(last.occurred_at, last.id) : null,
  };
}
