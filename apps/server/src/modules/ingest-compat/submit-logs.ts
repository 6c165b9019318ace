import type { IngestContext, IngestPipeline } from '../ingest/index.ts';
import { scrubSensitive } from '../ingest/index.ts';
import type { LogRow } from '../logs/index.ts';
import type { CompatLogRecord } from './log-record.ts';

export function toLogRow(ctx: IngestContext, r: CompatLogRecord): LogRow {
  // Free text and attributes go through the organization's scrubbing (cards, secret keys).
  const scrubbed = scrubSensitive(
    {
      message: r.message,
      error_message: r.errorMessage,
      error_stack: r.errorStack,
      attributes: r.attributes,
      resource: r.resource,
    },
    ctx.scrub,
  );
  return {
    org_id: ctx.orgId,
    record_id: r.recordId,
    time: r.time,
    observed_time: r.observedTime,
    project_id: ctx.projectId,
    severity_number: r.severityNumber,
    level: r.level,
    service: r.service,
    environment: r.environment,
    trace_id: r.traceId,
    span_id: r.spanId,
    request_id: r.requestId,
    host: r.host,
    category: r.category,
    error_type: r.errorType,
    ...scrubbed,
  };
}

/** Submits records to the log_records writer; resolves once they are durable. */
export async function submitLogRecords(
  ingest: IngestPipeline,
  ctx: IngestContext,
  records: CompatLogRecord[],
): Promise<void> {
  if (records.length === 0) return;
  await ingest.submit(ctx, [{ writer: 'log_records', rows: records.map((r) => toLogRow(ctx, r)) }]);
}
