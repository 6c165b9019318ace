import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../../db/client.ts';
import { txOf, type Ctx } from '../../db/context.ts';
import { sqlf, trusted, type SqlFragment } from '../../lib/query-language/index.ts';
import type { LogCursor } from './query.ts';
import type { LogRecord } from './schemas.ts';
import { LOG_COLUMNS as STORED_LOG_COLUMNS } from '../logs/index.ts';

/** Kysely SQL from a query-language fragment: its values are bound as parameters. */
function toSql<T>(f: SqlFragment): RawBuilder<T> {
  const strings = Object.assign([...f.strings], { raw: [...f.strings] });
  return sql<T>(strings as unknown as TemplateStringsArray, ...f.values);
}

/** Runs a fragment in the context's transaction (or pool); the other repository files use it. */
export async function rows<T>(ctx: Ctx, f: SqlFragment): Promise<T[]> {
  return (await toSql<T>(f).execute(txOf(ctx))).rows;
}

export const iso = (d: Date) => d.toISOString();
// Times as text with their microseconds: a JavaScript Date keeps milliseconds only, and a
// keyset cursor built from a truncated time would skip or repeat rows.
export const exact = (col: string) =>
  `to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

// The output column `time` is text; ORDER BY must name log_records.time, or PostgreSQL sorts by
// the text and cannot walk the (org_id, time, record_id) index backwards.
const SPECIAL = new Set(['time', 'org_id', 'record_id', 'observed_time', 'project_id']);
const LOG_COLUMNS = trusted(
  [
    `${exact('time')} AS time`,
    'record_id',
    `${exact('observed_time')} AS observed_time`,
    // bigint arrives as a string from pg; project ids stay far below 2^53.
    'project_id::float8 AS project_id',
    // The rest as the writer stores them (one column list for writing and reading).
    ...STORED_LOG_COLUMNS.filter((c) => !SPECIAL.has(c)),
  ].join(', '),
);

/** Bounds statements of the current transaction, so one query cannot hold a connection long. */
export async function limitStatementTime(ctx: Ctx, ms: number): Promise<void> {
  await sql`SELECT set_config('statement_timeout', ${String(ms)}, true)`.execute(txOf(ctx));
}

/**
 * Newest-N plans: a substring test may be estimated as rare, so the planner expects to read the
 * whole range anyway and picks scan + sort, reading every row of the range (1 s per million).
 * Without sorts it walks the (org_id, time, record_id) index backwards and stops after N
 * matches. The RLS policy's qual lowers the row estimate further, and the planner then adds a
 * parallel Gather Merge whose worker start-up (~20 ms) outweighs the few pages read, so parallel
 * plans are off too. Transaction-local; the transactions that call this run only statements that
 * read few rows by index.
 */
export async function preferIndexOrder(ctx: Ctx): Promise<void> {
  await sql`SELECT set_config('enable_sort', 'off', true), set_config('max_parallel_workers_per_gather', '0', true)`.execute(
    txOf(ctx),
  );
}

export interface LogSelection {
  orgId: string;
  from: Date;
  to: Date;
  where: SqlFragment;
}

export const inRange = (s: LogSelection, col = 'time') =>
  sqlf`org_id = ${s.orgId}::uuid AND ${trusted(col)} >= ${iso(s.from)}::timestamptz AND ${trusted(col)} < ${iso(s.to)}::timestamptz`;

/** Matching records, newest first, strictly older than `before` when given. */
export async function selectLogs(
  ctx: Ctx,
  s: LogSelection & { before?: LogCursor; limit: number },
): Promise<LogRecord[]> {
  const keyset = s.before
    ? sqlf` AND (time, record_id) < (${s.before.time}::timestamptz, ${s.before.recordId}::uuid)`
    : trusted('');
  await preferIndexOrder(ctx);
  return rows<LogRecord>(
    ctx,
    sqlf`SELECT ${LOG_COLUMNS} FROM log_records
          WHERE ${inRange(s)}${keyset} AND ${s.where}
          ORDER BY log_records.time DESC, record_id DESC LIMIT ${s.limit}`,
  );
}

/** Messages of the newest matching records (pattern clustering). */
export async function selectMessages(
  ctx: Ctx,
  s: LogSelection & { limit: number },
): Promise<string[]> {
  await preferIndexOrder(ctx);
  const r = await rows<{ message: string }>(
    ctx,
    sqlf`SELECT message FROM log_records WHERE ${inRange(s)} AND ${s.where}
          ORDER BY time DESC LIMIT ${s.limit}`,
  );
  return r.map((x) => x.message);
}

/** One record by its key, or null. */
export async function selectLogRecord(
  ctx: Ctx,
  orgId: string,
  time: string,
  recordId: string,
): Promise<LogRecord | null> {
  const r = await rows<LogRecord>(
    ctx,
    sqlf`SELECT ${LOG_COLUMNS} FROM log_records
          WHERE org_id = ${orgId}::uuid AND time = ${time}::timestamptz AND record_id = ${recordId}::uuid`,
  );
  return r[0] ?? null;
}

/** Records of the same service and host before (newest first) or after (oldest first) one. */
export async function selectNeighbours(
  ctx: Ctx,
  orgId: string,
  anchor: LogRecord,
  direction: 'before' | 'after',
  limit: number,
): Promise<LogRecord[]> {
  if (limit === 0) return [];
  const cmp = trusted(direction === 'before' ? '<' : '>');
  const order = trusted(direction === 'before' ? 'DESC' : 'ASC');
  return rows<LogRecord>(
    ctx,
    sqlf`SELECT ${LOG_COLUMNS} FROM log_records
          WHERE org_id = ${orgId}::uuid AND service = ${anchor.service}
            AND host IS NOT DISTINCT FROM ${anchor.host}
            AND (time, record_id) ${cmp} (${anchor.time}::timestamptz, ${anchor.record_id}::uuid)
          ORDER BY log_records.time ${order}, record_id ${order} LIMIT ${limit}`,
  );
}

export interface PivotSelection {
  orgId: string;
  from: Date;
  to: Date;
  column: 'request_id' | 'trace_id';
  ids: string[];
  limit: number;
}

export async function pivotLogs(ctx: Ctx, p: PivotSelection): Promise<LogRecord[]> {
  return rows<LogRecord>(
    ctx,
    sqlf`SELECT ${LOG_COLUMNS} FROM log_records
          WHERE ${inRange({ ...p, where: trusted('TRUE') })} AND ${trusted(p.column)} IS NOT NULL AND ${trusted(p.column)} = ANY (${p.ids}::text[])
          ORDER BY log_records.time, record_id LIMIT ${p.limit}`,
  );
}

export async function pivotErrors(ctx: Ctx, p: PivotSelection): Promise<Record<string, unknown>[]> {
  return rows(
    ctx,
    sqlf`SELECT ${trusted(exact('occurred_at'))} AS occurred_at, event_id, group_id, project_id::float8 AS project_id,
                severity, error_type, message, service, environment, release, status_code,
                request_id, trace_id, span_id, url, endpoint, method, user_id
           FROM error_events
          WHERE ${inRange({ ...p, where: trusted('TRUE') }, 'occurred_at')} AND ${trusted(p.column)} IS NOT NULL AND ${trusted(p.column)} = ANY (${p.ids}::text[])
          ORDER BY error_events.occurred_at LIMIT ${p.limit}`,
  );
}

export async function pivotSpans(
  ctx: Ctx,
  p: Omit<PivotSelection, 'column'>,
): Promise<Record<string, unknown>[]> {
  return rows(
    ctx,
    sqlf`SELECT ${trusted(exact('start_time'))} AS start_time, ${trusted(exact('end_time'))} AS end_time,
                duration_ms, trace_id, span_id, parent_span_id, name, kind, status, status_message,
                status_code, service, environment, method, route, attributes
           FROM spans
          WHERE ${inRange({ ...p, where: trusted('TRUE') }, 'start_time')} AND trace_id = ANY (${p.ids}::text[])
          ORDER BY spans.start_time LIMIT ${p.limit}`,
  );
}

/** The database's clock as an exact text time (tail cursors start there). */
export async function dbNow(ctx: Ctx): Promise<string> {
  const r = await rows<{ now: string }>(
    ctx,
    sqlf`SELECT ${trusted(exact('clock_timestamp()'))} AS now`,
  );
  return r[0]!.now;
}

/** The newest matching records after a time, newest first; and how many more there were. */
export async function selectTail(
  ctx: Ctx,
  s: { orgId: string; since: string; where: SqlFragment; limit: number },
): Promise<LogRecord[]> {
  return rows<LogRecord>(
    ctx,
    sqlf`SELECT ${LOG_COLUMNS} FROM log_records
          WHERE org_id = ${s.orgId}::uuid AND time > ${s.since}::timestamptz AND ${s.where}
          ORDER BY log_records.time DESC, record_id DESC LIMIT ${s.limit}`,
  );
}

/** How many matching records lie in (since, until), counting at most cap. */
export async function countTailGap(
  ctx: Ctx,
  s: { orgId: string; since: string; until: string; where: SqlFragment; cap: number },
): Promise<number> {
  const r = await rows<{ n: number }>(
    ctx,
    sqlf`SELECT count(*)::int AS n FROM (SELECT 1 FROM log_records
          WHERE org_id = ${s.orgId}::uuid AND time > ${s.since}::timestamptz
            AND time < ${s.until}::timestamptz AND ${s.where} LIMIT ${s.cap}) g`,
  );
  return r[0]?.n ?? 0;
}

/** Folds the rollup's delta rows (job log_counts.compact); returns how many rows it removed. */
export async function compactLogCounts(db: Db): Promise<number> {
  const r = await sql<{ n: string }>`SELECT pharos_compact_log_counts() AS n`.execute(db);
  return Number(r.rows[0]?.n ?? 0);
}
