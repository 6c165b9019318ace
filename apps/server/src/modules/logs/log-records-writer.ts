import type pg from 'pg';
import {
  copyField,
  copyIdempotent,
  coveredPartitionDays,
  type TableWriter,
  type WriteOptions,
} from '../ingest/index.ts';

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

/** The UTC days (YYYY-MM-DD) a row can be stored at, sorted; read again every minute. */
export interface Days {
  list: string[];
  set: Set<string>;
  at: number;
}

// A row of log_records also writes a row of these (the count trigger, migrations 0012, 0026),
// so a day is covered only when all three have its partition.
const DAY_TABLES = ['log_records', 'log_counts_1m', 'log_counts_level_1m'];

async function coveredDays(client: pg.PoolClient): Promise<Days | null> {
  const list = await coveredPartitionDays(client, DAY_TABLES);
  return list.length ? { list, set: new Set(list), at: Date.now() } : null;
}

const dayStart = (day: string) => `${day}T00:00:00.000000Z`;
const dayLast = (day: string) => `${day}T23:59:59.999999Z`;

/**
 * The instant a row of time `u` (UTC ISO) is stored at when no partition covers its day: the
 * nearest covered instant (the start of the next covered day or the end of the previous one).
 * Deterministic, so a resent batch lands on the same key and dedupes.
 */
export function nearestCovered(u: string, days: Days): string {
  const day = u.slice(0, 10);
  const { list } = days;
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid]! < day) lo = mid + 1;
    else hi = mid;
  }
  const next = list[lo];
  const prev = list[lo - 1];
  if (prev === undefined) return dayStart(next!);
  if (next === undefined) return dayLast(prev);
  const t = Date.parse(u);
  return t - Date.parse(dayLast(prev)) <= Date.parse(dayStart(next)) - t
    ? dayLast(prev)
    : dayStart(next);
}

/** The log_records TableWriter: COPY in text format, deduplicated by (org_id, time, record_id). */
export function createLogRecordsWriter(): TableWriter<LogRow> {
  let days: Days | null = null;
  return {
    name: 'log_records',
    sizeOf: (r) => 200 + r.message.length * 1.2 + (r.error_stack?.length ?? 0),
    async write(client: pg.PoolClient, rows: LogRow[], opts?: WriteOptions) {
      if (!days || Date.now() - days.at > 60_000) days = await coveredDays(client);
      const resourceText = new WeakMap<object, string>();
      const lines = rows.map((r) => {
        const t = iso(r.time);
        if (days) {
          const u = UTC_ISO.test(t) ? t : new Date(t).toISOString();
          if (!days.set.has(u.slice(0, 10))) {
            // Outside the partitions (or a day one of them lacks): the whole COPY would fail.
            const at = nearestCovered(u, days);
            r = { ...r, time: at, attributes: { ...r.attributes, 'pharos.original_time': t } };
          }
        }
        return logRowLine(r, resourceText);
      });
      await copyIdempotent(client, 'log_records', LOG_COLUMNS, lines, { replay: opts?.replay });
    },
  };
}
