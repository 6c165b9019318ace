import type { IngestContext } from '../ingest/index.ts';
import {
  anyValueToJson,
  attributesToObject,
  decodeOtlpBody,
  idToHex,
  int64String,
  nanosToIso,
  otlpService,
  resourceInfo,
} from './otlp/decode.ts';
import {
  logResource,
  newLogRowBatch,
  pushLogRow,
  rejectLogRecord,
  type OtlpLogsResult,
} from './otlp-log-rows.ts';
import { readLogsRequestRows } from './otlp-logs-wire.ts';

export type { OtlpLogsResult } from './otlp-log-rows.ts';

const service = otlpService(
  'logs_service.proto',
  'opentelemetry.proto.collector.logs.v1',
  'Logs',
  'rejectedLogRecords',
);

/**
 * Decodes the export request from protobuf bytes with protobufjs; 400 when malformed. Ingest
 * reads protobuf with `readLogsRequestRows` instead; this stays as the reference it is tested
 * against.
 */
export const decodeLogsProtobuf = (body: Buffer): unknown => service.decode(body);

/** The export response as protobuf bytes. */
export const encodeLogsResponse = (rejected: number, message: string): Buffer =>
  service.encodeResponse(rejected, message);

/**
 * Rows of an OTLP logs request decoded to objects (OTLP/JSON, or protobufjs's objects). A record
 * with an invalid severity or time is rejected alone (reported in partialSuccess); the others
 * are kept.
 */
export function otlpLogsToRows(req: unknown, ctx: IngestContext, now = new Date()): OtlpLogsResult {
  const b = newLogRowBatch(ctx, now);
  const resourceLogs = (req as { resourceLogs?: unknown } | null)?.resourceLogs;
  if (!Array.isArray(resourceLogs)) return b;
  for (const rl of resourceLogs) {
    const res = logResource(resourceInfo((rl as { resource?: unknown })?.resource), ctx);
    for (const sl of ((rl as { scopeLogs?: unknown[] })?.scopeLogs ?? []) as unknown[]) {
      const scope = (sl as { scope?: { name?: unknown; version?: unknown } })?.scope;
      const scopeName = typeof scope?.name === 'string' && scope.name ? scope.name : null;
      const scopeVersion = typeof scope?.version === 'string' ? scope.version : '';
      for (const lr of ((sl as { logRecords?: unknown[] })?.logRecords ?? []) as unknown[]) {
        if (!lr || typeof lr !== 'object') {
          rejectLogRecord(b, 'a log record is not an object');
          continue;
        }
        const r = lr as Record<string, unknown>;
        const sevRaw = r.severityNumber ?? 0;
        const sev = typeof sevRaw === 'string' ? Number(sevRaw) : sevRaw;
        if (typeof sev !== 'number' || !Number.isInteger(sev) || sev < 0 || sev > 24) {
          rejectLogRecord(b, `severityNumber ${String(sevRaw)} is not between 0 and 24`);
          continue;
        }
        const tNs = int64String(r.timeUnixNano);
        const oNs = int64String(r.observedTimeUnixNano);
        if (
          (r.timeUnixNano !== undefined && tNs === null) ||
          (r.observedTimeUnixNano !== undefined && oNs === null)
        ) {
          rejectLogRecord(b, 'timeUnixNano is not a whole number of nanoseconds');
          continue;
        }
        pushLogRow(b, res, scopeName, scopeVersion, {
          severityNumber: sev,
          severityText: typeof r.severityText === 'string' ? r.severityText : '',
          time: nanosToIso(tNs),
          observed: nanosToIso(oNs),
          attributes: attributesToObject(r.attributes),
          body: r.body === undefined || r.body === null ? null : anyValueToJson(r.body),
          traceId: idToHex(r.traceId, 16),
          spanId: idToHex(r.spanId, 8),
          eventName: typeof r.eventName === 'string' ? r.eventName : '',
        });
      }
    }
  }
  return { rows: b.rows, rejected: b.rejected, firstError: b.firstError };
}

/**
 * Rows of an OTLP/HTTP logs body: protobuf is read straight into rows (otlp-logs-wire.ts);
 * JSON is parsed, then converted like protobufjs's objects. 400 when the body is malformed.
 */
export function otlpLogsBodyToRows(
  contentType: string | undefined,
  body: Buffer,
  ctx: IngestContext,
  now = new Date(),
): OtlpLogsResult & { asJson: boolean } {
  // For protobuf, the "decoded" value decodeOtlpBody hands back is already the rows.
  const { decoded, asJson } = decodeOtlpBody(contentType, body, (bytes) =>
    readLogsRequestRows(bytes, ctx, now),
  );
  const result = asJson ? otlpLogsToRows(decoded, ctx, now) : (decoded as OtlpLogsResult);
  return { ...result, asJson };
}
