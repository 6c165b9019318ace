import { withTransaction, type Ctx } from '../../db/context.ts';
import {
  selectIssueDailyCounts,
  selectTopErrors,
  selectTrend,
  selectUnresolvedBySeverity,
} from './repository.ts';
import type { IssueTrendQuery, TopErrorsQuery, TrendQuery, UnresolvedQuery } from './schemas.ts';

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

/**
 * Each issue's own daily event counts over the last `days` UTC days, oldest first (the issue
 * list's sparklines). Issues of other organizations are not seen (row-level security) and come
 * back as zeros, like issues without events.
 */
export async function getIssueTrend({
  ctx,
  input,
  now = new Date(),
}: {
  ctx: Ctx;
  input: IssueTrendQuery;
  now?: Date;
}) {
  const ids = [...new Set(input.ids)];
  const rows = await withTransaction(ctx, (tx) => selectIssueDailyCounts(tx, ids, input.days));
  const index = new Map<string, number>();
  for (let i = 0; i < input.days; i++) {
    const d = new Date(
      Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - (input.days - 1 - i)),
    );
    index.set(d.toISOString().slice(0, 10), i);
  }
  const counts = new Map(ids.map((id) => [id, new Array<number>(input.days).fill(0)]));
  for (const r of rows) {
    const i = index.get(r.day);
    const c = counts.get(r.group_id);
    if (i !== undefined && c) c[i] = r.n;
  }
  return { days: input.days, items: ids.map((id) => ({ id, counts: counts.get(id)! })) };
}
