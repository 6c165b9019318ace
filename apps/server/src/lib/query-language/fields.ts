import { QueryError } from './ast.ts';
import { sqlf, trusted, type SqlFragment } from './sql-fragment.ts';

/**
 * How a field is matched:
 * - text: case-insensitive substring (message and error texts);
 * - keyword: exact, case-sensitive; wildcards anchor (`service:check*`);
 * - level: a level name, normalized (`warn` is `warning`, `fatal` is `critical`);
 * - int, float, time: numbers and instants, with comparisons and ranges;
 * - uuid: exact; tags: one element of the array; json: a path inside a JSONB column.
 */
export type FieldKind = 'text' | 'keyword' | 'level' | 'int' | 'float' | 'time' | 'uuid' | 'tags';

export interface ColumnField {
  kind: FieldKind;
  /** The column name: a constant from this table, never user input. */
  column: string;
  nullable: boolean;
}

export interface JsonField {
  kind: 'json';
  column: 'attributes' | 'resource';
  /** Path elements, bound as a text[] parameter. Empty for the whole object. */
  path: string[];
  nullable: true;
}

export type ResolvedField = ColumnField | JsonField;

const col = (column: string, kind: FieldKind, nullable = true): ColumnField => ({
  column,
  kind,
  nullable,
});

/** Every column of log_records a query may name. */
export const LOG_FIELDS: Record<string, ColumnField> = {
  time: col('time', 'time', false),
  observed_time: col('observed_time', 'time'),
  record_id: col('record_id', 'uuid', false),
  project_id: col('project_id', 'int', false),
  source_id: col('source_id', 'uuid'),
  status_code: col('status_code', 'int'),
  latency_ms: col('latency_ms', 'float'),
  severity_number: col('severity_number', 'int'),
  level: col('level', 'level', false),
  service: col('service', 'keyword', false),
  environment: col('environment', 'keyword'),
  message: col('message', 'text', false),
  trace_id: col('trace_id', 'keyword'),
  span_id: col('span_id', 'keyword'),
  request_id: col('request_id', 'keyword'),
  method: col('method', 'keyword'),
  path: col('path', 'keyword'),
  user_id: col('user_id', 'keyword'),
  error_type: col('error_type', 'keyword'),
  error_message: col('error_message', 'text'),
  error_stack: col('error_stack', 'text'),
  host: col('host', 'keyword'),
  category: col('category', 'keyword'),
  tags: col('tags', 'tags'),
};

const ALIASES: Record<string, string> = {
  '@timestamp': 'time',
  timestamp: 'time',
  msg: 'message',
  severity: 'level',
  env: 'environment',
  status: 'status_code',
  latency: 'latency_ms',
  duration_ms: 'latency_ms',
  hostname: 'host',
  tag: 'tags',
};

const MAX_PATH_DEPTH = 16;

/** Field names as the API documents them (aliases left out). */
export const FIELD_NAMES = [...Object.keys(LOG_FIELDS), 'attributes.<path>', 'resource.<path>'];

/** The field a name refers to, or a QueryError at pos naming the known fields. */
export function resolveField(name: string, pos: number): ResolvedField {
  const key = name.toLowerCase();
  const direct = LOG_FIELDS[ALIASES[key] ?? key];
  if (direct) return direct;
  const dot = name.indexOf('.');
  const head = (dot < 0 ? name : name.slice(0, dot)).toLowerCase();
  if (head === 'attributes' || head === 'resource') {
    const path = dot < 0 ? [] : name.slice(dot + 1).split('.');
    if (path.some((p) => p === '') || path.length > MAX_PATH_DEPTH) {
      throw new QueryError(`"${name}" is not a valid ${head} path.`, pos);
    }
    return { kind: 'json', column: head, path, nullable: true };
  }
  throw new QueryError(`Unknown field "${name}". Fields: ${FIELD_NAMES.join(', ')}.`, pos);
}

/** The canonical name of a field (aliases resolved), for rollup eligibility and facets. */
export function canonicalFieldName(name: string): string {
  const key = name.toLowerCase();
  return ALIASES[key] ?? key;
}

/** SQL yielding the field's value as text (facets group by it). */
export function fieldTextExpr(f: ResolvedField): SqlFragment {
  if (f.kind === 'json') return sqlf`${trusted(f.column)} #>> ${f.path}::text[]`;
  if (f.kind === 'tags') return trusted(`array_to_string(${f.column}, ',')`);
  return f.kind === 'keyword' || f.kind === 'text' || f.kind === 'level'
    ? trusted(f.column)
    : trusted(`${f.column}::text`);
}
