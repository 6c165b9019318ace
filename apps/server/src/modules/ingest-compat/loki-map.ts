import { SEVERITY_NUMBER, toLevel } from './levels.ts';
import { DEFAULT_SERVICE, type CompatLogRecord } from './log-record.ts';
import { canonicalLabels } from './loki-labels.ts';
import { mapDocument } from './map-document.ts';
import { idFromContent } from './record-id.ts';
import { isoFromMicros } from './time.ts';

export interface LokiInputEntry {
  tsNanos: bigint;
  line: string;
  metadata: Record<string, string>;
}

// Stream labels that name a record field, first match wins; other labels become the resource.
const SERVICE_LABELS = ['service_name', 'service', 'app', 'application', 'job'];
const ENV_LABELS = ['environment', 'env', 'deployment_environment'];
const LEVEL_LABELS = ['level', 'severity', 'detected_level', 'lvl'];
const HOST_LABELS = ['host', 'hostname', 'node'];

function pickLabel(labels: Record<string, string>, names: string[]): [string, string] | null {
  for (const n of names) {
    const v = labels[n];
    if (v !== undefined && v !== '') return [n, v];
  }
  return null;
}

const HEX32 = /^[0-9a-f]{32}$/i;
const HEX16 = /^[0-9a-f]{16}$/i;

/**
 * Maps one Loki entry. Stream labels give service, environment, level and host; the remaining
 * labels are the resource; structured metadata are attributes (trace_id/span_id mapped). A line
 * that is a JSON object (pino-loki, most JSON loggers) is mapped like a shipper document, and
 * its own fields win over the labels; any other line is the message as it is.
 */
export function mapLokiEntry(
  labels: Record<string, string>,
  entry: LokiInputEntry,
  receivedAt: string,
): CompatLogRecord {
  const resource: Record<string, string> = { ...labels };
  const use = (names: string[]) => {
    const hit = pickLabel(labels, names);
    if (!hit) return null;
    delete resource[hit[0]];
    return hit[1];
  };
  const service = use(SERVICE_LABELS);
  const environment = use(ENV_LABELS);
  const levelLabel = use(LEVEL_LABELS);
  const host = use(HOST_LABELS);
  const time = isoFromMicros(entry.tsNanos / 1000n) ?? receivedAt;
  const labelLevel = toLevel(levelLabel);
  const trimmed = entry.line.trimStart();
  let parsed: unknown = null;
  if (trimmed.startsWith('{')) {
    try {
      parsed = JSON.parse(entry.line);
    } catch {
      parsed = null;
    }
  }
  const rec: CompatLogRecord =
    parsed && typeof parsed === 'object' && !Array.isArray(parsed)
      ? mapDocument(parsed as Record<string, unknown>, {
          service,
          environment,
          level: labelLevel,
          host,
          time,
          observedTime: receivedAt,
        })
      : plainRecord(entry.line, time, receivedAt, {
          service,
          environment,
          level: labelLevel,
          host,
        });
  // Loki's timestamp is the record's time even when the line carries its own.
  rec.time = time;
  if (levelLabel && !labelLevel) rec.attributes.level = levelLabel;
  const meta = { ...entry.metadata };
  const traceId = meta.trace_id ?? meta.traceID ?? meta.traceId;
  if (!rec.traceId && traceId && HEX32.test(traceId)) {
    rec.traceId = traceId.toLowerCase();
    delete meta.trace_id;
    delete meta.traceID;
    delete meta.traceId;
  }
  const spanId = meta.span_id ?? meta.spanID ?? meta.spanId;
  if (!rec.spanId && spanId && HEX16.test(spanId)) {
    rec.spanId = spanId.toLowerCase();
    delete meta.span_id;
    delete meta.spanID;
    delete meta.spanId;
  }
  rec.attributes = { ...rec.attributes, ...meta };
  rec.resource = resource;
  rec.recordId = idFromContent(
    'loki',
    time,
    `${canonicalLabels(labels)}\n${canonicalLabels(entry.metadata)}\n${entry.line}`,
  );
  return rec;
}

function plainRecord(
  line: string,
  time: string,
  observedTime: string,
  d: {
    service: string | null;
    environment: string | null;
    level: ReturnType<typeof toLevel>;
    host: string | null;
  },
): CompatLogRecord {
  const level = d.level ?? 'info';
  return {
    recordId: '',
    time,
    observedTime,
    level,
    severityNumber: SEVERITY_NUMBER[level],
    service: d.service ?? DEFAULT_SERVICE,
    environment: d.environment,
    message: line,
    traceId: null,
    spanId: null,
    requestId: null,
    host: d.host,
    category: null,
    errorType: null,
    errorMessage: null,
    errorStack: null,
    attributes: {},
    resource: {},
  };
}
