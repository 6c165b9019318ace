import { withTransaction, type Ctx } from '../../db/context.ts';
import { parsePromQL } from './engine/index.ts';
import { findSeries, labelNames, labelsOf, labelValues, metricMetadata } from './repository.ts';
import { PromQLError, type Labels, type Matcher } from './types.ts';

/**
 * /series, /labels, /label/:name/values and /metadata over metric_series, filtered by the
 * organization and the matchers but not by `start`/`end` (see findSeries): a series with no
 * samples in the range is listed too.
 */

/** Hard cap on listed items when the caller sets no smaller limit. */
export const MAX_LISTED = 100_000;

/** `match[]` values as matcher sets; each must be a plain series selector. */
export function parseMatchSets(matches: string[]): Matcher[][] {
  return matches.map((m) => {
    const e = parsePromQL(m);
    if (e.type !== 'vector' || e.offset !== 0 || e.at !== undefined) {
      throw new PromQLError(
        'bad_data',
        `invalid parameter "match[]": ${m.slice(0, 100)} is not a series selector`,
      );
    }
    return e.matchers;
  });
}

const capped = (limit: number | undefined) =>
  limit === undefined || limit <= 0 ? MAX_LISTED : Math.min(limit, MAX_LISTED);

export async function listSeriesLabels({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { matches: string[]; limit?: number };
}): Promise<Labels[]> {
  if (!input.matches.length) throw new PromQLError('bad_data', 'no match[] parameter provided');
  const sets = parseMatchSets(input.matches);
  const rows = await withTransaction(ctx, (tx) =>
    findSeries(tx, sets, { limit: capped(input.limit) }),
  );
  return rows.map(labelsOf);
}

export async function listLabelNames({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { matches: string[] };
}): Promise<string[]> {
  const sets = parseMatchSets(input.matches);
  return withTransaction(ctx, (tx) => labelNames(tx, sets));
}

export async function listLabelValues({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { name: string; matches: string[]; limit?: number };
}): Promise<string[]> {
  const sets = parseMatchSets(input.matches);
  return withTransaction(ctx, (tx) => labelValues(tx, input.name, sets, capped(input.limit)));
}

export interface MetricMetadata {
  type: string;
  help: string;
  unit: string;
}

const FAMILY_SUFFIX = /_(bucket|sum|count)$/;

/**
 * Metadata by metric family, as Prometheus lists it: histogram and summary series
 * (`foo_bucket`, `foo_sum`, `foo_count`) under their family name `foo`.
 */
export async function listMetadata({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { metric?: string; limit?: number; limitPerMetric?: number };
}): Promise<Record<string, MetricMetadata[]>> {
  const rows = await withTransaction(ctx, (tx) =>
    metricMetadata(tx, input.metric ?? null, MAX_LISTED),
  );
  const out: Record<string, MetricMetadata[]> = {};
  const limit = input.limit !== undefined && input.limit >= 0 ? input.limit : Infinity;
  const perMetric =
    input.limitPerMetric !== undefined && input.limitPerMetric > 0
      ? input.limitPerMetric
      : Infinity;
  let families = 0;
  for (const r of rows) {
    const family =
      (r.type === 'histogram' || r.type === 'summary') && FAMILY_SUFFIX.test(r.name)
        ? r.name.replace(FAMILY_SUFFIX, '')
        : r.name;
    if (input.metric && family !== input.metric && r.name !== input.metric) continue;
    let list = out[family];
    if (!list) {
      if (families >= limit) break;
      families++;
      list = out[family] = [];
    }
    const entry = { type: r.type, help: r.help ?? '', unit: r.unit ?? '' };
    if (list.length >= perMetric) continue;
    if (!list.some((e) => e.type === entry.type && e.help === entry.help && e.unit === entry.unit))
      list.push(entry);
  }
  return out;
}
