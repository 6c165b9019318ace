import { jsonText } from '../ingest/index.ts';
import type { ErrorEventRow } from './rows.ts';

/**
 * The large parts of an error event (rendered stack, exception, breadcrumbs, contexts, tags,
 * request, user, sdk), stored together as one JSON text in error_events.payload (migration
 * 0024). Pure.
 */
export const PAYLOAD_FIELDS = [
  'stack_trace',
  'exception',
  'breadcrumbs',
  'context',
  'tags',
  'request',
  'user_data',
  'sdk',
] as const;
type PayloadField = (typeof PAYLOAD_FIELDS)[number];

/** An event row whose large parts are already one JSON text: what waits for a flush. */
export type PackedEventRow = Omit<ErrorEventRow, PayloadField> & { payload: string };
/** What the error_events writer takes: packed rows, or whole ones (spooled by older versions). */
export type EventRowInput = ErrorEventRow | PackedEventRow;

export function eventPayload(r: ErrorEventRow): string {
  return jsonText({
    stack_trace: r.stack_trace,
    exception: r.exception ?? null,
    breadcrumbs: r.breadcrumbs ?? [],
    context: r.context ?? {},
    tags: r.tags ?? {},
    request: r.request ?? null,
    user_data: r.user_data ?? null,
    sdk: r.sdk ?? null,
  });
}

/**
 * The row with its large parts serialized once, at ingest: a queued row is then one string, not
 * the event's object tree, which would otherwise outlive the young generation while the flush
 * runs and be copied and promoted by the garbage collector.
 */
export function packEventRow(r: ErrorEventRow): PackedEventRow {
  // One literal (one hidden class for every queued row), not a copy through Object.entries.
  return {
    org_id: r.org_id,
    project_id: r.project_id,
    event_id: r.event_id,
    group_id: r.group_id,
    occurred_at: r.occurred_at,
    received_at: r.received_at,
    severity: r.severity,
    error_type: r.error_type,
    message: r.message,
    error_code: r.error_code,
    service: r.service,
    environment: r.environment,
    release: r.release,
    platform: r.platform,
    file_path: r.file_path,
    line_number: r.line_number,
    function_name: r.function_name,
    user_id: r.user_id,
    session_id: r.session_id,
    request_id: r.request_id,
    trace_id: r.trace_id,
    span_id: r.span_id,
    url: r.url,
    endpoint: r.endpoint,
    method: r.method,
    user_agent: r.user_agent,
    ip_address: r.ip_address,
    status_code: r.status_code,
    error_hash: r.error_hash,
    grouping: r.grouping,
    user_hash: r.user_hash,
    payload: eventPayload(r),
  };
}

export function payloadOf(r: EventRowInput): string {
  return 'payload' in r ? r.payload : eventPayload(r);
}
