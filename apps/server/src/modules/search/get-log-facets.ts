import { withTransaction, type Ctx } from '../../db/context.ts';
import {
  canonicalFieldName,
  fieldTextExpr,
  QueryError,
  resolveField,
} from '../../lib/query-language/index.ts';
import { AppError } from '../../platform/errors.ts';
import { compileSearch, mapTimeout, queryProblem, timeRange } from './query.ts';
import { limitStatementTime } from './repository.ts';
import { facetsRollup, facetsSample, rawScanStart } from './repository-counts.ts';
import type { Facets, FacetsQuery } from './schemas.ts';

export interface FacetLimits {
  /** Raw facets count the newest this many matching records (Kibana's sampler, Discover's 500). */
  sampleRecords: number;
  /** ...found among at most about this many newest records of the range (a rare term). */
  scanRows: number;
}

// PERFORMANCE.md: a panel p95 <= 300 ms; a free-text term costs 1-2.5 us per record read.
export const DEFAULT_FACET_LIMITS: FacetLimits = { sampleRecords: 2_000, scanRows: 50_000 };
const MAX_FIELDS = 10;

/**
 * Top values of several fields with counts. service and level with a query on service and
 * level only come exactly from the rollup; anything else from a sample: the newest
 * `sampleRecords` matching records, looked for among the newest ~`scanRows` records of the
 * range. `sample` then says how many records were counted, and `partial` from when.
 */
export async function getLogFacets({
  ctx,
  input,
  limits = DEFAULT_FACET_LIMITS,
}: {
  ctx: Ctx;
  input: FacetsQuery;
  limits?: FacetLimits;
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
      let sample: Facets['sample'] = null;
      let rows;
      if (rollup) {
        rows = await facetsRollup(
          tx,
          { orgId, from, to, where: q.where },
          canonical as Array<'service' | 'level'>,
          input.size,
          q.levelOnly ? 'level' : 'service',
        );
      } else {
        const start = await rawScanStart(tx, { orgId, from, to }, limits.scanRows);
        const scanFrom = start && start > from ? start : from;
        rows = await facetsSample(
          tx,
          { orgId, from: scanFrom, to, where: q.where },
          resolved.map(fieldTextExpr),
          input.size,
          limits.sampleRecords,
        );
        const records = Number(rows.find((r) => r.field === -1)?.count ?? 0);
        const oldest = rows.find((r) => r.field === -2)?.value;
        if (records >= limits.sampleRecords && oldest && new Date(oldest) > from) {
          partial = {
            scanned_from: oldest,
            reason: `Counted over the newest ${records} matching records.`,
          };
          sample = { records, reason: partial.reason };
        } else if (scanFrom > from) {
          partial = {
            scanned_from: scanFrom.toISOString(),
            reason: `Counted over the matching records among the newest ~${limits.scanRows} records of the range.`,
          };
          sample = { records, reason: partial.reason };
        }
      }
      const facets: Facets['facets'] = Object.fromEntries(names.map((n) => [n, []]));
      for (const r of rows) {
        if (r.field >= 0) facets[names[r.field]!]!.push({ value: r.value, count: Number(r.count) });
      }
      return { source: rollup ? 'rollup' : 'raw', partial, sample, facets };
    }),
  );
}
