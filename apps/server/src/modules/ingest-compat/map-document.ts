import { SEVERITY_NUMBER, toLevel, type LogLevel } from './levels.ts';
import { DEFAULT_SERVICE, type CompatLogRecord } from './log-record.ts';
import { normalizeTime } from './time.ts';

type Doc = Record<string, unknown>;

/**
 * Candidate fields per record column, first match wins. A name matches a top-level key in any
 * case (syslog-ng sends PROGRAM, MESSAGE) or a dotted path, either as a literal dotted key
 * (`"log.level": ...`) or nested objects (`{"log": {"level": ...}}`), as ECS shippers send both.
 */
export const FIELDS = {
  time: ['@timestamp', 'timestamp', 'time', 'ts', 'isodate', 'date', '_time', 'datetime'],
  message: ['message', 'msg', 'log', 'short_message', 'event.original', 'log.original'],
  level: [
    'log.level',
    'severity',
    'level',
    'priority',
    'loglevel',
    'severity_text',
    'log.syslog.severity.name',
    'syslog.severity',
    'levelname',
  ],
  host: ['host.name', 'host.hostname', 'host', 'hostname', 'host_from', 'source_host'],
  service: [
    'service.name',
    'service_name',
    'app',
    'program',
    'service',
    'appname',
    'app_name',
    'application',
    'log.syslog.appname',
    'syslog.appname',
    'process.name',
    'job',
  ],
  environment: ['deployment.environment', 'environment', 'env', 'service.environment'],
  traceId: ['trace_id', 'traceid', 'trace.id', 'traceId', 'dd.trace_id'],
  spanId: ['span_id', 'spanid', 'span.id', 'spanId', 'dd.span_id'],
  requestId: ['request_id', 'requestid', 'http.request.id', 'req_id', 'reqId'],
  errorType: ['error.type', 'err.type', 'exception.type'],
  errorMessage: ['error.message', 'err.message', 'exception.message'],
  errorStack: ['error.stack_trace', 'error.stack', 'err.stack', 'exception.stacktrace'],
} as const;

/** Finds a key of obj equal to name ignoring case (exact spelling first). */
function keyOf(obj: Doc, name: string): string | undefined {
  if (Object.hasOwn(obj, name)) return name;
  const lower = name.toLowerCase();
  return Object.keys(obj).find((k) => k.toLowerCase() === lower);
}

const isObject = (v: unknown): v is Doc => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Takes the first usable value among names out of doc (removing it, and parents it leaves
 * empty), so what remains is the record's attributes. `usable` rejects e.g. an object `host`.
 */
function take(doc: Doc, names: readonly string[], usable: (v: unknown) => boolean): unknown {
  for (const name of names) {
    const literal = keyOf(doc, name);
    if (literal !== undefined && usable(doc[literal])) {
      const v = doc[literal];
      delete doc[literal];
      return v;
    }
    const parts = name.split('.');
    if (parts.length < 2) continue;
    const chain: Array<[Doc, string]> = [];
    let cur: unknown = doc;
    for (const part of parts) {
      if (!isObject(cur)) break;
      const k = keyOf(cur, part);
      if (k === undefined) break;
      chain.push([cur, k]);
      cur = cur[k];
    }
    if (chain.length !== parts.length || !usable(cur)) continue;
    for (let i = chain.length - 1; i >= 0; i--) {
      const [parent, k] = chain[i] as [Doc, string];
      if (i === chain.length - 1 || (isObject(parent[k]) && Object.keys(parent[k]).length === 0)) {
        delete parent[k];
      }
    }
    return cur;
  }
  return undefined;
}

const scalar = (v: unknown) =>
  (typeof v === 'string' && v.trim() !== '') || typeof v === 'number' || typeof v === 'boolean';
const text = (v: unknown): string | null => (scalar(v) ? String(v) : null);
const HEX32 = /^[0-9a-f]{32}$/i;
const HEX16 = /^[0-9a-f]{16}$/i;

export interface MapDefaults {
  /** Used when the document names no service (Loki stream labels, for instance). */
  service?: string | null;
  environment?: string | null;
  level?: LogLevel | null;
  host?: string | null;
  category?: string | null;
  /** When the document has no time of its own. */
  time: string;
  observedTime: string;
}

/**
 * Maps one shipper document (Elasticsearch bulk source, syslog-ng JSON, a JSON log line) to a
 * log record; every field it does not map stays in attributes with its original key. The
 * recordId is left empty for the caller, which knows the client id or the content to derive it.
 */
export function mapDocument(input: Doc, d: MapDefaults): CompatLogRecord {
  const doc = structuredClone(input);
  const rawTime = take(doc, FIELDS.time, scalar);
  const time = normalizeTime(rawTime);
  // An unreadable time is kept, not fatal: the record is stamped with its arrival instead.
  if (rawTime !== undefined && time === null) doc['@timestamp_original'] = rawTime;
  // `log` is a message only as text (ECS uses a `log` object for log.level, log.file...).
  const message =
    take(doc, FIELDS.message, (v) => typeof v === 'string') ??
    take(doc, ['message', 'msg'], (v) => v !== undefined && v !== null);
  const levelRaw = take(doc, FIELDS.level, (v) => toLevel(v) !== null);
  const level = toLevel(levelRaw) ?? d.level ?? 'info';
  const traceId = text(take(doc, FIELDS.traceId, (v) => typeof v === 'string' && HEX32.test(v)));
  const spanId = text(take(doc, FIELDS.spanId, (v) => typeof v === 'string' && HEX16.test(v)));
  return {
    recordId: '',
    time: time ?? d.time,
    observedTime: d.observedTime,
    level,
    severityNumber: SEVERITY_NUMBER[level],
    service: text(take(doc, FIELDS.service, scalar)) ?? d.service ?? DEFAULT_SERVICE,
    environment: text(take(doc, FIELDS.environment, scalar)) ?? d.environment ?? null,
    message:
      typeof message === 'string' ? message : message === undefined ? '' : JSON.stringify(message),
    traceId: traceId?.toLowerCase() ?? null,
    spanId: spanId?.toLowerCase() ?? null,
    requestId: text(take(doc, FIELDS.requestId, scalar)),
    host: text(take(doc, FIELDS.host, scalar)) ?? d.host ?? null,
    category: d.category ?? null,
    errorType: text(take(doc, FIELDS.errorType, scalar)),
    errorMessage: text(take(doc, FIELDS.errorMessage, scalar)),
    errorStack: text(take(doc, FIELDS.errorStack, scalar)),
    attributes: lowerSyslogKeys(doc),
    resource: {},
  };
}

/** syslog-ng's upper-case macro names (FACILITY, SOURCE, HOST_FROM) read better lower-cased. */
function lowerSyslogKeys(doc: Doc): Doc {
  const out: Doc = {};
  for (const [k, v] of Object.entries(doc)) {
    const key = /^[A-Z][A-Z0-9_]*$/.test(k) ? k.toLowerCase() : k;
    out[Object.hasOwn(out, key) ? k : key] = v;
  }
  return out;
}
