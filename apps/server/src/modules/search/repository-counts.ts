// Counting queries of log search (histograms, facets): over the per-minute rollup, over raw
// records, and over a sample of raw records. SQL runs through repository.ts.
import type { Ctx } from '../../db/context.ts';
import { sqlf, trusted, type SqlFragment } from '../../lib/query-language/index.ts';
import { inRange, iso, preferIndexOrder, rows, type LogSelection } from './repository.ts';

const TEXT_TIME = `'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'`;

/**
 * `SELECT <bucket as text> AS t, <rest> FROM (<inner>)`, where inner groups by
 * date_bin(interval, col) AS b: the text conversion runs once per output row, not per input row
 * (to_char on each of the 57k rows of a day's rollup cost about as much as the aggregation).
 */
function binnedCounts(intervalSeconds: number, col: string, rest: string, inner: SqlFragment) {
  return sqlf`SELECT to_char(b AT TIME ZONE 'UTC', ${trusted(TEXT_TIME)}) AS t, ${trusted(rest)}
                FROM (SELECT date_bin(make_interval(secs => ${intervalSeconds}::int), ${trusted(col)},
                                      TIMESTAMPTZ '2000-01-01') AS b, ${inner}) c`;
}

/**
 * The per-minute counts to read. `level` (a query that names no service): the counts by level
 * (migration 0026) plus the deltas of log_counts_1m not yet folded into them, the same totals
 * from about 8x fewer rows. `service`: log_counts_1m, by service and level.
 */
export type RollupGrain = 'service' | 'level';

const rollupTable = (grain: RollupGrain) =>
  trusted(
    grain === 'service'
      ? 'log_counts_1m'
      : `(SELECT bucket, org_id, level, count FROM log_counts_level_1m
          UNION ALL
          SELECT bucket, org_id, level, count FROM log_counts_1m WHERE NOT compacted) r`,
  );

export interface CountRow {
  t: string;
  level: string;
  n: number;
}

/** Counts per (bucket of intervalSeconds, level) from raw records. */
export async function countRaw(
  ctx: Ctx,
  s: LogSelection,
  intervalSeconds: number,
): Promise<CountRow[]> {
  return rows<CountRow>(
    ctx,
    binnedCounts(
      intervalSeconds,
      'time',
      'level, n',
      sqlf`level, count(*)::float8 AS n FROM log_records WHERE ${inRange(s)} AND ${s.where}
           GROUP BY 1, 2`,
    ),
  );
}

/** Counts per (bucket, level) from the per-minute rollup; from and to must be whole minutes. */
export async function countRollup(
  ctx: Ctx,
  s: LogSelection,
  intervalSeconds: number,
  grain: RollupGrain,
): Promise<CountRow[]> {
  // float8 sums: sum(bigint) is numeric, several times slower to aggregate; exact below 2^53.
  return rows<CountRow>(
    ctx,
    binnedCounts(
      intervalSeconds,
      'bucket',
      'level, n',
      sqlf`level, sum(count::float8) AS n FROM ${rollupTable(grain)}
            WHERE ${inRange(s, 'bucket')} AND ${s.where}
            GROUP BY 1, 2 HAVING sum(count::float8) <> 0`,
    ),
  );
}

export interface SampleCountRow {
  t: string;
  level: string;
  /** Records read in the bucket with this level. */
  seen: number;
  /** Of those, how many match the query. */
  hits: number;
}

/**
 * Reads the first `perProbe` records (by time) in `scope` of each probe window [from, to), and
 * counts per (bucket, level) how many it read and how many of those match `where`. Each probe is
 * one descent of a time index, so the cost is about probes x perProbe rows whatever the range
 * holds.
 */
export async function countSample(
  ctx: Ctx,
  s: {
    orgId: string;
    scope: SqlFragment;
    where: SqlFragment;
    probes: Array<{ from: Date; to: Date }>;
  },
  perProbe: number,
  intervalSeconds: number,
): Promise<SampleCountRow[]> {
  await preferIndexOrder(ctx);
  const starts = s.probes.map((p) => iso(p.from));
  const ends = s.probes.map((p) => iso(p.to));
  return rows<SampleCountRow>(
    ctx,
    binnedCounts(
      intervalSeconds,
      'r.time',
      'level, seen, hits',
      sqlf`r.level, count(*)::float8 AS seen, count(*) FILTER (WHERE r.hit)::float8 AS hits
             FROM unnest(${starts}::timestamptz[], ${ends}::timestamptz[]) AS p(t0, t1)
            CROSS JOIN LATERAL (
              SELECT time, level, (${s.where}) IS TRUE AS hit FROM log_records
               WHERE org_id = ${s.orgId}::uuid AND time >= p.t0 AND time < p.t1 AND ${s.scope}
               ORDER BY time LIMIT ${perProbe}) r
            GROUP BY 1, 2`,
    ),
  );
}

/**
 * The start of the newest part of [from, to) holding at most maxRows records of the
 * organization (any query), from the rollup; null when the whole range holds fewer. Raw scans
 * start there, so none reads more than about maxRows rows. The rollup is read newest first and
 * the read stops at the first minute past maxRows, so the cost follows maxRows, not the range.
 */
export async function rawScanStart(
  ctx: Ctx,
  s: Omit<LogSelection, 'where'>,
  maxRows: number,
): Promise<Date | null> {
  const fromMinute = new Date(Math.floor(s.from.getTime() / 60_000) * 60_000);
  await preferIndexOrder(ctx);
  const r = await rows<{ start: Date }>(
    ctx,
    sqlf`SELECT bucket + interval '1 minute' AS start FROM (
           SELECT bucket, sum(count) OVER (ORDER BY bucket DESC ROWS UNBOUNDED PRECEDING) AS cum
             FROM log_counts_1m
            WHERE org_id = ${s.orgId}::uuid AND bucket >= ${iso(fromMinute)}::timestamptz
              AND bucket < ${iso(s.to)}::timestamptz
            ORDER BY bucket DESC) c
          WHERE cum > ${maxRows} LIMIT 1`,
  );
  return r[0]?.start ?? null;
}

export interface FacetRow {
  field: number;
  value: string;
  count: number;
}

/**
 * Top values of each expression over the newest `sample` matching raw records of the range,
 * newest first through the time index. Also returns how many records were counted (field -1,
 * count) and the time of the oldest (field -2, value).
 */
export async function facetsSample(
  ctx: Ctx,
  s: LogSelection,
  exprs: SqlFragment[],
  size: number,
  sample: number,
): Promise<FacetRow[]> {
  await preferIndexOrder(ctx);
  let selectList = sqlf`time`;
  exprs.forEach((e, k) => (selectList = sqlf`${selectList}, ${e} AS ${trusted(`f${k}`)}`));
  let union = sqlf`(SELECT -1 AS field, NULL::text AS value, count(*)::float8 AS count FROM s)
         UNION ALL (SELECT -2, to_char(min(time) AT TIME ZONE 'UTC', ${trusted(TEXT_TIME)}), 0 FROM s)`;
  exprs.forEach((_, k) => {
    const f = trusted(`f${k}`);
    union = sqlf`${union} UNION ALL
      (SELECT ${k}::int, ${f}, count(*)::float8 FROM s
        WHERE ${f} IS NOT NULL GROUP BY ${f} ORDER BY 3 DESC, 2 LIMIT ${size})`;
  });
  return rows<FacetRow>(
    ctx,
    sqlf`WITH s AS MATERIALIZED (
           SELECT ${selectList} FROM log_records WHERE ${inRange(s)} AND ${s.where}
            ORDER BY log_records.time DESC LIMIT ${sample})
         ${union}`,
  );
}

/**
 * Top services and levels from the rollup (columns is a subset of service, level); the level
 * column from the counts by level when the query allows (grain).
 */
export async function facetsRollup(
  ctx: Ctx,
  s: LogSelection,
  columns: Array<'service' | 'level'>,
  size: number,
  grain: RollupGrain,
): Promise<FacetRow[]> {
  let union: SqlFragment | null = null;
  columns.forEach((c, k) => {
    const from = rollupTable(c === 'service' ? 'service' : grain);
    const part = sqlf`(SELECT ${k}::int AS field, ${trusted(c)} AS value, sum(count::float8) AS count
                         FROM ${from} WHERE ${inRange(s, 'bucket')} AND ${s.where}
                        GROUP BY 2 HAVING sum(count::float8) > 0 ORDER BY 3 DESC, 2 LIMIT ${size})`;
    union = union ? sqlf`${union} UNION ALL ${part}` : part;
  });
  return rows<FacetRow>(ctx, union!);
}
