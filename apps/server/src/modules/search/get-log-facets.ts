import { withTransaction, type Ctx } from '../../db/context.ts';
import {
  canonicalFieldName,
  fieldTextExpr,
  QueryError,
  resolveField,
} from '../../lib/query-language/index.ts';
import { AppError } from '../../platform/errors.ts';
import { compileSearch, mapTimeout, queryProblem, timeRange } from './query.ts';
import { facetsRaw, facetsRollup, limitStatementTime, rawScanStart } from './repository.ts';
import type { Facets, FacetsQuery } from './schemas.ts';

/** Raw facet counts read at most about this many records (the newest of the range). */
export const RAW_FACET_MAX_ROWS = 200_000;
const MAX_FIELDS = 10;

/**
 * Top values of several fields with counts. service and level with a query on service and
 * level only come exactly from the rollup; anything else from the newest ~RAW_FACET_MAX_ROWS
 * records of the range (then `partial` says where the scan started).
 */
export async function getLogFacets({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: FacetsQuery;
}): Promise<Facets> {
  const q = compileSearch(input.q);
  const { from, to } = timeRange(input.from, input.to);
  const names = [
    ...new Set(
      input.fields
        .split(',')
        .map((f) => f.trim())
        .filter(Boolean),
    ),
  ];
  if (names.length === 0 || names.length > MAX_FIELDS) {
    throw new AppError('VALIDATION', `fields must name 1 to ${MAX_FIELDS} fields.`, {
      errors: [{ path: 'querystring.fields', message: `must name 1 to ${MAX_FIELDS} fields` }],
    });
  }
  const resolved = names.map((n) => {
    try {
      return resolveField(n, 0);
    } catch (err) {
      if (err instanceof QueryError) throw queryProblem(err, 'fields');
      throw err;
    }
  });
  const canonical = names.map(canonicalFieldName);
  const rollup = q.rollup && canonical.every((c) => c === 'service' || c === 'level');
  const orgId = ctx.orgId!;
  return mapTimeout(
    withTransaction(ctx, async (tx) => {
      await limitStatementTime(tx, 30_000);
      let partial: Facets['partial'] = null;
      let rows;
      if (rollup) {
        rows = await facetsRollup(
          tx,
          { orgId, from, to, where: q.where },
          canonical as Array<'service' | 'level'>,
          input.size,
        );
      } else {
        const start = await rawScanStart(tx, { orgId, from, to }, RAW_FACET_MAX_ROWS);
        const scanFrom = start && start > from ? start : from;
        if (scanFrom > from) {
          partial = {
            scanned_from: scanFrom.toISOString(),
            reason: `Counted over the newest ~${RAW_FACET_MAX_ROWS} records of the range.`,
          };
        }
        rows = await facetsRaw(
          tx,
          { orgId, from: scanFrom, to, where: q.where },
          resolved.map(fieldTextExpr),
          input.size,
        );
      }
      const facets: Facets['facets'] = Object.fromEntries(names.map((n) => [n, []]));
      for (const r of rows)
        facets[names[r.field]!]!.push({ value: r.value, count: Number(r.count) });
      return { source: rollup ? 'rollup' : 'raw', partial, facets };
    }),
  );
}
