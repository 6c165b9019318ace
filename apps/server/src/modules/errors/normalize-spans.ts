import { parseSentryTime } from './normalize-event.ts';
import type { SpanRow } from './rows.ts';
import { isRecord, str } from './sentry-types.ts';

/**
 * Sentry performance data as spans rows: a `transaction` event (its root span in
 * contexts.trace plus `spans`) or a `span` item in the v2 format
 * (`application/vnd.sentry.items.span.v2+json`: `{ version: 2, items: [...] }`). Pure.
 */
export interface SpanSource {
  orgId: string;
  projectId: number;
  receivedAt: Date;
  oldestAccepted: Date;
  /** Envelope header `trace` (dynamic sampling context): environment, release, transaction. */
  dsc: Record<string, unknown> | null;
}

const TRACE_RE = /^[0-9a-f]{32}$/;
const SPAN_RE = /^[0-9a-f]{16}$/;

function hexId(v: unknown, re: RegExp): string | null {
  const s = typeof v === 'string' ? v.replace(/-/g, '').toLowerCase() : null;
  return s && re.test(s) ? s : null;
}

/** Sentry op -> OpenTelemetry span kind. */
export function kindOfOp(op: string | null): SpanRow['kind'] {
  if (!op) return 'internal';
  if (op === 'http.server' || op.startsWith('function.') || op === 'rpc.server') return 'server';
  if (op === 'http.client' || op.startsWith('db') || op.startsWith('cache') || op === 'rpc.client')
    return 'client';
  if (op === 'queue.publish' || op === 'queue.submit') return 'producer';
  if (op === 'queue.process' || op === 'queue.receive') return 'consumer';
  return 'internal';
}

/** Sentry span status -> OTel status: ok, unset (unknown) or error (everything else). */
export function statusOf(status: string | null): {
  status: SpanRow['status'];
  message: string | null;
} {
  if (!status || status === 'unknown' || status === 'unset')
    return { status: 'unset', message: null };
  if (status === 'ok') return { status: 'ok', message: null };
  return { status: 'error', message: status };
}

function httpStatus(v: unknown): number | null {
  const n = Number(v);
  return Number.isInteger(n) && n >= 100 && n <= 599 ? n : null;
}

function clampTime(d: Date, src: SpanSource): Date {
  if (d.getTime() > src.receivedAt.getTime() + 60_000) return src.receivedAt;
  if (d.getTime() < src.oldestAccepted.getTime()) return src.receivedAt;
  return d;
}

interface RawSpan {
  traceId: unknown;
  spanId: unknown;
  parentSpanId: unknown;
  start: unknown;
  end: unknown;
  name: string | null;
  op: string | null;
  status: string | null;
  attributes: Record<string, unknown>;
  environment: string | null;
  release: string | null;
  sdk: { name: string | null; version: string | null };
  route: string | null;
}

function toRow(s: RawSpan, src: SpanSource): SpanRow | null {
  const traceId = hexId(s.traceId, TRACE_RE);
  const spanId = hexId(s.spanId, SPAN_RE);
  const start = parseSentryTime(s.start);
  if (!traceId || !spanId || !start) return null;
  const end = parseSentryTime(s.end) ?? start;
  const startTime = clampTime(start, src);
  const durationMs = Math.max(0, end.getTime() - start.getTime());
  const endTime = new Date(startTime.getTime() + durationMs);
  const a = s.attributes;
  const st = statusOf(s.status);
  const fromRelease = s.release?.includes('@')
    ? s.release.slice(0, s.release.lastIndexOf('@'))
    : null;
  const service = str(a['service.name'], 200) ?? fromRelease ?? 'unknown_service';
  return {
    org_id: src.orgId,
    project_id: src.projectId,
    start_time: startTime.toISOString(),
    end_time: endTime.toISOString(),
    duration_ms: durationMs,
    status_code: httpStatus(a['http.response.status_code'] ?? a['http.status_code']),
    trace_id: traceId,
    span_id: spanId,
    parent_span_id: hexId(s.parentSpanId, SPAN_RE),
    trace_state: null,
    name: (s.name ?? s.op ?? '<unnamed>').slice(0, 2000),
    kind: kindOfOp(s.op),
    status: st.status,
    status_message: st.message,
    service,
    environment: s.environment,
    method: str(a['http.request.method'] ?? a['http.method'], 20),
    route: str(a['http.route'], 500) ?? s.route,
    scope_name: s.sdk.name,
    scope_version: s.sdk.version,
    attributes: { ...a, ...(s.op ? { 'sentry.op': s.op } : {}) },
    resource: {
      'service.name': service,
      ...(s.release ? { 'service.version': s.release } : {}),
      ...(s.environment ? { 'deployment.environment.name': s.environment } : {}),
    },
    events: null,
    links: null,
  };
}

function sdkOf(v: unknown) {
  return isRecord(v)
    ? { name: str(v.name, 200), version: str(v.version, 100) }
    : { name: null, version: null };
}

/** A `transaction` event: the root span (contexts.trace) and its child spans. */
export function spansFromTransaction(
  event: Record<string, unknown>,
  src: SpanSource,
): { rows: SpanRow[]; rejected: number } {
  const contexts = isRecord(event.contexts) ? event.contexts : {};
  const trace = isRecord(contexts.trace) ? contexts.trace : {};
  const environment = str(event.environment, 200) ?? str(src.dsc?.environment, 200);
  const release = str(event.release, 250) ?? str(src.dsc?.release, 250);
  const sdk = sdkOf(event.sdk);
  const name = str(event.transaction, 2000);
  const source = isRecord(event.transaction_info) ? str(event.transaction_info.source) : null;
  const tags = isRecord(event.tags) ? event.tags : {};
  const raw: RawSpan[] = [
    {
      traceId: trace.trace_id,
      spanId: trace.span_id,
      parentSpanId: trace.parent_span_id,
      start: event.start_timestamp,
      end: event.timestamp,
      name,
      op: str(trace.op, 200),
      status: str(trace.status, 100),
      attributes: { ...(isRecord(trace.data) ? trace.data : {}), ...tags },
      environment,
      release,
      sdk,
      route: source === 'route' ? name : null,
    },
  ];
  const children = Array.isArray(event.spans) ? event.spans.filter(isRecord) : [];
  for (const c of children.slice(0, 5000)) {
    raw.push({
      traceId: c.trace_id ?? trace.trace_id,
      spanId: c.span_id,
      parentSpanId: c.parent_span_id,
      start: c.start_timestamp,
      end: c.timestamp,
      name: str(c.description, 2000),
      op: str(c.op, 200),
      status: str(c.status, 100),
      attributes: { ...(isRecord(c.data) ? c.data : {}), ...(isRecord(c.tags) ? c.tags : {}) },
      environment,
      release,
      sdk,
      route: null,
    });
  }
  const rows = raw.map((r) => toRow(r, src)).filter((r): r is SpanRow => r !== null);
  return { rows, rejected: raw.length - rows.length };
}

/** `{ key: { value, type } }` (span v2 attributes) -> `{ key: value }`. */
function flattenAttributes(v: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (!isRecord(v)) return out;
  for (const [k, a] of Object.entries(v)) out[k] = isRecord(a) && 'value' in a ? a.value : a;
  return out;
}

/** A `span` item in the v2 container format. */
export function spansFromV2(
  payload: Record<string, unknown>,
  src: SpanSource,
): { rows: SpanRow[]; rejected: number } {
  const items = Array.isArray(payload.items) ? payload.items.filter(isRecord) : [];
  const rows: SpanRow[] = [];
  for (const s of items.slice(0, 10_000)) {
    const a = flattenAttributes(s.attributes);
    const environment = str(a['sentry.environment'], 200) ?? str(src.dsc?.environment, 200);
    const release = str(a['sentry.release'], 250) ?? str(src.dsc?.release, 250);
    const row = toRow(
      {
        traceId: s.trace_id,
        spanId: s.span_id,
        parentSpanId: s.parent_span_id,
        start: s.start_timestamp,
        end: s.end_timestamp,
        name: str(s.name, 2000),
        op: str(a['sentry.op'], 200),
        status: str(s.status, 100),
        attributes: a,
        environment,
        release,
        sdk: { name: str(a['sentry.sdk.name'], 200), version: str(a['sentry.sdk.version'], 100) },
        route:
          s.is_segment === true && a['sentry.segment.name.source'] === 'route' ? str(s.name) : null,
      },
      src,
    );
    if (row) rows.push(row);
  }
  return { rows, rejected: items.length - rows.length };
}
