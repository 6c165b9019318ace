/** Syntax tree of a search query. Positions are UTF-16 offsets into the query text. */

/** A value as written: its text with escapes resolved, and whether it had wildcards. */
export interface Value {
  text: string;
  /** True when written as a quoted phrase (wildcards inside are literal). */
  quoted: boolean;
  /**
   * The value split at unescaped `*` and `?`: literal segments and wildcard markers. A value
   * without wildcards is one literal segment.
   */
  pattern: Array<{ lit: string } | { wild: '*' | '?' }>;
  pos: number;
}

export type CompareOp = '>' | '>=' | '<' | '<=';

export type Node =
  | { type: 'and'; children: Node[]; pos: number }
  | { type: 'or'; children: Node[]; pos: number }
  | { type: 'not'; child: Node; pos: number }
  /** Free text (field null) or field:value. */
  | { type: 'match'; field: string | null; fieldPos: number; value: Value; pos: number }
  | { type: 'compare'; field: string; fieldPos: number; op: CompareOp; value: Value; pos: number }
  | {
      type: 'range';
      field: string;
      fieldPos: number;
      /** null: open end (`*`). */
      lower: Value | null;
      upper: Value | null;
      includeLower: boolean;
      includeUpper: boolean;
      pos: number;
    }
  /** `_exists_:field` or `field:*`. */
  | { type: 'exists'; field: string; fieldPos: number; pos: number };

/** A query that failed to parse or compile, with the offset of the offending character. */
export class QueryError extends Error {
  constructor(
    message: string,
    readonly position: number,
  ) {
    super(message);
    this.name = 'QueryError';
  }
}

export function hasWildcard(v: Value): boolean {
  return v.pattern.some((p) => 'wild' in p);
}

/** Every field a tree refers to (null stands for free text). */
export function fieldsOf(node: Node | null, out = new Set<string | null>()): Set<string | null> {
  if (!node) return out;
  switch (node.type) {
    case 'and':
    case 'or':
      for (const c of node.children) fieldsOf(c, out);
      break;
    case 'not':
      fieldsOf(node.child, out);
      break;
    default:
      out.add(node.field);
  }
  return out;
}
