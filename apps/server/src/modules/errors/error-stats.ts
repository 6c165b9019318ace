import { withTransaction, type Ctx } from '../../db/context.ts';
import { selectTopErrors, selectTrend, selectUnresolvedBySeverity } from './repository.ts';
import type { TopErrorsQuery, TrendQuery, UnresolvedQuery } from './schemas.ts';

/** Seed 001 section 5.3: top errors by occurrence over the last `days`. */
export async function getTopErrors({ ctx, input }: { ctx: Ctx; input: TopErrorsQuery }) {
  const items = await withTransaction(ctx, (tx) =>
    selectTopErrors(tx, input.days, input.limit, input.project_id),
  );
  return { items };
}

/** Seed 001 section 5.3: events and distinct users per error type and hour or day. */
export async function getErrorTrend({ ctx, input }: { ctx: Ctx; input: TrendQuery }) {
  const items = await withTransaction(ctx, (tx) =>
    selectTrend(tx, input.days, input.interval, input.project_id),
  );
  return { items };
}

/** Seed 001 section 5.3: unresolved issues, occurrences and users per severity. */
export async function getUnresolvedBySeverity({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: UnresolvedQuery;
}) {
  const items = await withTransaction(ctx, (tx) =>
    selectUnresolvedBySeverity(tx, input.days, input.project_id),
  );
  return { items };
}
