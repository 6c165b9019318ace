import {
  deterministicUuid,
  isUuid,
  scrubCards,
  scrubSensitive,
  type IngestContext,
} from '../ingest/index.ts';
import { severityToLevel, type Json, type ResourceInfo } from './otlp/decode.ts';
import { parseLevel } from './levels.ts';
import type { LogRow } from './log-records-writer.ts';

/**
 * OTLP log record -> LogRow, shared by the protobuf reader (otlp-logs-wire.ts) and the
 * object path (OTLP/JSON, otlp-logs.ts): everything after decoding happens here once.
 */

const num = (v: Json | undefined) =>
  typeof v === 'number' ? v : typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : null;
const text = (v: Json | undefined) => (typeof v === 'string' && v !== '' ? v : null);

export interface OtlpLogsResult {
  rows: LogRow[];
  rejected: number;
  firstError: string | null;
}

/** The rows of one request being built, and what every record of it shares. */
export interface LogRowBatch extends OtlpLogsResult {
  ctx: IngestContext;
  nowIso: string;
  /** Card numbers are scrubbed from messages (the policy, read once per request). */
  scrubMessages: boolean;
  /** Occurrences of each identical record so far, so that repeats get distinct ids. */
  seen: Map<string, number>;
}

export function newLogRowBatch(ctx: IngestContext, now: Date): LogRowBatch {
  return {
    rows: [],
    rejected: 0,
    firstError: null,
    ctx,
    nowIso: now.toISOString(),
    scrubMessages: ctx.scrub?.enabled !== false && ctx.scrub?.cards !== false,
    seen: new Map(),
  };
}

export function rejectLogRecord(b: LogRowBatch, why: string) {
  b.rejected++;
  b.firstError ??= why;
}

/** What a resource gives each of its records: columns, and its attributes scrubbed once. */
export interface LogResource {
  info: ResourceInfo;
  resource: Record<string, Json>;
}

export function logResource(info: ResourceInfo, ctx: IngestContext): LogResource {
  return { info, resource: scrubSensitive(info.attributes, ctx.scrub) };
}

/** One log record as either decoder reads it, its severity already checked (0..24). */
export interface LogRecordFields {
  severityNumber: number;
  severityText: string;
  /** ISO times from timeUnixNano / observedTimeUnixNano; null when absent or 0. */
  time: string | null;
  observed: string | null;
  /** The record's own attributes (a fresh object: scope and event names are added to it). */
  attributes: Record<string, Json>;
  /** The body as JSON; null when absent. */
  body: Json;
  traceId: string | null;
  spanId: string | null;
  eventName: string;
}

/** Appends the row of one record; both decoders end here, so their rows agree. */
export function pushLogRow(
  b: LogRowBatch,
  res: LogResource,
  scopeName: string | null,
  scopeVersion: string,
  f: LogRecordFields,
) {
  const { info } = res;
  const sev = f.severityNumber;
  const time = f.time ?? f.observed ?? b.nowIso;
  const attrs = f.attributes;
  if (scopeName) attrs['otel.scope.name'] = scopeName;
  if (scopeVersion) attrs['otel.scope.version'] = scopeVersion;
  if (f.eventName) attrs['event.name'] = f.eventName;
  const body = f.body;
  let message = typeof body === 'string' ? body : body === null ? '' : JSON.stringify(body);
  const level = sev > 0 ? severityToLevel(sev) : (parseLevel(f.severityText) ?? 'info');
  const scrubbed = scrubSensitive(attrs, b.ctx.scrub);
  if (b.scrubMessages) message = scrubCards(message);
  const uid = attrs['log.record.uid'];
  let recordId: string;
  if (isUuid(uid)) recordId = uid.toLowerCase();
  else {
    const parts = [
      info.service,
      time,
      String(sev),
      f.severityText,
      message,
      f.traceId ?? '',
      f.spanId ?? '',
      JSON.stringify(attrs),
    ];
    const key = parts.join('\u0001');
    const k = b.seen.get(key) ?? 0;
    b.seen.set(key, k + 1);
    recordId = deterministicUuid(b.ctx.source, ...parts, String(k));
  }
  const status = num(attrs['http.response.status_code'] ?? attrs['http.status_code']);
  b.rows.push({
    org_id: b.ctx.orgId,
    project_id: b.ctx.projectId,
    time,
    observed_time: f.observed,
    record_id: recordId,
    severity_number: sev > 0 ? sev : null,
    level,
    service: info.service,
    environment: info.environment,
    host: info.host,
    message,
    trace_id: f.traceId,
    span_id: f.spanId,
    method: text(attrs['http.request.method'] ?? attrs['http.method']),
    path: text(attrs['url.path'] ?? attrs['http.target'] ?? attrs['http.route']),
    status_code:
      status !== null && Number.isInteger(status) && status >= 100 && status <= 599 ? status : null,
    user_id: text(attrs['enduser.id'] ?? attrs['user.id']),
    error_type: text(attrs['exception.type']),
    error_message: text(attrs['exception.message']),
    error_stack: text(attrs['exception.stacktrace']),
    category: scopeName,
    attributes: scrubbed,
    resource: res.resource,
  });
}
