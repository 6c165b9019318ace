import { withTransaction, type Ctx } from '../../db/context.ts';
import { invalid, notFound } from '../../platform/errors.ts';
import { selectIssue, selectIssueEvents } from './repository.ts';
import type { ListIssueEventsQuery } from './schemas.ts';

function decodeCursor(cursor: string): { occurredAt: string; eventId: string } {
  const [t, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  if (!t || !id || Number.isNaN(Date.parse(t)) || !/^[0-9a-f-]{36}$/.test(id)) {
    throw invalid('The cursor is not valid.');
  }
  return { occurredAt: t, eventId: id };
}

/** The events of an issue, newest first, keyset-paginated. */
export async function listIssueEvents({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { id: string } & ListIssueEventsQuery;
}) {
  const before = input.cursor ? decodeCursor(input.cursor) : null;
  return withTransaction(ctx, async (tx) => {
    if (!(await selectIssue(tx, input.id))) throw notFound('Issue');
    const rows = await selectIssueEvents(tx, input.id, input.limit + 1, before);
    const items = rows.slice(0, input.limit);
    const last = items[items.length - 1];
    return {
      items,
      next_cursor:
        rows.length > input.limit && last
          ? Buffer.from(`${last.occurred_at}|${last.event_id}`).toString('base64url')
          : null,
    };
  });
}
