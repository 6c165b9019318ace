import type { SpanRow } from '../errors/index.ts';
import { scrubSensitive, type IngestContext } from '../ingest/index.ts';
import {
  attributesToObject,
  idToHex,
  int64String,
  nanosToIso,
  otlpService,
  resourceInfo,
  type Json,
} from '../logs/index.ts';
import { AppError } from '../../platform/errors.ts';

/**
 * OTLP traces (ExportTraceServiceRequest, protobuf or JSON) as `spans` rows. Pure apart from the
 * lazily loaded protobuf types. A span with a bad id or time is rejected alone and counted in
 * partialSuccess; the others are kept.
 */

const service = otlpService(
  'trace_service.proto',
  'opentelemetry.proto.collector.trace.v1',
  'Trace',
  'rejectedSpans',
);

/** Decodes the export request from protobuf bytes; 400 when malformed. */
export const decodeTracesProtobuf = (body: Buffer): unknown => service.decode(body);

/** The export response as protobuf bytes. */
export const encodeTracesResponse = (rejected: number, message: string): Buffer =>
  service.encodeResponse(rejected, message);

const KINDS: SpanRow['kind'][] = [
  'unspecified',
  'internal',
  'server',
  'client',
  'producer',
  'consumer',
];
const STATUSES: SpanRow['status'][] = ['unset', 'ok', 'error'];

/** An OTLP enum as its index: protobuf numbers, JSON integers, or JSON enum names. */
function enumIndex(v: unknown, prefix: string, names: readonly string[]): number | null {
  if (v === undefined || v === null) return 0;
  if (typeof v === 'number') return Number.isInteger(v) && v >= 0 && v < names.length ? v : null;
  if (typeof v === 'string') {
    if (/^\d+$/.test(v)) return enumIndex(Number(v), prefix, names);
    const i = names.indexOf(v.replace(prefix, '').toLowerCase());
    return i >= 0 ? i : null;
  }
  return null;
}

const text = (v: Json | undefined) => (typeof v === 'string' && v !== '' ? v : null);
function httpStatus(v: Json | undefined): number | null {
  const n = typeof v === 'string' ? Number(v) : v;
  return typeof n === 'number' && Number.isInteger(n) && n >= 100 && n <= 599 ? n : null;
}

/** Nanosecond difference in milliseconds (exact to the microsecond). */
function durationMs(startNs: string, endNs: string): number {
  return Number((BigInt(endNs) - BigInt(startNs)) / 1000n) / 1000;
}

export interface OtlpTracesResult {
  rows: SpanRow[];
  rejected: number;
  firstError: string | null;
}

export interface TracesWindow {
  /** Spans starting before this are refused (no partition holds them). */
  oldest: Date;
  /** Spans starting after this are refused (clock far ahead). */
  newest: Date;
}

/** The start times Pharos stores: from yesterday 00:00 UTC (the oldest partition ingest keeps) to an hour ahead. */
export function defaultWindow(now = new Date()): TracesWindow {
  const oldest = new Date(now);
  oldest.setUTCHours(0, 0, 0, 0);
  oldest.setUTCDate(oldest.getUTCDate() - 1);
  return { oldest, newest: new Date(now.getTime() + 3_600_000) };
}

type Obj = Record<string, unknown>;
const isZeroId = (v: unknown) =>
  v instanceof Uint8Array ? v.every((b) => b === 0) : typeof v === 'string' && /^0+$/.test(v);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

function events(raw: unknown, ctx: IngestContext): Json[] | null {
  const out: Json[] = [];
  for (const e of list(raw)) {
    if (!e || typeof e !== 'object') continue;
    const ev = e as Obj;
    out.push({
      time: nanosToIso(int64String(ev.timeUnixNano)),
      name: typeof ev.name === 'string' ? ev.name : '',
      attributes: scrubSensitive(attributesToObject(ev.attributes), ctx.scrub),
    });
  }
  return out.length ? out : null;
}

function links(raw: unknown, ctx: IngestContext): Json[] | null {
  const out: Json[] = [];
  for (const l of list(raw)) {
    if (!l || typeof l !== 'object') continue;
    const link = l as Obj;
    const traceId = idToHex(link.traceId, 16);
    const spanId = idToHex(link.spanId, 8);
    if (!traceId || !spanId) continue;
    out.push({
      trace_id: traceId,
      span_id: spanId,
      trace_state: typeof link.traceState === 'string' && link.traceState ? link.traceState : null,
      attributes: scrubSensitive(attributesToObject(link.attributes), ctx.scrub),
    });
  }
  return out.length ? out : null;
}

/** Rows of an OTLP traces request (either shape). */
export function otlpTracesToRows(
  req: unknown,
  ctx: IngestContext,
  window: TracesWindow = defaultWindow(),
): OtlpTracesResult {
  const rows: SpanRow[] = [];
  let rejected = 0;
  let firstError: string | null = null;
  const reject = (why: string) => {
    rejected++;
    firstError ??= why;
  };
  const resourceSpans = (req as { resourceSpans?: unknown } | null)?.resourceSpans;
  if (resourceSpans !== undefined && !Array.isArray(resourceSpans))
    throw new AppError('VALIDATION', 'resourceSpans must be an array.');
  for (const rs of list(resourceSpans)) {
    const info = resourceInfo((rs as Obj | null)?.resource);
    const resource = scrubSensitive(info.attributes, ctx.scrub);
    for (const ss of list((rs as Obj | null)?.scopeSpans)) {
      const scope = (ss as { scope?: { name?: unknown; version?: unknown } } | null)?.scope;
      const scopeName = typeof scope?.name === 'string' && scope.name ? scope.name : null;
      const scopeVersion =
        typeof scope?.version === 'string' && scope.version ? scope.version : null;
      for (const raw of list((ss as Obj | null)?.spans)) {
        if (!raw || typeof raw !== 'object') {
          reject('a span is not an object');
          continue;
        }
        const s = raw as Obj;
        const traceId = idToHex(s.traceId, 16);
        const spanId = idToHex(s.spanId, 8);
        if (!traceId || !spanId) {
          reject('traceId must be 16 bytes and spanId 8 bytes, not all zero');
          continue;
        }
        // protobufjs leaves an absent bytes field as its prototype default (an empty array).
        const rawParent = s.parentSpanId as { length?: unknown } | null | undefined;
        const hasParent = rawParent !== undefined && rawParent !== null && rawParent.length !== 0;
        const parent = hasParent ? idToHex(s.parentSpanId, 8) : null;
        if (hasParent && !parent && !isZeroId(s.parentSpanId)) {
          reject(`span ${spanId}: parentSpanId is not 8 bytes`);
          continue;
        }
        const kind = enumIndex(s.kind, 'SPAN_KIND_', KINDS);
        const status = (s.status ?? {}) as Obj;
        const code = enumIndex(status.code, 'STATUS_CODE_', STATUSES);
        if (kind === null || code === null) {
          reject(`span ${spanId}: kind or status code out of range`);
          continue;
        }
        const startNs = int64String(s.startTimeUnixNano);
        const endNs = int64String(s.endTimeUnixNano);
        const start = nanosToIso(startNs);
        const end = nanosToIso(endNs);
        if (!startNs || !endNs || !start || !end || BigInt(endNs) < BigInt(startNs)) {
          reject(`span ${spanId}: start/end time missing or end before start`);
          continue;
        }
        const startMs = Date.parse(start);
        if (startMs < window.oldest.getTime() || startMs > window.newest.getTime()) {
          reject(`span ${spanId}: start time ${start} is outside the accepted window`);
          continue;
        }
        const attrs = attributesToObject(s.attributes);
        rows.push({
          org_id: ctx.orgId,
          project_id: ctx.projectId,
          start_time: start,
          end_time: end,
          duration_ms: durationMs(startNs, endNs),
          status_code: httpStatus(attrs['http.response.status_code'] ?? attrs['http.status_code']),
          trace_id: traceId,
          span_id: spanId,
          parent_span_id: parent,
          trace_state: typeof s.traceState === 'string' && s.traceState ? s.traceState : null,
          name: typeof s.name === 'string' ? s.name : '',
          kind: KINDS[kind]!,
          status: STATUSES[code]!,
          status_message:
            typeof status.message === 'string' && status.message ? status.message : null,
          service: info.service,
          environment: info.environment,
          method: text(attrs['http.request.method'] ?? attrs['http.method']),
          route: text(attrs['http.route']),
          scope_name: scopeName,
          scope_version: scopeVersion,
          attributes: scrubSensitive(attrs, ctx.scrub),
          resource,
          events: events(s.events, ctx),
          links: links(s.links, ctx),
        });
      }
    }
  }
  return { rows, rejected, firstError };
}
