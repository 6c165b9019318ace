import type pg from 'pg';
import { copyField, copyIdempotent, type TableWriter, type WriteOptions } from '../ingest/index.ts';

/** One log_records row as adapters build it (times as ISO strings or Dates). */
export interface LogRow {
  org_id: string;
  time: string | Date;
  record_id: string;
  observed_time?: string | Date | null;
  project_id: number;
  source_id?: string | null;
  status_code?: number | null;
  latency_ms?: number | null;
  severity_number?: number | null;
  level: 'debug' | 'info' | 'warning' | 'error' | 'critical';
  service: string;
  environment?: string | null;
  message: string;
  trace_id?: string | null;
  span_id?: string | null;
  request_id?: string | null;
  method?: string | null;
  path?: string | null;
  user_id?: string | null;
  error_type?: string | null;
  error_message?: string | null;
  error_stack?: string | null;
  host?: string | null;
  category?: string | null;
  tags?: string[] | null;
  attributes: Record<string, unknown>;
  resource: Record<string, unknown>;
}

export const LOG_COLUMNS = [
  'time',
  'org_id',
  'record_id',
  'observed_time',
  'project_id',
  'source_id',
  'status_code',
  'latency_ms',
  'severity_number',
  'level',
  'service',
  'environment',
  'message',
  'trace_id',
  'span_id',
  'request_id',
  'method',
  'path',
  'user_id',
  'error_type',
  'error_message',
  'error_stack',
  'host',
  'category',
  'tags',
  'attributes',
  'resource',
] as const;

const UTC_ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,9})?Z$/;
const iso = (t: string | Date) => (typeof t === 'string' ? t : t.toISOString());

/** One row as a COPY text line; `resourceText` caches the JSON of shared resource objects. */
export function logRowLine(r: LogRow, resourceText: WeakMap<object, string>): string {
  let res = resourceText.get(r.resource);
  if (res === undefined) {
    res = copyField(r.resource);
    resourceText.set(r.resource, res);
  }
  return (
    [
      copyField(iso(r.time)),
      r.org_id,
      r.record_id,
      copyField(r.observed_time ? iso(r.observed_time) : null),
      String(r.project_id),
      copyField(r.source_id),
      copyField(r.status_code),
      copyField(r.latency_ms),
      copyField(r.severity_number),
      r.level,
      copyField(r.service),
      copyField(r.environment),
      copyField(r.message),
      copyField(r.trace_id),
      copyField(r.span_id),
      copyField(r.request_id),
      copyField(r.method),
      copyField(r.path),
      copyField(r.user_id),
      copyField(r.error_type),
      copyField(r.error_message),
      copyField(r.error_stack),
      copyField(r.host),
      copyField(r.category),
      copyField(r.tags?.length ? r.tags : null),
      copyField(r.attributes),
      res,
    ].join('\t') + '\n'
  );
}

interface Bounds {
  from: string;
  to: string;
  /** The last microsecond the partitions cover. */
  last: string;
  at: number;
}

/**
 * The time range its daily partitions cover, from their names (log_records_pYYYYMMDD). A row
 * outside it would fail the whole COPY, so it is stored at the nearest time they cover instead, with its own
 * time kept in attributes['pharos.original_time'].
 */
async function partitionBounds(client: pg.PoolClient, table: string): Promise<Bounds | null> {
  const r = await client.query<{ lo: string | null; hi: string | null }>(
    `SELECT min(c.relname) AS lo, max(c.relname) AS hi
       FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
      WHERE i.inhparent = $1::regclass`,
    [table],
  );
  const day = (name: string | null) => {
    const m = name ? /_p(\d{4})(\d{2})(\d{2})$/.exec(name) : null;
    return m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : null;
  };
  const lo = day(r.rows[0]?.lo ?? null);
  const hi = day(r.rows[0]?.hi ?? null);
  if (!lo || !hi) return null;
  return {
    from: lo.toISOString(),
    to: new Date(hi.getTime() + 86_400_000).toISOString(),
    last: new Date(hi.getTime() + 86_399_999).toISOString().replace('Z', '999Z'),
    at: Date.now(),
  };
}

/** The log_records TableWriter: COPY in text format, deduplicated by (org_id, time, record_id). */
export function createLogRecordsWriter(): TableWriter<LogRow> {
  let bounds: Bounds | null = null;
  return {
    name: 'log_records',
    sizeOf: (r) => 200 + r.message.length * 1.2 + (r.error_stack?.length ?? 0),
    async write(client: pg.PoolClient, rows: LogRow[], opts?: WriteOptions) {
      if (!bounds || Date.now() - bounds.at > 60_000) {
        bounds = await partitionBounds(client, 'log_records');
      }
      const resourceText = new WeakMap<object, string>();
      const lines = rows.map((r) => {
        const t = iso(r.time);
        if (bounds) {
          // UTC ISO strings of this shape compare like the times they denote.
          const u = UTC_ISO.test(t) ? t : new Date(t).toISOString();
          if (u < bounds.from || u >= bounds.to) {
            // Clamped to the nearest covered instant: deterministic, so a resent batch dedupes.
            const clamped = u < bounds.from ? bounds.from : bounds.last;
            r = { ...r, time: clamped, attributes: { ...r.attributes, 'pharos.original_time': t } };
          }
        }
        return logRowLine(r, resourceText);
      });
      await copyIdempotent(client, 'log_records', LOG_COLUMNS, lines, { replay: opts?.replay });
    },
  };
}
