import { copyField, copyLines, jsonText, type TableWriter } from '../ingest/index.ts';
import type { SpanRow } from './rows.ts';

/**
 * The `spans` table writer, shared with the traces work (exported from index.ts). Deduplicates
 * by (org, trace_id, span_id) whatever the start time: the batch is COPYed into a temporary
 * stage, then inserted where the trace index finds no such span (ON CONFLICT covers a
 * concurrent retry). Duplicates inside the batch keep the first copy.
 */
const COLUMNS = [
  'start_time',
  'org_id',
  'end_time',
  'duration_ms',
  'project_id',
  'status_code',
  'trace_id',
  'span_id',
  'parent_span_id',
  'trace_state',
  'name',
  'kind',
  'status',
  'status_message',
  'service',
  'environment',
  'method',
  'route',
  'scope_name',
  'scope_version',
  'attributes',
  'resource',
  'events',
  'links',
] as const;
const JSON_COLUMNS = new Set(['attributes', 'resource', 'events', 'links']);
// Emptied at commit (ON COMMIT DELETE ROWS); the pipeline calls a writer once per transaction.
const STAGE = 'pharos_stage_spans';
const COLS = COLUMNS.join(', ');

function line(r: SpanRow): string {
  return (
    COLUMNS.map((c) => {
      const v = r[c];
      if (JSON_COLUMNS.has(c))
        return v === null || v === undefined ? '\\N' : copyField(jsonText(v));
      return copyField(v as string | number | null);
    }).join('\t') + '\n'
  );
}

export function createSpansWriter(): TableWriter<SpanRow> {
  return {
    name: 'spans',
    async write(client, rows) {
      const seen = new Set<string>();
      const unique = rows.filter((r) => {
        const k = `${r.org_id}/${r.trace_id}/${r.span_id}`;
        if (seen.has(k)) return false;
        seen.add(k);
        return true;
      });
      if (!unique.length) return;
      await client.query(
        `CREATE TEMP TABLE IF NOT EXISTS ${STAGE} (LIKE spans INCLUDING DEFAULTS) ON COMMIT DELETE ROWS`,
      );
      await copyLines(client, STAGE, COLUMNS, unique.map(line));
      await client.query(
        `INSERT INTO spans (${COLS})
         SELECT ${COLS} FROM ${STAGE} s
          WHERE NOT EXISTS (SELECT 1 FROM spans e
                             WHERE e.trace_id = s.trace_id AND e.span_id = s.span_id AND e.org_id = s.org_id)
         ON CONFLICT DO NOTHING`,
      );
    },
    sizeOf: (r) => 400 + r.name.length + JSON.stringify(r.attributes).length,
  };
}
