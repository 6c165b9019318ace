import { EnvelopeError, itemJson, type Envelope, type EnvelopeItem } from './envelope.ts';
import { packEventRow } from './event-payload.ts';
import { normalizeEvent, normalizeEventId, type EventSource } from './normalize-event.ts';
import { aggregatesFromItem, outcomesFromReport, sessionFromItem } from './normalize-health.ts';
import { spansFromTransaction, spansFromV2 } from './normalize-spans.ts';
import type {
  ClientOutcomeRow,
  ErrorEventRow,
  SessionAggregateRow,
  SessionRow,
  SpanRow,
} from './rows.ts';
import { isRecord } from './sentry-types.ts';

/**
 * Turns a parsed envelope into rows per table writer. Pure: scrubbing is passed in. An item that
 * cannot be read as what its type says rejects the whole envelope (Relay does the same), so an
 * envelope is stored entirely or not at all.
 */
export const WRITERS = {
  events: 'error_events',
  spans: 'spans',
  sessions: 'release_sessions',
  aggregates: 'release_session_aggregates',
  outcomes: 'client_outcomes',
} as const;

export const MAX_EVENT_BYTES = 1024 * 1024;
export const MAX_SPAN_ITEM_BYTES = 5 * 1024 * 1024;
export const MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024;

export interface ProcessedEnvelope {
  eventId: string | null;
  events: ErrorEventRow[];
  spans: SpanRow[];
  sessions: SessionRow[];
  aggregates: SessionAggregateRow[];
  outcomes: ClientOutcomeRow[];
  /** Items not stored (unknown types, attachments, spans with invalid ids). */
  skipped: number;
}

export interface ProcessOptions extends Omit<EventSource, 'envelopeEventId'> {
  scrub(value: Record<string, unknown>): Record<string, unknown>;
}

function tooLarge(item: EnvelopeItem, max: number): never {
  throw new EnvelopeError(
    `A ${item.type} item of ${item.payload.length} bytes exceeds the ${max}-byte limit.`,
    'PAYLOAD_TOO_LARGE',
  );
}

function json(item: EnvelopeItem, index: number): Record<string, unknown> {
  const v = itemJson(item);
  if (!v) throw new EnvelopeError(`Item ${index + 1} (${item.type}) is not a JSON object.`);
  return v;
}

function hexId(v: unknown): string | null {
  return typeof v === 'string' ? v.replace(/-/g, '') : null;
}

export function processEnvelope(env: Envelope, opts: ProcessOptions): ProcessedEnvelope {
  const out: ProcessedEnvelope = {
    eventId: null,
    events: [],
    spans: [],
    sessions: [],
    aggregates: [],
    outcomes: [],
    skipped: 0,
  };
  const headerEventId = normalizeEventId(env.header.event_id);
  const dsc = isRecord(env.header.trace) ? env.header.trace : null;
  const health = { orgId: opts.orgId, projectId: opts.projectId, receivedAt: opts.receivedAt };
  const spanSrc = { ...health, oldestAccepted: opts.oldestAccepted, dsc };
  env.items.forEach((item, i) => {
    switch (item.type) {
      case 'event':
      case 'error': {
        if (item.payload.length > MAX_EVENT_BYTES) tooLarge(item, MAX_EVENT_BYTES);
        const event = opts.scrub(json(item, i));
        if (event.type === 'transaction') {
          out.spans.push(...spansFromTransaction(event, spanSrc).rows);
          break;
        }
        // The header's event_id names the envelope's (single) event: only the first may use it.
        const envelopeEventId = out.events.length === 0 ? headerEventId : null;
        const row = normalizeEvent(event, { ...opts, envelopeEventId });
        out.events.push(row);
        break;
      }
      case 'transaction': {
        if (item.payload.length > MAX_EVENT_BYTES) tooLarge(item, MAX_EVENT_BYTES);
        const r = spansFromTransaction(opts.scrub(json(item, i)), spanSrc);
        out.spans.push(...r.rows);
        out.skipped += r.rejected;
        break;
      }
      case 'span': {
        if (item.payload.length > MAX_SPAN_ITEM_BYTES) tooLarge(item, MAX_SPAN_ITEM_BYTES);
        const p = opts.scrub(json(item, i));
        // v2 is a container; a v1 span item is a single span with `timestamp` as its end.
        const container = Array.isArray(p.items)
          ? p
          : {
              items: [
                {
                  ...p,
                  end_timestamp: p.end_timestamp ?? p.timestamp,
                  name: p.name ?? p.description,
                },
              ],
            };
        const r = spansFromV2(container, spanSrc);
        out.spans.push(...r.rows);
        out.skipped += r.rejected;
        break;
      }
      case 'session': {
        const s = sessionFromItem(json(item, i), health);
        if (s) out.sessions.push(s);
        else out.skipped += 1;
        break;
      }
      case 'sessions':
        out.aggregates.push(...aggregatesFromItem(json(item, i), item.payload, health));
        break;
      case 'client_report':
        out.outcomes.push(...outcomesFromReport(json(item, i), item.payload, health));
        break;
      case 'attachment':
        // Not stored; bounded so a client cannot make us hold a huge one.
        if (item.payload.length > MAX_ATTACHMENT_BYTES) tooLarge(item, MAX_ATTACHMENT_BYTES);
        out.skipped += 1;
        break;
      default:
        // user_report, feedback, profile, replay_*, check_in, log, statsd, ...: not stored.
        out.skipped += 1;
    }
  });
  // Sentry answers with the envelope's event id, else the id of its (first) event.
  out.eventId = hexId(headerEventId) ?? hexId(out.events[0]?.event_id) ?? null;
  return out;
}

/** Row batches for app.ingest.submit, without empty ones. */
export function submitItems(
  p: ProcessedEnvelope,
): Array<{ writer: string; rows: Array<{ org_id: string }> }> {
  return [
    { writer: WRITERS.events, rows: p.events.map(packEventRow) },
    { writer: WRITERS.spans, rows: p.spans },
    { writer: WRITERS.sessions, rows: p.sessions },
    { writer: WRITERS.aggregates, rows: p.aggregates },
    { writer: WRITERS.outcomes, rows: p.outcomes },
  ].filter((x) => x.rows.length > 0);
}
