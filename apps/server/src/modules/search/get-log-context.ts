import { withTransaction, type Ctx } from '../../db/context.ts';
import { notFound } from '../../platform/errors.ts';
import { selectLogRecord, selectNeighbours } from './repository.ts';
import type { LogRecord } from './schemas.ts';

/** The lines around one record in its stream (same service and host), oldest first. */
export async function getLogContext({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { time: string; recordId: string; before: number; after: number };
}): Promise<{ record: LogRecord; before: LogRecord[]; after: LogRecord[] }> {
  const orgId = ctx.orgId!;
  return withTransaction(ctx, async (tx) => {
    const record = await selectLogRecord(tx, orgId, input.time, input.recordId);
    if (!record) throw notFound('The log record');
    const before = await selectNeighbours(tx, orgId, record, 'before', input.before);
    const after = await selectNeighbours(tx, orgId, record, 'after', input.after);
    return { record, before: before.reverse(), after };
  });
}
