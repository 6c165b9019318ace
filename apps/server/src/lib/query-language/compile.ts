import { fieldsOf, hasWildcard, QueryError, type CompareOp, type Node, type Value } from './ast.ts';
import { canonicalFieldName, resolveField, type ResolvedField } from './fields.ts';
import { joinSql, sqlf, trusted, type SqlFragment } from './sql-fragment.ts';

export const LEVELS = ['debug', 'info', 'warning', 'error', 'critical'] as const;
const LEVEL_ALIASES: Record<string, string> = {
  warn: 'warning',
  fatal: 'critical',
  crit: 'critical',
  err: 'error',
  information: 'info',
  trace: 'debug',
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const INT = /^[+-]?\d{1,15}$/;
const FLOAT = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d{1,3})?$/;

/** Escapes LIKE's own metacharacters (%, _ and the escape character \). */
export function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** A LIKE pattern from a value: literal segments escaped, * as %, ? as _. */
export function likePattern(v: Value, transform: (s: string) => string = (s) => s): string {
  return v.pattern
    .map((p) => ('wild' in p ? (p.wild === '*' ? '%' : '_') : escapeLike(transform(p.lit))))
    .join('');
}

/**
 * Compiles a query tree into a boolean SQL expression over the columns of log_records (the
 * rollup table log_counts_1m has the same service and level columns, so a tree that
 * rollupEligible accepts compiles for it too). An empty query is TRUE.
 */
export function compileQuery(node: Node | null): SqlFragment {
  if (!node) return trusted('TRUE');
  return compileNode(node);
}

/** True when the query names only service and level (or is empty): the rollup can answer it. */
export function rollupEligible(node: Node | null): boolean {
  for (const f of fieldsOf(node)) {
    if (f === null) return false;
    const c = canonicalFieldName(f);
    if (c !== 'service' && c !== 'level') return false;
  }
  return true;
}

function compileNode(node: Node): SqlFragment {
  switch (node.type) {
    case 'and':
    case 'or':
      return sqlf`(${joinSql(node.children.map(compileNode), node.type === 'and' ? ' AND ' : ' OR ')})`;
    case 'not':
      return sqlf`(NOT ${compileNode(node.child)})`;
    case 'match':
      return compileMatch(node.field, node.fieldPos, node.value);
    case 'exists':
      return compileExists(resolveField(node.field, node.fieldPos));
    case 'compare': {
      const f = resolveField(node.field, node.fieldPos);
      return nullSafe(f, compileCompare(f, node.op, node.value));
    }
    case 'range': {
      const f = resolveField(node.field, node.fieldPos);
      const parts: SqlFragment[] = [];
      if (node.lower) parts.push(compileCompare(f, node.includeLower ? '>=' : '>', node.lower));
      if (node.upper) parts.push(compileCompare(f, node.includeUpper ? '<=' : '<', node.upper));
      if (parts.length === 0) return compileExists(f);
      return nullSafe(f, joinSql(parts, ' AND '));
    }
  }
}

// A comparison with a NULL column is NULL, and NOT NULL is NULL too: `NOT status_code:500` would
// drop records without a status code. IS TRUE makes every leaf strictly true or false.
function nullSafe(f: ResolvedField, expr: SqlFragment): SqlFragment {
  return f.nullable ? sqlf`(${expr}) IS TRUE` : expr;
}

function column(f: ResolvedField): SqlFragment {
  return f.kind === 'json' ? sqlf`${trusted(f.column)} #>> ${f.path}::text[]` : trusted(f.column);
}

function compileMatch(fieldName: string | null, fieldPos: number, v: Value): SqlFragment {
  if (fieldName === null) {
    // Free text: a case-insensitive substring of the message.
    if (!v.quoted && v.pattern.every((p) => 'wild' in p && p.wild === '*')) return trusted('TRUE');
    return containsText('message', v);
  }
  const f = resolveField(fieldName, fieldPos);
  const wild = !v.quoted && hasWildcard(v);
  switch (f.kind) {
    case 'text':
      return nullSafe(f, containsText(f.column, v));
    case 'keyword':
      return nullSafe(
        f,
        wild
          ? sqlf`${trusted(f.column)} LIKE ${likePattern(v)}`
          : sqlf`${trusted(f.column)} = ${v.text}`,
      );
    case 'json':
      return nullSafe(
        f,
        wild ? sqlf`${column(f)} LIKE ${likePattern(v)}` : sqlf`${column(f)} = ${v.text}`,
      );
    case 'level': {
      if (wild) return sqlf`level LIKE ${likePattern(v, (s) => s.toLowerCase())}`;
      return sqlf`level = ${normalizeLevel(v)}`;
    }
    case 'tags':
      return wild
        ? sqlf`EXISTS (SELECT 1 FROM unnest(tags) AS t(tag) WHERE t.tag LIKE ${likePattern(v)})`
        : sqlf`(${v.text} = ANY (tags)) IS TRUE`;
    default:
      if (wild) throw new QueryError(`Wildcards do not apply to ${fieldName}.`, v.pos);
      return nullSafe(f, sqlf`${trusted(f.column)} = ${typedValue(f, v)}`);
  }
}

/**
 * A case-insensitive substring of a text column. A literal (a phrase, a term, or one literal
 * between `*`s) is `strpos(lower(col), lower(lit)) > 0`: the same test as `ILIKE '%lit%'`, which
 * in a multibyte encoding lowercases both sides with lower() too, but 2-2.5x cheaper per row than
 * LIKE's matcher. Other wildcard patterns stay ILIKE, behind a strpos test of their longest
 * literal, which every match contains (most rows fail that cheaper test first).
 */
function containsText(col: string, v: Value): SqlFragment {
  const c = trusted(col);
  const has = (lit: string) => sqlf`strpos(lower(${c}), lower(${lit}::text)) > 0`;
  if (v.quoted || !hasWildcard(v)) return has(v.text);
  const lits = v.pattern.flatMap((p) => ('lit' in p && p.lit ? [p.lit] : []));
  const onlyStars = v.pattern.every((p) => !('wild' in p) || p.wild === '*');
  if (onlyStars && lits.length === 1) return has(lits[0]!);
  const ilike = sqlf`${c} ILIKE ${'%' + likePattern(v) + '%'}`;
  if (lits.length === 0) return ilike;
  const longest = lits.reduce((a, b) => (b.length > a.length ? b : a));
  return sqlf`(${has(longest)} AND ${ilike})`;
}

function compileExists(f: ResolvedField): SqlFragment {
  if (f.kind === 'json') {
    return f.path.length === 0
      ? sqlf`${trusted(f.column)} <> '{}'::jsonb`
      : sqlf`${trusted(f.column)} #> ${f.path}::text[] IS NOT NULL`;
  }
  if (f.kind === 'tags') return trusted('coalesce(cardinality(tags), 0) > 0');
  if (f.kind === 'text' && !f.nullable) return sqlf`${trusted(f.column)} <> ''`;
  return f.nullable ? trusted(`${f.column} IS NOT NULL`) : trusted('TRUE');
}

function compileCompare(f: ResolvedField, op: CompareOp, v: Value): SqlFragment {
  const sqlOp = trusted(` ${op} `);
  if (!v.quoted && hasWildcard(v))
    throw new QueryError('Wildcards do not apply to comparisons.', v.pos);
  switch (f.kind) {
    case 'int':
    case 'float':
    case 'time':
    case 'uuid':
      return sqlf`${trusted(f.column)}${sqlOp}${typedValue(f, v)}`;
    case 'keyword':
      return sqlf`${trusted(f.column)}${sqlOp}${v.text}`;
    case 'level':
      // Levels order by severity, not alphabetically.
      return sqlf`array_position(${trusted(levelArray())}, level)${sqlOp}array_position(${trusted(levelArray())}, ${normalizeLevel(v)}::text)`;
    case 'json': {
      if (FLOAT.test(v.text)) {
        return sqlf`(CASE WHEN jsonb_typeof(${trusted(f.column)} #> ${f.path}::text[]) = 'number' THEN (${column(f)})::float8 END)${sqlOp}${Number(v.text)}::float8`;
      }
      return sqlf`${column(f)}${sqlOp}${v.text}`;
    }
    default:
      throw new QueryError(
        `${f.column} cannot be compared with ${op}; use a term or a phrase.`,
        v.pos,
      );
  }
}

function levelArray(): string {
  return `ARRAY[${LEVELS.map((l) => `'${l}'`).join(',')}]::text[]`;
}

function normalizeLevel(v: Value): string {
  const l = v.text.toLowerCase();
  const level = LEVEL_ALIASES[l] ?? l;
  if (!(LEVELS as readonly string[]).includes(level)) {
    throw new QueryError(`Unknown level "${v.text}". Levels: ${LEVELS.join(', ')}.`, v.pos);
  }
  return level;
}

/** A bound value of the column's type, validated here so a bad one is a 400 with a position. */
function typedValue(f: ResolvedField, v: Value): SqlFragment {
  const t = v.text.trim();
  switch (f.kind) {
    case 'int':
      if (!INT.test(t))
        throw new QueryError(`${f.column} expects a whole number, not "${v.text}".`, v.pos);
      return sqlf`${Number(t)}::bigint`;
    case 'float':
      if (!FLOAT.test(t))
        throw new QueryError(`${f.column} expects a number, not "${v.text}".`, v.pos);
      return sqlf`${Number(t)}::float8`;
    case 'time': {
      const ms = /^\d{10,13}$/.test(t) ? Number(t) * (t.length === 10 ? 1000 : 1) : Date.parse(t);
      if (!Number.isFinite(ms) || Math.abs(ms) > 8.64e15) {
        throw new QueryError(
          `${f.column} expects an ISO 8601 time or epoch milliseconds, not "${v.text}".`,
          v.pos,
        );
      }
      return sqlf`${new Date(ms).toISOString()}::timestamptz`;
    }
    case 'uuid':
      if (!UUID.test(t))
        throw new QueryError(`${f.column} expects a UUID, not "${v.text}".`, v.pos);
      return sqlf`${t.toLowerCase()}::uuid`;
    default:
      return sqlf`${v.text}`;
  }
}
