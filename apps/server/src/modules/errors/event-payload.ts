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
  const payload = eventPayload(r);
  const out: Record<string, unknown> = { payload };
  for (const [k, v] of Object.entries(r)) {
    if (!(PAYLOAD_FIELDS as readonly string[]).includes(k)) out[k] = v;
  }
  return out as PackedEventRow;
}

export function payloadOf(r: EventRowInput): string {
  return 'payload' in r ? r.payload : eventPayload(r);
}
