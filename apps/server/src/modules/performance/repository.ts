import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../../db/client.ts';
import { txOf, type Ctx } from '../../db/context.ts';
import { LATENCY_BOUNDS_MS, LATENCY_BUCKET_COUNT } from './latency-buckets.ts';
import type { Level } from './time-range.ts';

/**
 * The only file of the module that touches the database. Every statement runs in the caller's
 * withTransaction for one organization (row-level security limits it to ctx.orgId) and also
 * filters on org_id, so the (org_id, ...) keys serve it. Values are bound parameters; table and
 * column names come from the constants below, never from input.
 */

const BOUNDS = [...LATENCY_BOUNDS_MS];
const KEYS = sql.raw('service, environment, metric_name, endpoint, method, status_class');

function orgOf(ctx: Ctx): string {
  if (!ctx.orgId) throw new Error('performance repository: no organization in ctx');
  return ctx.orgId;
}

// ---------------------------------------------------------------------------------------------
// Aggregation (the performance.aggregate job)

export async function organizationIds(db: Db): Promise<string[]> {
  const r = await sql<{ id: string }>`SELECT id FROM organizations ORDER BY id`.execute(db);
  return r.rows.map((x) => x.id);
}

export async function selectWatermark(ctx: Ctx): Promise<Date | null> {
  const r = await sql<{ aggregated_to: Date }>`SELECT aggregated_to FROM endpoint_stats_watermarks
    WHERE org_id = ${orgOf(ctx)}`.execute(txOf(ctx));
  return r.rows[0]?.aggregated_to ?? null;
}

/** Moves the watermark forward (never back). */
export async function advanceWatermark(ctx: Ctx, to: Date): Promise<void> {
  await sql`INSERT INTO endpoint_stats_watermarks (org_id, aggregated_to) VALUES (${orgOf(ctx)}, ${to})
    ON CONFLICT (org_id) DO UPDATE
      SET aggregated_to = greatest(endpoint_stats_watermarks.aggregated_to, EXCLUDED.aggregated_to),
          updated_at = now()`.execute(txOf(ctx));
}

/** The earliest span or request log at or after `since`, or null: where a first run starts. */
export async function selectFirstActivity(ctx: Ctx, since: Date): Promise<Date | null> {
  const org = orgOf(ctx);
  const r = await sql<{ first: Date | null }>`SELECT least(
      (SELECT min(start_time) FROM spans WHERE org_id = ${org} AND start_time >= ${since}),
      (SELECT min(time) FROM log_records WHERE org_id = ${org} AND time >= ${since}
          AND path IS NOT NULL AND status_code IS NOT NULL AND latency_ms IS NOT NULL)) AS first`.execute(
    txOf(ctx),
  );
  return r.rows[0]?.first ?? null;
}

export interface Window {
  from: Date;
  to: Date;
}

/**
 * The cumulative latency histogram of a group, built by the aggregate itself: element i counts
 * the latencies below boundary i (the last: all of them). Plain FILTER counts over constants
 * cost a few microseconds a request and nothing per group, unlike a per-group function call.
 * The boundaries are our own constants, written as float8 literals.
 */
const HISTOGRAM = sql.raw(
  `ARRAY[${BOUNDS.map((b) => `count(*) FILTER (WHERE latency < ${String(b)}::float8)`).join(', ')}, count(*)]`,
);

/** The endpoint template of a span: http.route, else a path attribute, else its name. */
const SPAN_ENDPOINT = sql`pharos_endpoint_template(coalesce(s.route, s.attributes->>'url.path',
  s.attributes->>'http.target', s.attributes->>'url.full', s.attributes->>'http.url',
  CASE WHEN s.name ~ '^[A-Z]+ /' THEN substr(s.name, strpos(s.name, ' ') + 1) ELSE s.name END))`;

/**
 * Replaces the minute rows of [from, to) that spans and request logs produce with a fresh
 * aggregation: idempotent, and late records within the window are counted. Entry spans are
 * server spans and root internal/unspecified spans. (Looking up whether a child's parent is in
 * another service costs an index probe per span and did not scale: README.)
 * Request logs (records with path, status code and latency) count only for a (service, minute)
 * without entry spans, so one source serves each service-minute and nothing is counted twice.
 */
export async function replaceMinuteStats(ctx: Ctx, w: Window): Promise<number> {
  const org = orgOf(ctx);
  const tx = txOf(ctx);
  await sql`DELETE FROM endpoint_stats WHERE org_id = ${org} AND time >= ${w.from} AND time < ${w.to}
    AND source IN ('spans', 'logs')`.execute(tx);
  const r = await sql`
    WITH spans_in AS (
      SELECT date_trunc('minute', s.start_time) AS time, s.service,
             coalesce(s.environment, '') AS environment,
             CASE WHEN s.method IS NOT NULL OR s.status_code IS NOT NULL THEN 'http.server' ELSE 'server' END AS metric_name,
             ${SPAN_ENDPOINT} AS endpoint,
             upper(left(coalesce(s.method, ''), 16)) AS method,
             CASE WHEN s.status_code IS NOT NULL THEN (s.status_code / 100)::text || 'xx'
                  WHEN s.status = 'error' THEN 'error' ELSE 'ok' END AS status_class,
             coalesce(s.status_code >= 500, false) OR s.status = 'error' AS failed,
             s.duration_ms AS latency, 'spans' AS source
        FROM spans s
       WHERE s.org_id = ${org} AND s.start_time >= ${w.from} AND s.start_time < ${w.to}
         AND (s.kind = 'server'
              OR (s.kind IN ('internal', 'unspecified') AND s.parent_span_id IS NULL))
    ), logs_in AS (
      SELECT date_trunc('minute', l.time) AS time, l.service, coalesce(l.environment, '') AS environment,
             'http.server' AS metric_name, pharos_endpoint_template(l.path) AS endpoint,
             upper(left(coalesce(l.method, ''), 16)) AS method,
             (l.status_code / 100)::text || 'xx' AS status_class, l.status_code >= 500 AS failed,
             l.latency_ms AS latency, 'logs' AS source
        FROM log_records l
       WHERE l.org_id = ${org} AND l.time >= ${w.from} AND l.time < ${w.to}
         AND l.path IS NOT NULL AND l.status_code IS NOT NULL AND l.latency_ms IS NOT NULL
         AND NOT EXISTS (SELECT 1 FROM spans_in x
                          WHERE x.service = l.service AND x.time = date_trunc('minute', l.time))
    ), requests AS (
      SELECT * FROM spans_in UNION ALL SELECT * FROM logs_in
    )
    INSERT INTO endpoint_stats (time, org_id, request_count, error_count, latency_sum_ms, min, max,
                                p50, p95, p99, ${KEYS}, source, latency_buckets)
    SELECT time, ${org}, n, errors, total, lo, hi, pct[1], pct[2], pct[3], ${KEYS}, source, buckets
      FROM (SELECT time, ${KEYS}, source, count(*) AS n, count(*) FILTER (WHERE failed) AS errors,
                   sum(latency) AS total, min(latency) AS lo, max(latency) AS hi,
                   percentile_cont(ARRAY[0.5, 0.95, 0.99]) WITHIN GROUP (ORDER BY latency) AS pct,
                   ${HISTOGRAM} AS buckets
              FROM requests GROUP BY time, ${KEYS}, source) g`.execute(tx);
  return Number(r.numAffectedRows ?? 0);
}

const TABLE: Record<Level, { table: string; time: string; bin: string }> = {
  '1m': { table: 'endpoint_stats', time: 'time', bin: '1 minute' },
  '5m': { table: 'endpoint_stats_5m', time: 'bucket', bin: '5 minutes' },
  '1h': { table: 'endpoint_stats_1h', time: 'bucket', bin: '1 hour' },
};

/**
 * Histograms merged element-wise inside an aggregate: one native sum per bucket (a C aggregate
 * over a C subscript, ~10x cheaper per row than a SQL or PL/pgSQL array-adding aggregate).
 * NULL when no row of the group has a histogram.
 */
const MERGED_BUCKETS = sql.raw(
  `CASE WHEN count(latency_buckets) > 0 THEN ARRAY[${Array.from(
    { length: LATENCY_BUCKET_COUNT },
    (_, i) => `coalesce(sum(latency_buckets[${i + 1}]), 0)`,
  ).join(', ')}]::bigint[] END`,
);

/** `inner` (with b = merged histogram, lo = min, hi = max) plus p50, p95, p99 from b, in [lo, hi]. */
function withPercentiles(inner: RawBuilder<unknown>): RawBuilder<unknown> {
  const q = (x: number) =>
    sql`pharos_bucket_quantile(${x}::float8, g.b, ${BOUNDS}::float8[], g.lo, g.hi)`;
  return sql`SELECT g.*, ${q(0.5)} AS p50, ${q(0.95)} AS p95, ${q(0.99)} AS p99 FROM (${inner}) g`;
}

/**
 * Recomputes the rollup rows of `target` whose buckets lie in [from, to) (aligned to its
 * bucket) from the finer `source` rows: counts and sums add up, min/max combine, histograms
 * are summed element-wise, so a rollup equals its minute rows merged.
 */
export async function replaceRollup(
  ctx: Ctx,
  source: Level,
  target: Exclude<Level, '1m'>,
  w: Window,
): Promise<number> {
  const org = orgOf(ctx);
  const tx = txOf(ctx);
  const src = TABLE[source];
  const dst = TABLE[target];
  await sql`DELETE FROM ${sql.table(dst.table)}
    WHERE org_id = ${org} AND bucket >= ${w.from} AND bucket < ${w.to}`.execute(tx);
  const r = await sql`
    INSERT INTO ${sql.table(dst.table)} (bucket, org_id, request_count, error_count, latency_sum_ms,
                                         min, max, p50, p95, p99, ${KEYS}, source, latency_buckets)
    SELECT bucket, ${org}, n, errors, total, lo, hi, p50, p95, p99, ${KEYS}, source, b
      FROM (${withPercentiles(sql`
        SELECT date_bin(${dst.bin}::interval, ${sql.ref(src.time)}, TIMESTAMPTZ '2000-01-01 00:00:00+00') AS bucket,
               ${KEYS}, max(source) AS source, sum(request_count) AS n, sum(error_count) AS errors,
               sum(latency_sum_ms) AS total, min(min) AS lo, max(max) AS hi, ${MERGED_BUCKETS} AS b
          FROM ${sql.table(src.table)}
         WHERE org_id = ${org} AND ${sql.ref(src.time)} >= ${w.from} AND ${sql.ref(src.time)} < ${w.to}
         GROUP BY 1, ${KEYS}`)}) r`.execute(tx);
  return Number(r.numAffectedRows ?? 0);
}

// ---------------------------------------------------------------------------------------------
// Reads (the performance API)

export interface StatsFilter {
  service?: string | undefined;
  environment?: string | undefined;
  endpoint?: string | undefined;
  method?: string | undefined;
}

/** A part of a range read from one table: [from, to) aligned to that table's buckets. */
export interface Segment {
  level: Level;
  from: Date;
  to: Date;
}

function rowsOf(org: string, s: Segment, f: StatsFilter): RawBuilder<unknown> {
  const t = TABLE[s.level];
  const col = sql.ref(t.time);
  const where = [sql`org_id = ${org}`, sql`${col} >= ${s.from}`, sql`${col} < ${s.to}`];
  for (const k of ['service', 'environment', 'endpoint', 'method'] as const) {
    const v = f[k];
    if (v !== undefined) where.push(sql`${sql.ref(k)} = ${v}`);
  }
  return sql`SELECT ${col} AS time, service, endpoint, method, request_count, error_count,
      latency_sum_ms, min, max, latency_buckets
    FROM ${sql.table(t.table)} WHERE ${sql.join(where, sql` AND `)}`;
}

export interface StatsRow {
  requests: number;
  errors: number;
  latency_sum: number | null;
  p50: number | null;
  p95: number | null;
  p99: number | null;
}
export interface GroupRow extends StatsRow {
  service: string;
  endpoint: string;
  method: string;
}

const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
function statsOf(x: Record<string, unknown>): StatsRow {
  return {
    requests: Number(x.requests),
    errors: Number(x.errors),
    latency_sum: num(x.latency_sum),
    p50: num(x.p50),
    p95: num(x.p95),
    p99: num(x.p99),
  };
}

const AGGREGATES = sql`sum(request_count)::float8 AS requests, sum(error_count)::float8 AS errors,
  sum(latency_sum_ms) AS latency_sum, min(min) AS lo, max(max) AS hi, ${MERGED_BUCKETS} AS b`;

export interface GroupQuery {
  segments: Segment[];
  filter: StatsFilter;
  /** Per service, or per (service, endpoint, method). */
  by: 'service' | 'endpoint';
  /** Most requests first, or (with minP95) slowest p95 first. */
  order: 'requests' | 'p95';
  minP95?: number;
  limit: number;
}

/**
 * Totals per group over the segments of a range, with percentiles from the merged histograms
 * (never averaged).
 */
export async function selectGroupStats(ctx: Ctx, q: GroupQuery): Promise<GroupRow[]> {
  if (q.segments.length === 0) return [];
  const org = orgOf(ctx);
  const keys = sql.raw(q.by === 'service' ? 'service' : 'service, endpoint, method');
  const picked = sql.raw(
    q.by === 'service' ? "service, '' AS endpoint, '' AS method" : 'service, endpoint, method',
  );
  // Busiest first: only the top `limit` groups need percentiles. Slowest first: all do.
  const top =
    q.order === 'requests' ? sql`ORDER BY requests DESC, ${keys} LIMIT ${q.limit}` : sql``;
  const slow = q.minP95 !== undefined ? sql`WHERE p95 > ${q.minP95}` : sql``;
  const order = sql.raw(
    q.order === 'p95'
      ? 'p95 DESC NULLS LAST, requests DESC, service, endpoint, method'
      : 'requests DESC, service, endpoint, method',
  );
  const union = sql.join(
    q.segments.map((s) => rowsOf(org, s, q.filter)),
    sql` UNION ALL `,
  );
  const r = await sql<Record<string, unknown>>`
    SELECT ${picked}, requests, errors, latency_sum, p50, p95, p99
      FROM (${withPercentiles(sql`SELECT ${keys}, ${AGGREGATES} FROM (${union}) r GROUP BY ${keys} ${top}`)}) x
      ${slow}
     ORDER BY ${order} LIMIT ${q.limit}`.execute(txOf(ctx));
  return r.rows.map((x) => ({
    service: String(x.service),
    endpoint: String(x.endpoint),
    method: String(x.method),
    ...statsOf(x),
  }));
}

/** One row per bucket of a table that has data in [from, to), oldest first. */
export async function selectTrend(
  ctx: Ctx,
  s: Segment,
  filter: StatsFilter,
): Promise<Array<StatsRow & { time: Date }>> {
  const org = orgOf(ctx);
  const r = await sql<Record<string, unknown>>`
    SELECT time, requests, errors, latency_sum, p50, p95, p99
      FROM (${withPercentiles(sql`SELECT time, ${AGGREGATES} FROM (${rowsOf(org, s, filter)}) r GROUP BY time`)}) x
     ORDER BY time`.execute(txOf(ctx));
  return r.rows.map((x) => ({ time: x.time as Date, ...statsOf(x) }));
}
