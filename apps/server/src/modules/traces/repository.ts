import { sql, type RawBuilder } from 'kysely';
import { txOf, type Ctx } from '../../db/context.ts';
import type { ListTracesQuery, TraceError, TraceLog, TraceSummary } from './schemas.ts';

/**
 * Reads of spans, and of the log records and error events of a trace. Every statement runs in
 * the caller's withTransaction (row-level security limits it to ctx.orgId); the explicit org
 * filters let the planner use the (org_id, ...) indexes. Values are bound parameters.
 */

export interface SpanRecord {
  span_id: string;
  parent_span_id: string | null;
  name: string;
  kind: string;
  service: string;
  environment: string | null;
  start_time: string;
  end_time: string;
  /** Start as milliseconds since the epoch, to the microsecond. */
  start_ms: number;
  duration_ms: number;
  status: string;
  status_message: string | null;
  status_code: number | null;
  method: string | null;
  route: string | null;
  attributes: unknown;
  resource: unknown;
  events: unknown;
  links: unknown;
}

type Row = Record<string, unknown>;
const iso = (v: unknown) => (v instanceof Date ? v.toISOString() : String(v));

/** A trace's spans by start time (at most `limit`). */
export async function selectTraceSpans(
  ctx: Ctx,
  traceId: string,
  limit: number,
): Promise<SpanRecord[]> {
  const r = await sql<Row>`SELECT span_id, parent_span_id, name, kind, service, environment,
      start_time, end_time, extract(epoch FROM start_time)::float8 * 1000 AS start_ms, duration_ms,
      status, status_message, status_code, method, route, attributes, resource, events, links
    FROM spans WHERE trace_id = ${traceId} AND org_id = ${ctx.orgId}
    ORDER BY start_time, span_id LIMIT ${limit}`.execute(txOf(ctx));
  return r.rows.map((x) => ({
    ...(x as unknown as SpanRecord),
    start_time: iso(x.start_time),
    end_time: iso(x.end_time),
    start_ms: Number(x.start_ms),
  }));
}

/** Log records carrying the trace id, within [from, to] (the trace's span, widened). */
export async function selectTraceLogs(
  ctx: Ctx,
  traceId: string,
  range: { from: string; to: string },
  limit: number,
): Promise<TraceLog[]> {
  const r = await sql<Row>`SELECT time, record_id::text AS record_id, level, service, message,
      span_id, attributes
    FROM log_records
    WHERE trace_id = ${traceId} AND org_id = ${ctx.orgId}
      AND time >= ${range.from}::timestamptz AND time <= ${range.to}::timestamptz
    ORDER BY time, record_id LIMIT ${limit}`.execute(txOf(ctx));
  return r.rows.map((x) => ({ ...(x as unknown as TraceLog), time: iso(x.time) }));
}

/** Error events carrying the trace id, within [from, to]. */
export async function selectTraceErrors(
  ctx: Ctx,
  traceId: string,
  range: { from: string; to: string },
  limit: number,
): Promise<TraceError[]> {
  const r = await sql<Row>`SELECT event_id::text AS event_id, group_id::text AS group_id,
      occurred_at, severity, error_type, message, service, span_id
    FROM error_events
    WHERE trace_id = ${traceId} AND org_id = ${ctx.orgId}
      AND occurred_at >= ${range.from}::timestamptz AND occurred_at <= ${range.to}::timestamptz
    ORDER BY occurred_at, event_id LIMIT ${limit}`.execute(txOf(ctx));
  return r.rows.map((x) => ({ ...(x as unknown as TraceError), occurred_at: iso(x.occurred_at) }));
}

/** Traces with a span starting in [from, to), newest first, one summary row each. */
export async function selectTraces(
  ctx: Ctx,
  q: ListTracesQuery & { from: string; to: string },
): Promise<TraceSummary[]> {
  const having: RawBuilder<unknown>[] = [sql`true`];
  if (q.service) having.push(sql`bool_or(service = ${q.service})`);
  if (q.errors_only) having.push(sql`bool_or(status = 'error')`);
  if (q.min_duration_ms !== undefined)
    having.push(
      sql`extract(epoch FROM max(end_time) - min(start_time)) * 1000 >= ${q.min_duration_ms}`,
    );
  const r = await sql<Row>`SELECT trace_id,
      (array_agg(name ORDER BY parent_span_id IS NOT NULL, start_time))[1] AS root_name,
      (array_agg(service ORDER BY parent_span_id IS NOT NULL, start_time))[1] AS root_service,
      min(start_time) AS start_time,
      extract(epoch FROM max(end_time) - min(start_time))::float8 * 1000 AS duration_ms,
      count(*)::int AS span_count, bool_or(status = 'error') AS has_error
    FROM spans
    WHERE org_id = ${ctx.orgId}
      AND start_time >= ${q.from}::timestamptz AND start_time < ${q.to}::timestamptz
    GROUP BY trace_id
    HAVING ${sql.join(having, sql` AND `)}
    ORDER BY min(start_time) DESC, trace_id LIMIT ${q.limit}`.execute(txOf(ctx));
  return r.rows.map((x) => ({
    ...(x as unknown as TraceSummary),
    start_time: iso(x.start_time),
    duration_ms: Number(x.duration_ms),
  }));
}
