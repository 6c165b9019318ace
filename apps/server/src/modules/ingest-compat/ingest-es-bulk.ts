import type { IngestContext, IngestPipeline } from '../ingest/index.ts';
import { AppError } from '../../platform/errors.ts';
import { buildBulk, type BulkResponseItem } from './es-bulk-items.ts';
import { BulkRequestError, parseBulk } from './es-bulk-parse.ts';
import { submitLogRecords } from './submit-logs.ts';
import { nowIso } from './time.ts';

export const MAX_BULK_ITEMS = 50_000;
export const MAX_DOCUMENT_BYTES = 1024 * 1024;

export interface EsBulkResult {
  took: number;
  errors: boolean;
  items: BulkResponseItem[];
}

/**
 * Stores an Elasticsearch `_bulk` body as log records. A body Elasticsearch would refuse as a
 * whole is a 400 with nothing stored; a bad document fails as its item (status 400 with the
 * reason) while the others are stored, as Elasticsearch does. The answer comes only after the
 * records are durable.
 */
export async function ingestEsBulk({
  ctx,
  input,
  ingest,
}: {
  ctx: IngestContext;
  input: { body: Buffer; defaultIndex: string | null };
  ingest: IngestPipeline;
}): Promise<EsBulkResult> {
  const started = Date.now();
  let entries;
  try {
    entries = parseBulk(input.body.toString('utf8'), {
      defaultIndex: input.defaultIndex,
      maxDocumentBytes: MAX_DOCUMENT_BYTES,
      maxItems: MAX_BULK_ITEMS,
    });
  } catch (err) {
    if (err instanceof BulkRequestError) {
      ingest.noteRejected(ctx, 1, err.message);
      throw new AppError('VALIDATION', `${err.type}: ${err.message}`);
    }
    throw err;
  }
  const { records, items } = buildBulk(entries, nowIso());
  const failed = items.length - records.length;
  if (failed > 0) ingest.noteRejected(ctx, failed, 'invalid bulk item');
  await submitLogRecords(ingest, ctx, records);
  return { took: Date.now() - started, errors: failed > 0, items };
}
