import type { IngestContext, IngestPipeline } from '../ingest/index.ts';
import { AppError } from '../../platform/errors.ts';
import type { CompatLogRecord } from './log-record.ts';
import { LabelsError, parseLabels } from './loki-labels.ts';
import { LokiBodyError, parseLokiJson, type LokiParsedStream } from './loki-json.ts';
import { mapLokiEntry } from './loki-map.ts';
import { decodePushRequest, ProtobufError } from './loki-proto.ts';
import { submitLogRecords } from './submit-logs.ts';
import { nowIso } from './time.ts';

export type LokiFormat = 'protobuf' | 'json';

function decode(format: LokiFormat, body: Buffer): LokiParsedStream[] {
  if (format === 'json') return parseLokiJson(body.toString('utf8'));
  return decodePushRequest(body).map((s) => ({
    labels: parseLabels(s.labels),
    entries: s.entries,
  }));
}

/**
 * Stores a Loki push (protobuf, already snappy-decoded, or JSON) as log records. Any malformed
 * part refuses the whole push with a 400, as Loki does, so nothing is half-written.
 */
export async function ingestLokiPush({
  ctx,
  input,
  ingest,
}: {
  ctx: IngestContext;
  input: { format: LokiFormat; body: Buffer };
  ingest: IngestPipeline;
}): Promise<{ records: number }> {
  let streams: LokiParsedStream[];
  try {
    streams = decode(input.format, input.body);
  } catch (err) {
    if (
      err instanceof ProtobufError ||
      err instanceof LokiBodyError ||
      err instanceof LabelsError
    ) {
      ingest.noteRejected(ctx, 1, err.message);
      throw new AppError('VALIDATION', `Invalid Loki push (${input.format}): ${err.message}`);
    }
    throw err;
  }
  const receivedAt = nowIso();
  const records: CompatLogRecord[] = streams.flatMap((s) =>
    s.entries.map((e) => mapLokiEntry(s.labels, e, receivedAt)),
  );
  await submitLogRecords(ingest, ctx, records);
  return { records: records.length };
}
