import { withTransaction, type Ctx } from '../../db/context.ts';
import { csvRow } from './csv.ts';
import { toQuery } from './filters.ts';
import { recordAudit } from './record-audit.ts';
import { COLUMNS, selectAuditEvents, type AuditEventRecord } from './repository.ts';
import type { ExportAuditEventsQuery, ExportFormat } from './schemas.ts';

/** Rows fetched per query while streaming; each page is its own short transaction. */
const PAGE = 1000;

export const EXPORT_COLUMNS = [
  'id',
  'occurred_at',
  ...COLUMNS.filter((c) => c !== 'id'),
] as const satisfies readonly (keyof AuditEventRecord)[];

const CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  json: 'application/json; charset=utf-8',
  ndjson: 'application/x-ndjson; charset=utf-8',
};

export interface AuditExport {
  contentType: string;
  filename: string;
  /** The document, in chunks; pages are read from the database as the consumer pulls. */
  chunks: AsyncIterable<string>;
}

/**
 * Exports the organization's audit events matching the filters, newest first. The export is
 * itself audited (audit_event.export) before the first row is read, so an export that a client
 * abandons half-way is on record too. The window is fixed when the export starts, so events
 * written meanwhile (this export's own event included) are not part of it.
 */
export async function exportAuditEvents({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: ExportAuditEventsQuery;
}): Promise<AuditExport> {
  const { format, ...filters } = input;
  const q = toQuery(ctx, filters, PAGE);
  await withTransaction(ctx, (tx) =>
    recordAudit(tx, {
      action: 'audit_event.export',
      actionType: 'export',
      resourceType: 'audit_event',
      description: `Exported audit events as ${format}`,
      module: 'audit',
      metadata: { format, filters: { ...filters, from: q.from, to: q.to } },
    }),
  );

  async function* pages(): AsyncGenerator<AuditEventRecord[]> {
    for (;;) {
      const rows = await withTransaction(ctx, (tx) => selectAuditEvents(tx, q));
      if (rows.length) yield rows;
      const last = rows[rows.length - 1];
      if (rows.length < PAGE || !last) return;
      q.before = { occurredAt: last.occurred_at, id: last.id };
    }
  }

  // Keys in column order, as in the CSV header.
  const ordered = (r: AuditEventRecord) =>
    JSON.stringify(Object.fromEntries(EXPORT_COLUMNS.map((c) => [c, r[c]])));

  async function* chunks(): AsyncGenerator<string> {
    let separator = '\n';
    if (format === 'csv') yield csvRow(EXPORT_COLUMNS);
    if (format === 'json') yield '[';
    for await (const rows of pages()) {
      if (format === 'csv') {
        yield rows.map((r) => csvRow(EXPORT_COLUMNS.map((c) => r[c]))).join('');
      } else if (format === 'ndjson') {
        yield rows.map((r) => ordered(r) + '\n').join('');
      } else {
        for (const r of rows) {
          yield separator + ordered(r);
          separator = ',\n';
        }
      }
    }
    if (format === 'json') yield '\n]\n';
  }

  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  return {
    contentType: CONTENT_TYPES[format],
    filename: `audit-events-${stamp}.${format}`,
    chunks: chunks(),
  };
}
