import { api } from '../../lib/api.ts';

// Mirrors apps/server/src/modules/traces/schemas.ts (GET /api/v1/traces and /traces/:traceId).

export interface TraceSummary {
  trace_id: string;
  root_name: string;
  root_service: string;
  start_time: string;
  duration_ms: number;
  span_count: number;
  has_error: boolean;
}

export interface WaterfallSpan {
  span_id: string;
  parent_span_id: string | null;
  /** Nesting level: 0 for roots and for spans whose parent was not received. */
  depth: number;
  orphan: boolean;
  name: string;
  kind: string;
  service: string;
  environment: string | null;
  start_time: string;
  end_time: string;
  /** Start relative to the trace start, in milliseconds. */
  offset_ms: number;
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

export interface TraceLog {
  time: string;
  record_id: string;
  level: string;
  service: string;
  message: string;
  span_id: string | null;
  attributes: unknown;
}

export interface TraceError {
  event_id: string;
  group_id: string;
  occurred_at: string;
  severity: string;
  error_type: string | null;
  message: string;
  service: string | null;
  span_id: string | null;
}

export interface TraceDetail {
  trace_id: string;
  start_time: string;
  end_time: string;
  duration_ms: number;
  span_count: number;
  services: string[];
  has_error: boolean;
  /** Depth-first, children by start time: the rows of the waterfall. */
  spans: WaterfallSpan[];
  logs: TraceLog[];
  errors: TraceError[];
}

export interface TraceFilters {
  service: string;
  minDurationMs: number | null;
  errorsOnly: boolean;
  from: string;
  to: string;
}

export const TRACE_ID_PATTERN = /^[0-9a-fA-F]{32}$/;

export const listTraces = (f: TraceFilters, signal?: AbortSignal) =>
  api<{ items: TraceSummary[] }>('/traces', {
    query: {
      service: f.service.trim() || undefined,
      min_duration_ms: f.minDurationMs ?? undefined,
      errors_only: f.errorsOnly || undefined,
      from: f.from,
      to: f.to,
      limit: 200,
    },
    ...(signal ? { signal } : {}),
  });

export const getTrace = (traceId: string, signal?: AbortSignal) =>
  api<TraceDetail>(`/traces/${encodeURIComponent(traceId.toLowerCase())}`, {
    ...(signal ? { signal } : {}),
  });
