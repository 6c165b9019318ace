import { withTransaction, type Ctx } from '../../db/context.ts';
import { findPatterns } from '../../lib/drain/index.ts';
import { compileSearch, mapTimeout, timeRange } from './query.ts';
import { limitStatementTime, selectMessages } from './repository.ts';
import type { PatternsQuery } from './schemas.ts';

/**
 * Log patterns of a range: the newest `sample` matching messages clustered with Drain, each
 * template flagged new when no message of the preceding window of equal length fits it.
 */
export async function getLogPatterns({ ctx, input }: { ctx: Ctx; input: PatternsQuery }) {
  const q = compileSearch(input.q);
  const { from, to } = timeRange(input.from, input.to, 3_600_000);
  const prevFrom = new Date(from.getTime() - (to.getTime() - from.getTime()));
  const orgId = ctx.orgId!;
  const [current, previous] = await mapTimeout(
    withTransaction(ctx, async (tx) => {
      await limitStatementTime(tx, 20_000);
      const cur = await selectMessages(tx, {
        orgId,
        from,
        to,
        where: q.where,
        limit: input.sample,
      });
      const prev = await selectMessages(tx, {
        orgId,
        from: prevFrom,
        to: from,
        where: q.where,
        limit: input.sample,
      });
      return [cur, prev] as const;
    }),
  );
  const patterns = findPatterns(current, previous, { limit: input.limit });
  return {
    from: from.toISOString(),
    to: to.toISOString(),
    sampled: current.length,
    previous_sampled: previous.length,
    patterns: patterns.map(({ isNew, ...p }) => ({ ...p, is_new: isNew })),
  };
}
