import type { IngestContext, IngestPipeline } from '../ingest/index.ts';
import { invalid } from '../../platform/errors.ts';
import { mapDocument } from './map-document.ts';
import { idFromContent } from './record-id.ts';
import { submitLogRecords } from './submit-logs.ts';
import { nowIso } from './time.ts';

export const MAX_JSON_RECORDS = 50_000;

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The documents of a syslog-ng `http()` body: a JSON array per batch (body-prefix "[",
 * delimiter ",", body-suffix "]"), one object, or one object per line (the default delimiter).
 */
export function parseJsonDocuments(text: string): Record<string, unknown>[] {
  const s = text.trim();
  if (s === '') throw invalid('The body is empty.');
  let docs: unknown[];
  try {
    docs = s.startsWith('[')
      ? (JSON.parse(s) as unknown[])
      : s
          .split('\n')
          .filter((l) => l.trim() !== '')
          .map((l) => JSON.parse(l) as unknown);
  } catch (e) {
    throw invalid(`The body is not a JSON array or NDJSON: ${(e as Error).message}`);
  }
  if (!Array.isArray(docs)) throw invalid('The body must be a JSON array of objects.');
  if (docs.length > MAX_JSON_RECORDS)
    throw invalid(`At most ${MAX_JSON_RECORDS} records a request.`);
  docs.forEach((d, i) => {
    if (!isObject(d)) throw invalid(`Record ${i} is not a JSON object.`);
  });
  return docs as Record<string, unknown>[];
}

/**
 * Stores a syslog-ng JSON batch (format-json with the rfc5424 and nv-pairs scopes: PROGRAM,
 * PRIORITY, MESSAGE, ISODATE, HOST, FACILITY, _SDATA) as log records. Ids come from the
 * content, because syslog-ng re-sends a whole batch after a 5xx. All or nothing: a bad record
 * refuses the batch with a 400.
 */
export async function ingestSyslogNg({
  ctx,
  input,
  ingest,
}: {
  ctx: IngestContext;
  input: { body: Buffer };
  ingest: IngestPipeline;
}): Promise<{ records: number }> {
  let docs;
  try {
    docs = parseJsonDocuments(input.body.toString('utf8'));
  } catch (err) {
    ingest.noteRejected(ctx, 1, (err as Error).message);
    throw err;
  }
  const receivedAt = nowIso();
  const records = docs.map((doc) => {
    const rec = mapDocument(doc, { time: receivedAt, observedTime: receivedAt });
    rec.recordId = idFromContent('syslog-ng', rec.time, JSON.stringify(doc));
    return rec;
  });
  await submitLogRecords(ingest, ctx, records);
  return { records: records.length };
}
