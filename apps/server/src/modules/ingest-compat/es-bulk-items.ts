import type { BulkEntry, BulkOp } from './es-bulk-parse.ts';
import type { CompatLogRecord } from './log-record.ts';
import { mapDocument } from './map-document.ts';
import { idFromClientId, idFromContent } from './record-id.ts';

/** One item of the bulk response, in Elasticsearch's shape. */
export type BulkResponseItem = Partial<
  Record<
    BulkOp,
    {
      _index: string;
      _id: string | null;
      status: number;
      result?: 'created';
      _version?: number;
      _shards?: { total: number; successful: number; failed: number };
      _seq_no?: number;
      _primary_term?: number;
      error?: { type: string; reason: string };
    }
  >
>;

/**
 * Turns parsed bulk entries into log records and the response items. An `_id` becomes the
 * record id (same id, same record: a retry stores nothing twice); without one the id is derived
 * from index, time and content, which also collapses rsyslog's repeated records. The index name
 * is the record's category.
 */
export function buildBulk(
  entries: BulkEntry[],
  receivedAt: string,
): { records: CompatLogRecord[]; items: BulkResponseItem[] } {
  const records: CompatLogRecord[] = [];
  const items: BulkResponseItem[] = [];
  let seq = 0;
  for (const e of entries) {
    const index = e.index ?? '';
    if (e.error || !e.doc) {
      items.push({
        [e.op]: {
          _index: index,
          _id: e.id,
          status: 400,
          error: e.error ?? { type: 'mapper_parsing_exception', reason: 'no document' },
        },
      });
      continue;
    }
    const rec = mapDocument(e.doc, {
      category: e.index,
      time: receivedAt,
      observedTime: receivedAt,
    });
    rec.recordId = e.id
      ? idFromClientId('es-bulk', `${index}\u0000${e.id}`)
      : idFromContent('es-bulk', rec.time, `${index}\u0000${JSON.stringify(e.doc)}`);
    records.push(rec);
    items.push({
      [e.op]: {
        _index: index,
        _id: e.id ?? rec.recordId,
        _version: 1,
        result: 'created',
        _shards: { total: 1, successful: 1, failed: 0 },
        _seq_no: seq++,
        _primary_term: 1,
        status: 201,
      },
    });
  }
  return { records, items };
}
