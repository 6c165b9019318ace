import {
  deterministicUuid,
  isUuid,
  scrubCards,
  scrubSensitive,
  type IngestContext,
} from '../ingest/index.ts';
import {
  anyValueToJson,
  attributesToObject,
  idToHex,
  int64String,
  nanosToIso,
  otlpService,
  resourceInfo,
  severityToLevel,
  type Json,
} from './otlp/decode.ts';
import { parseLevel } from './levels.ts';
import type { LogRow } from './log-records-writer.ts';

const service = otlpService(
  'logs_service.proto',
  'opentelemetry.proto.collector.logs.v1',
  'Logs',
  'rejectedLogRecords',
);

/** Decodes the export request from protobuf bytes; 400 when malformed. */
export const decodeLogsProtobuf = (body: Buffer): unknown => service.decode(body);

/** The export response as protobuf bytes. */
export const encodeLogsResponse = (rejected: number, message: string): Buffer =>
  service.encodeResponse(rejected, message);

const num = (v: Json | undefined) =>
  typeof v === 'number' ? v : typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : null;
const text = (v: Json | undefined) => (typeof v === 'string' && v !== '' ? v : null);

export interface OtlpLogsResult {
  rows: LogRow[];
  rejected: number;
  firstError: string | null;
}

/**
 * Rows of an OTLP logs request (either shape). A record with an invalid severity or time is
 * rejected alone (reported in partialSuccess); the others are kept.
 */
export function otlpLogsToRows(req: unknown, ctx: IngestContext, now = new Date()): OtlpLogsResult {
  const rows: LogRow[] = [];
  let rejected = 0;
  let firstError: string | null = null;
  const reject = (why: string) => {
    rejected++;
    firstError ??= why;
  };
  const seen = new Map<string, number>();
  const resourceLogs = (req as { resourceLogs?: unknown } | null)?.resourceLogs;
  if (!Array.isArray(resourceLogs)) return { rows, rejected, firstError };
  const nowIso = now.toISOString();
  for (const rl of resourceLogs) {
    const info = resourceInfo((rl as { resource?: unknown })?.resource);
    const resource = scrubSensitive(info.attributes, ctx.scrub);
    for (const sl of ((rl as { scopeLogs?: unknown[] })?.scopeLogs ?? []) as unknown[]) {
      const scope = (sl as { scope?: { name?: unknown; version?: unknown } })?.scope;
      const scopeName = typeof scope?.name === 'string' && scope.name ? scope.name : null;
      for (const lr of ((sl as { logRecords?: unknown[] })?.logRecords ?? []) as unknown[]) {
        if (!lr || typeof lr !== 'object') {
          reject('a log record is not an object');
          continue;
        }
        const r = lr as Record<string, unknown>;
        const sevRaw = r.severityNumber ?? 0;
        const sev = typeof sevRaw === 'string' ? Number(sevRaw) : sevRaw;
        if (typeof sev !== 'number' || !Number.isInteger(sev) || sev < 0 || sev > 24) {
          reject(`severityNumber ${String(sevRaw)} is not between 0 and 24`);
          continue;
        }
        const tNs = int64String(r.timeUnixNano);
        const oNs = int64String(r.observedTimeUnixNano);
        if (
          (r.timeUnixNano !== undefined && tNs === null) ||
          (r.observedTimeUnixNano !== undefined && oNs === null)
        ) {
          reject('timeUnixNano is not a whole number of nanoseconds');
          continue;
        }
        const observed = nanosToIso(oNs);
        const time = nanosToIso(tNs) ?? observed ?? nowIso;
        const attrs: Record<string, Json> = attributesToObject(r.attributes);
        if (scopeName) attrs['otel.scope.name'] = scopeName;
        if (typeof scope?.version === 'string' && scope.version)
          attrs['otel.scope.version'] = scope.version;
        if (typeof r.eventName === 'string' && r.eventName) attrs['event.name'] = r.eventName;
        const body = r.body === undefined || r.body === null ? null : anyValueToJson(r.body);
        let message = typeof body === 'string' ? body : body === null ? '' : JSON.stringify(body);
        const severityText = typeof r.severityText === 'string' ? r.severityText : '';
        const level = sev > 0 ? severityToLevel(sev) : (parseLevel(severityText) ?? 'info');
        const traceId = idToHex(r.traceId, 16);
        const spanId = idToHex(r.spanId, 8);
        const scrubbed = scrubSensitive(attrs, ctx.scrub);
        if (ctx.scrub?.enabled !== false && ctx.scrub?.cards !== false)
          message = scrubCards(message);
        const uid = attrs['log.record.uid'];
        let recordId: string;
        if (isUuid(uid)) recordId = uid.toLowerCase();
        else {
          const parts = [
            info.service,
            time,
            String(sev),
            severityText,
            message,
            traceId ?? '',
            spanId ?? '',
            JSON.stringify(attrs),
          ];
          const key = parts.join('\u0001');
          const k = seen.get(key) ?? 0;
          seen.set(key, k + 1);
          recordId = deterministicUuid(ctx.source, ...parts, String(k));
        }
        const status = num(attrs['http.response.status_code'] ?? attrs['http.status_code']);
        rows.push({
          org_id: ctx.orgId,
          project_id: ctx.projectId,
          time,
          observed_time: observed,
          record_id: recordId,
          severity_number: sev > 0 ? sev : null,
          level,
          service: info.service,
          environment: info.environment,
          host: info.host,
          message,
          trace_id: traceId,
          span_id: spanId,
          method: text(attrs['http.request.method'] ?? attrs['http.method']),
          path: text(attrs['url.path'] ?? attrs['http.target'] ?? attrs['http.route']),
          status_code: status !== null && status >= 100 && status <= 599 ? status : null,
          user_id: text(attrs['enduser.id'] ?? attrs['user.id']),
          error_type: text(attrs['exception.type']),
          error_message: text(attrs['exception.message']),
          error_stack: text(attrs['exception.stacktrace']),
          category: scopeName,
          attributes: scrubbed,
          resource,
        });
      }
    }
  }
  return { rows, rejected, firstError };
}
