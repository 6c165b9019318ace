import {
  deterministicUuid,
  isUuid,
  scrubCards,
  scrubSensitive,
  type IngestContext,
} from '../ingest/index.ts';
import { AppError } from '../../platform/errors.ts';
import { parseLevel } from './levels.ts';
import type { LogRow } from './log-records-writer.ts';

/**
 * NDJSON logs: one JSON object per line (blank lines, CRLF and a BOM are fine), or one JSON
 * array of objects. A batch is all or nothing: any invalid line answers 400 naming the line and
 * nothing of the batch is written, so a client can fix and resend it whole.
 */

type Obj = Record<string, unknown>;

const ALIASES = {
  time: ['time', 'timestamp', '@timestamp', 'ts', 't'],
  level: ['level', 'severity', 'lvl', 'loglevel', 'severity_text'],
  message: ['msg', 'message', 'body', 'log'],
  service: ['service', 'service.name', 'service_name', 'serviceName', 'app', 'application'],
  environment: ['environment', 'env', 'deployment.environment'],
  trace: ['trace_id', 'traceId', 'trace.id', 'traceid'],
  span: ['span_id', 'spanId', 'span.id', 'spanid'],
  request: ['request_id', 'requestId', 'req_id', 'reqId'],
  host: ['host', 'hostname', 'host.name'],
  method: ['method', 'http.method', 'http.request.method'],
  path: ['path', 'url', 'url.path', 'http.target'],
  status: ['status_code', 'statusCode', 'status', 'http.status_code', 'http.response.status_code'],
  latency: ['latency_ms', 'duration_ms', 'responseTime', 'response_time_ms', 'elapsed_ms'],
  user: ['user_id', 'userId', 'user.id', 'enduser.id'],
  category: ['category', 'logger', 'logger_name', 'name'],
  id: ['record_id', 'id', '_id', 'event_id', 'log.record.uid'],
  errType: ['error_type', 'exception.type'],
  errMessage: ['error_message', 'exception.message'],
  errStack: ['error_stack', 'stack', 'stacktrace', 'exception.stacktrace'],
  tags: ['tags'],
} as const;

const KNOWN = new Set<string>(Object.values(ALIASES).flat());

function pick(o: Obj, keys: readonly string[]): unknown {
  for (const k of keys) if (o[k] !== undefined && o[k] !== null) return o[k];
  return undefined;
}

const str = (v: unknown): string | null =>
  typeof v === 'string' ? (v === '' ? null : v) : typeof v === 'number' ? String(v) : null;

const ISO_FRACTION = /^(\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d)(?:[.,](\d+))?(Z|[+-]\d\d:?\d\d)?$/i;

/** A time from epoch seconds/ms/µs/ns (by magnitude) or an ISO-8601/RFC 3339 string. */
export function parseTime(v: unknown): string | null {
  if (typeof v === 'number' && Number.isFinite(v) && v > 0) {
    const ms = v > 1e17 ? v / 1e6 : v > 1e14 ? v / 1e3 : v > 1e11 ? v : v * 1000;
    const d = new Date(ms);
    return Number.isNaN(d.getTime()) ? null : d.toISOString();
  }
  if (typeof v !== 'string' || v === '') return null;
  if (/^\d+(\.\d+)?$/.test(v)) return parseTime(Number(v));
  const m = ISO_FRACTION.exec(v.trim());
  if (m) {
    // Keep microseconds, which Date drops.
    const base = Date.parse(`${m[1]!.replace(' ', 'T')}${m[3] ? m[3].toUpperCase() : 'Z'}`);
    if (Number.isNaN(base)) return null;
    const frac = (m[2] ?? '').padEnd(6, '0').slice(0, 6);
    const iso = new Date(base + Number(frac.slice(0, 3))).toISOString();
    return iso.replace('Z', `${frac.slice(3)}Z`);
  }
  const d = Date.parse(v);
  return Number.isNaN(d) ? null : new Date(d).toISOString();
}

const HEX32 = /^[0-9a-f]{32}$/i;
const HEX16 = /^[0-9a-f]{16}$/i;

function invalid(line: number, why: string): AppError {
  return new AppError('VALIDATION', `Line ${line}: ${why}. Nothing of this batch was stored.`, {
    errors: [{ path: `line ${line}`, message: why }],
  });
}

/** Splits the body into [line number, JSON object] pairs, or throws 400. */
export function parseNdjson(body: Buffer): Array<[number, Obj, string]> {
  let textBody = body.toString('utf8');
  if (textBody.charCodeAt(0) === 0xfeff) textBody = textBody.slice(1);
  const trimmed = textBody.trimStart();
  if (trimmed.startsWith('[')) {
    let arr: unknown;
    try {
      arr = JSON.parse(trimmed);
    } catch (err) {
      throw invalid(1, `not valid JSON (${(err as Error).message})`);
    }
    if (!Array.isArray(arr)) throw invalid(1, 'expected a JSON array of objects');
    return arr.map((o, i) => {
      if (!o || typeof o !== 'object' || Array.isArray(o))
        throw invalid(i + 1, 'array element is not a JSON object');
      return [i + 1, o as Obj, JSON.stringify(o)];
    });
  }
  const out: Array<[number, Obj, string]> = [];
  const lines = textBody.split('\n');
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i]!;
    if (line.endsWith('\r')) line = line.slice(0, -1);
    if (line.trim() === '') continue;
    let v: unknown;
    try {
      v = JSON.parse(line);
    } catch (err) {
      throw invalid(i + 1, `not valid JSON (${(err as Error).message})`);
    }
    if (!v || typeof v !== 'object' || Array.isArray(v)) throw invalid(i + 1, 'not a JSON object');
    out.push([i + 1, v as Obj, line]);
  }
  return out;
}

function errorFields(o: Obj) {
  const e = (o.err ?? o.error ?? o.exception) as unknown;
  if (e && typeof e === 'object' && !Array.isArray(e)) {
    const x = e as Obj;
    return {
      type: str(x.type) ?? str(x.name),
      message: str(x.message),
      stack: str(x.stack) ?? str(x.stacktrace),
    };
  }
  return { type: null, message: typeof e === 'string' ? e : null, stack: null };
}

/** Rows of an NDJSON body for `ctx`; throws AppError 400 on the first invalid line. */
export function ndjsonToRows(body: Buffer, ctx: IngestContext, now = new Date()): LogRow[] {
  const entries = parseNdjson(body);
  const rows: LogRow[] = [];
  const seen = new Map<string, number>();
  const nowIso = now.toISOString();
  const cards = ctx.scrub?.enabled !== false && ctx.scrub?.cards !== false;
  for (const [line, o, raw] of entries) {
    const t = pick(o, ALIASES.time);
    const time = t === undefined ? nowIso : parseTime(t);
    if (!time) throw invalid(line, `"${String(t)}" is not a time`);
    const lv = pick(o, ALIASES.level);
    const level = lv === undefined ? 'info' : parseLevel(lv);
    if (!level) throw invalid(line, `"${String(lv)}" is not a level`);
    const msgRaw = pick(o, ALIASES.message);
    let message =
      msgRaw === undefined ? '' : typeof msgRaw === 'string' ? msgRaw : JSON.stringify(msgRaw);
    if (cards) message = scrubCards(message);
    const attributes: Obj = {};
    for (const [k, v] of Object.entries(o)) {
      if (!KNOWN.has(k) && k !== 'err' && k !== 'error' && k !== 'exception') attributes[k] = v;
    }
    const err = errorFields(o);
    const status = Number(pick(o, ALIASES.status));
    const latency = Number(pick(o, ALIASES.latency));
    const trace = str(pick(o, ALIASES.trace));
    const span = str(pick(o, ALIASES.span));
    const tags = pick(o, ALIASES.tags);
    const id = pick(o, ALIASES.id);
    let recordId: string;
    if (isUuid(id)) recordId = id.toLowerCase();
    else if (typeof id === 'string' || typeof id === 'number') {
      recordId = deterministicUuid(ctx.source, 'id', String(id));
    } else {
      // Same line twice in one batch is two records; the same batch resent maps to the same ids.
      const k = seen.get(raw) ?? 0;
      seen.set(raw, k + 1);
      recordId = deterministicUuid(ctx.source, time, raw, String(k));
    }
    rows.push({
      org_id: ctx.orgId,
      project_id: ctx.projectId,
      time,
      record_id: recordId,
      level,
      service: str(pick(o, ALIASES.service)) ?? 'unknown_service',
      environment: str(pick(o, ALIASES.environment)),
      message,
      trace_id: trace && HEX32.test(trace) ? trace.toLowerCase() : null,
      span_id: span && HEX16.test(span) ? span.toLowerCase() : null,
      request_id: str(pick(o, ALIASES.request)),
      host: str(pick(o, ALIASES.host)),
      method: str(pick(o, ALIASES.method)),
      path: str(pick(o, ALIASES.path)),
      status_code: Number.isInteger(status) && status >= 100 && status <= 599 ? status : null,
      latency_ms: Number.isFinite(latency) && latency >= 0 ? latency : null,
      user_id: str(pick(o, ALIASES.user)),
      error_type: str(pick(o, ALIASES.errType)) ?? err.type,
      error_message: str(pick(o, ALIASES.errMessage)) ?? err.message,
      error_stack: str(pick(o, ALIASES.errStack)) ?? err.stack,
      category: str(pick(o, ALIASES.category)),
      tags: Array.isArray(tags) ? tags.filter((x): x is string => typeof x === 'string') : null,
      attributes: scrubSensitive(attributes, ctx.scrub),
      resource: {},
    });
  }
  return rows;
}
