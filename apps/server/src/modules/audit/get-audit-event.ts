import { withTransaction, type Ctx } from '../../db/context.ts';
import { notFound } from '../../platform/errors.ts';
import { orgOf } from './filters.ts';
import { selectAuditEventById, type AuditEventRecord } from './repository.ts';

/** One audit event of the caller's organization. */
export async function getAuditEvent({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { id: string };
}): Promise<AuditEventRecord> {
  const row = await withTransaction(ctx, (tx) => selectAuditEventById(tx, orgOf(ctx), input.id));
  if (!row) throw notFound('Audit event');
  return row;
}
