import { withTransaction, type Ctx } from '../../db/context.ts';
import { AppError } from '../../platform/errors.ts';
import { selectTraces } from './repository.ts';
import type { ListTracesQuery, TraceSummary } from './schemas.ts';

const DEFAULT_RANGE_MS = 3_600_000;
const MAX_RANGE_MS = 7 * 86_400_000;

/** Recent traces (default: the last hour), newest first, optionally of a service or slower than a bound. */
export async function listTraces({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: ListTracesQuery;
}): Promise<{ items: TraceSummary[] }> {
  const to = input.to ? new Date(input.to) : new Date();
  const from = input.from ? new Date(input.from) : new Date(to.getTime() - DEFAULT_RANGE_MS);
  if (!(from.getTime() < to.getTime())) throw new AppError('VALIDATION', 'from must be before to.');
  if (to.getTime() - from.getTime() > MAX_RANGE_MS)
    throw new AppError('VALIDATION', 'The range from..to may span at most 7 days.');
  const items = await withTransaction(ctx, (tx) =>
    selectTraces(tx, { ...input, from: from.toISOString(), to: to.toISOString() }),
  );
  return { items };
}
