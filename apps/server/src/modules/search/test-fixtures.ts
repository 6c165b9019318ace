// Fixtures for the search integration tests: rows written straight into the telemetry tables
// as the database owner, as the ingest writers do.
import { randomUUID } from 'node:crypto';
import type pg from 'pg';

export interface LogRow {
  time: Date;
  service?: string;
  level?: string;
  message?: string;
  host?: string | null;
  status_code?: number | null;
  latency_ms?: number | null;
  trace_id?: string | null;
  request_id?: string | null;
  error_type?: string | null;
  tags?: string[] | null;
  attributes?: Record<string, unknown>;
  resource?: Record<string, unknown>;
  record_id?: string;
}

export async function projectOf(pool: pg.Pool, orgId: string): Promise<number> {
  const r = await pool.query<{ id: string }>('SELECT id FROM projects WHERE org_id = $1 LIMIT 1', [
    orgId,
  ]);
  return Number(r.rows[0]!.id);
}

/** Inserts log records of one organization; returns their record ids in order. */
export async function insertLogs(pool: pg.Pool, orgId: string, rows: LogRow[]): Promise<string[]> {
  const projectId = await projectOf(pool, orgId);
  const full = rows.map((r) => ({
    service: 'unknown_service',
    level: 'info',
    message: '',
    attributes: {},
    resource: {},
    ...r,
    record_id: r.record_id ?? randomUUID(),
    time: r.time.toISOString(),
    org_id: orgId,
    project_id: projectId,
  }));
  await pool.query(
    'INSERT INTO log_records SELECT * FROM json_populate_recordset(NULL::log_records, $1::json)',
    [JSON.stringify(full)],
  );
  return full.map((r) => r.record_id);
}

export async function insertErrorEvent(
  pool: pg.Pool,
  orgId: string,
  e: { time: Date; message: string; trace_id?: string; request_id?: string },
): Promise<string> {
  const id = randomUUID();
  await pool.query(
    `INSERT INTO error_events (occurred_at, org_id, event_id, group_id, project_id, message, trace_id, request_id)
     VALUES ($1, $2, $3, gen_random_uuid(), $4, $5, $6, $7)`,
    [e.time, orgId, id, await projectOf(pool, orgId), e.message, e.trace_id, e.request_id],
  );
  return id;
}

export async function insertSpan(
  pool: pg.Pool,
  orgId: string,
  s: { time: Date; trace_id: string; span_id: string; name: string },
): Promise<void> {
  await pool.query(
    `INSERT INTO spans (start_time, org_id, end_time, duration_ms, project_id, trace_id, span_id, name, service)
     VALUES ($1, $2, $1::timestamptz + interval '5 ms', 5, $3, $4, $5, $6, 'api')`,
    [s.time, orgId, await projectOf(pool, orgId), s.trace_id, s.span_id, s.name],
  );
}
