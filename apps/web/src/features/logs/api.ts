import { ApiError, api } from '../../lib/api.ts';

/** One log record as the search API returns it (snake_case, as stored). */
export interface LogRecord {
  time: string;
  record_id: string;
  observed_time: string | null;
  project_id: number;
  source_id: string | null;
  status_code: number | null;
  latency_ms: number | null;
  severity_number: number | null;
  level: string;
  service: string;
  environment: string | null;
  message: string;
  trace_id: string | null;
  span_id: string | null;
  request_id: string | null;
  method: string | null;
  path: string | null;
  user_id: string | null;
  error_type: string | null;
  error_message: string | null;
  error_stack: string | null;
  host: string | null;
  category: string | null;
  tags: string[] | null;
  attributes: Record<string, unknown>;
  resource: Record<string, unknown>;
}

export interface LogPage {
  items: LogRecord[];
  next_cursor: string | null;
}

export interface Histogram {
  from: string;
  to: string;
  interval_seconds: number;
  source: 'rollup' | 'raw' | 'sample';
  partial: { scanned_from: string; reason: string } | null;
  /** Set when counts are estimates from a sample of the matching records. */
  sample: { records: number; reason: string } | null;
  buckets: { time: string; total: number; counts: Record<string, number> }[];
}

export interface Facets {
  facets: Record<string, { value: string; count: number }[]>;
  /** Set when the counts are of a sample of the matching records only. */
  sample?: { records: number; reason: string } | null;
}

export interface Pattern {
  template: string;
  count: number;
  share: number;
  example: string;
  is_new: boolean;
}

export interface Patterns {
  sampled: number;
  previous_sampled: number;
  patterns: Pattern[];
}

export interface LogContext {
  record: LogRecord;
  before: LogRecord[];
  after: LogRecord[];
}

export interface PivotResult {
  trace_ids: string[];
  logs: LogRecord[];
  errors: Record<string, unknown>[];
  spans: Record<string, unknown>[];
  truncated: boolean;
}

/** What a search is over: the query text and an absolute window (ISO instants). */
export interface SearchWindow {
  q: string;
  from: string;
  to: string;
}

const opt = (signal?: AbortSignal) => (signal ? { signal } : {});

export const searchLogs = (w: SearchWindow, cursor: string | null, signal?: AbortSignal) =>
  api<LogPage>('/logs/search', { query: { ...w, limit: 200, cursor }, ...opt(signal) });

export const getHistogram = (w: SearchWindow, signal?: AbortSignal) =>
  api<Histogram>('/logs/histogram', { query: { ...w }, ...opt(signal) });

export const FACET_FIELDS = ['service', 'level', 'host', 'environment'] as const;

export const getFacets = (w: SearchWindow, signal?: AbortSignal) =>
  api<Facets>('/logs/facets', {
    query: { ...w, fields: FACET_FIELDS.join(','), size: 8 },
    ...opt(signal),
  });

export const getPatterns = (w: SearchWindow, signal?: AbortSignal) =>
  api<Patterns>('/logs/patterns', { query: { ...w, limit: 100 }, ...opt(signal) });

export const getLogContext = (r: Pick<LogRecord, 'time' | 'record_id'>, signal?: AbortSignal) =>
  api<LogContext>(`/logs/${encodeURIComponent(r.time)}/${r.record_id}/context`, {
    query: { before: 10, after: 10 },
    ...opt(signal),
  });

export const getPivot = (by: { request_id?: string; trace_id?: string }, signal?: AbortSignal) =>
  api<PivotResult>('/pivot', { query: { ...by }, ...opt(signal) });

/** The offset of a query syntax error the API reported (400 with `position`), if any. */
export function queryErrorOf(err: unknown): { message: string; position?: number } | null {
  if (!(err instanceof ApiError) || err.status !== 400) return null;
  const position = (err.problem as { position?: unknown } | null)?.position;
  return typeof position === 'number'
    ? { message: err.message, position }
    : { message: err.message };
}
