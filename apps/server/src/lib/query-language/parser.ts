import { QueryError, type CompareOp, type Node, type Value } from './ast.ts';
import { FIELD_NAME, tokenize, type Token, type TokenKind } from './lexer.ts';

/** Parentheses and NOT chains deeper than this are refused (the parser recurses). */
export const MAX_DEPTH = 32;
/** At most this many terms in one query. */
export const MAX_CLAUSES = 200;

const DESCRIBE: Record<TokenKind, string> = {
  word: 'term',
  phrase: 'phrase',
  lparen: '(',
  rparen: ')',
  lbracket: '[',
  rbracket: ']',
  lbrace: '{',
  rbrace: '}',
  colon: ':',
  cmp: 'comparison',
  and: 'AND',
  or: 'OR',
  not: 'NOT',
  plus: '+',
};

/**
 * Parses a Lucene/Kibana-style query into a tree; null for an empty query.
 *
 *   query   := or
 *   or      := and (OR and)*
 *   and     := unary ((AND)? unary)*          juxtaposition is AND
 *   unary   := (NOT | - | !) unary | + unary | primary
 *   primary := ( or ) | field : fvalue | field cmp value | term | "phrase"
 *   fvalue  := cmp value | [ v TO v ] | { v TO v } | ( or over field ) | * | term | "phrase"
 *
 * NOT binds tighter than AND, AND tighter than OR.
 */
export function parseQuery(input: string): Node | null {
  const p = new Parser(input, tokenize(input));
  return p.parse();
}

class Parser {
  private i = 0;
  private clauses = 0;
  constructor(
    private readonly input: string,
    private readonly tokens: Token[],
  ) {}

  parse(): Node | null {
    if (this.tokens.length === 0) return null;
    const node = this.parseOr(null, 0);
    const t = this.peek();
    if (t) throw new QueryError(`Unexpected ${DESCRIBE[t.kind]} "${t.raw}".`, t.pos);
    return node;
  }

  private peek(offset = 0): Token | undefined {
    return this.tokens[this.i + offset];
  }

  private endPos(): number {
    return this.input.length;
  }

  private expect(kinds: TokenKind[], what: string): Token {
    const t = this.peek();
    if (!t || !kinds.includes(t.kind)) {
      throw new QueryError(
        `Expected ${what}${t ? ` but found "${t.raw}"` : ' at the end of the query'}.`,
        t ? t.pos : this.endPos(),
      );
    }
    this.i++;
    return t;
  }

  private parseOr(field: FieldCtx | null, depth: number): Node {
    const first = this.parseAnd(field, depth);
    const children = [first];
    while (this.peek()?.kind === 'or') {
      this.i++;
      children.push(this.parseAnd(field, depth));
    }
    return children.length === 1 ? first : flatten('or', children, first.pos);
  }

  private parseAnd(field: FieldCtx | null, depth: number): Node {
    const first = this.parseUnary(field, depth);
    const children = [first];
    for (;;) {
      const t = this.peek();
      if (!t) break;
      if (t.kind === 'and') {
        this.i++;
        children.push(this.parseUnary(field, depth));
        continue;
      }
      if (['word', 'phrase', 'lparen', 'not', 'plus'].includes(t.kind)) {
        children.push(this.parseUnary(field, depth));
        continue;
      }
      break;
    }
    return children.length === 1 ? first : flatten('and', children, first.pos);
  }

  private parseUnary(field: FieldCtx | null, depth: number): Node {
    if (depth > MAX_DEPTH) {
      throw new QueryError(
        `The query nests deeper than ${MAX_DEPTH} levels.`,
        this.peek()?.pos ?? this.endPos(),
      );
    }
    const t = this.peek();
    if (t?.kind === 'not') {
      this.i++;
      return { type: 'not', child: this.parseUnary(field, depth + 1), pos: t.pos };
    }
    if (t?.kind === 'plus') {
      this.i++;
      return this.parseUnary(field, depth + 1);
    }
    return this.parsePrimary(field, depth);
  }

  private parsePrimary(field: FieldCtx | null, depth: number): Node {
    const t = this.expect(['lparen', 'word', 'phrase'], 'a term, a phrase or "("');
    if (t.kind === 'lparen') {
      const inner = this.parseOr(field, depth + 1);
      this.expect(['rparen'], 'a closing ")"');
      return inner;
    }
    const next = this.peek();
    const looksLikeField = t.kind === 'word' && !t.escaped && FIELD_NAME.test(t.raw);
    if (looksLikeField && next && next.pos === t.end && next.kind === 'colon') {
      if (field) {
        throw new QueryError(`A field cannot be named inside ${field.name}:( ... ).`, t.pos);
      }
      this.i++;
      return this.parseFieldValue({ name: t.raw, pos: t.pos }, depth);
    }
    if (looksLikeField && next?.kind === 'cmp') {
      if (field) {
        throw new QueryError(`A field cannot be named inside ${field.name}:( ... ).`, t.pos);
      }
      return this.parseCompare({ name: t.raw, pos: t.pos });
    }
    return this.leaf(field, t);
  }

  private leaf(field: FieldCtx | null, t: Token): Node {
    this.count(t.pos);
    const value = t.value!;
    if (field?.name === '_exists_') {
      return { type: 'exists', field: value.text, fieldPos: t.pos, pos: field.pos };
    }
    if (field && t.kind === 'word' && isLoneStar(value)) {
      return { type: 'exists', field: field.name, fieldPos: field.pos, pos: field.pos };
    }
    return {
      type: 'match',
      field: field?.name ?? null,
      fieldPos: field?.pos ?? t.pos,
      value,
      pos: field?.pos ?? t.pos,
    };
  }

  private parseFieldValue(field: FieldCtx, depth: number): Node {
    const t = this.peek();
    if (!t) throw new QueryError(`Expected a value after "${field.name}:".`, this.endPos());
    if (t.kind === 'cmp') return this.parseCompare(field);
    if (t.kind === 'lbracket' || t.kind === 'lbrace') return this.parseRange(field);
    if (t.kind === 'lparen') {
      if (depth + 1 > MAX_DEPTH)
        throw new QueryError(`The query nests deeper than ${MAX_DEPTH} levels.`, t.pos);
      this.i++;
      const inner = this.parseOr(field, depth + 1);
      this.expect(['rparen'], 'a closing ")"');
      return inner;
    }
    const v = this.expect(['word', 'phrase'], `a value after "${field.name}:"`);
    if (field.name === '_exists_' && (v.kind !== 'word' || !FIELD_NAME.test(v.value!.text))) {
      throw new QueryError('_exists_ expects a field name.', v.pos);
    }
    return this.leaf(field, v);
  }

  private parseCompare(field: FieldCtx): Node {
    const op = this.expect(['cmp'], 'a comparison');
    const v = this.expect(['word', 'phrase'], `a value after "${op.raw}"`);
    this.count(v.pos);
    return {
      type: 'compare',
      field: field.name,
      fieldPos: field.pos,
      op: op.raw as CompareOp,
      value: v.value!,
      pos: field.pos,
    };
  }

  private parseRange(field: FieldCtx): Node {
    const open = this.expect(['lbracket', 'lbrace'], '"[" or "{"');
    const lower = this.rangeEnd();
    const to = this.expect(['word'], '"TO"');
    if (to.raw !== 'TO' || to.escaped)
      throw new QueryError(`Expected "TO" but found "${to.raw}".`, to.pos);
    const upper = this.rangeEnd();
    const close = this.expect(['rbracket', 'rbrace'], '"]" or "}"');
    this.count(open.pos);
    return {
      type: 'range',
      field: field.name,
      fieldPos: field.pos,
      lower,
      upper,
      includeLower: open.kind === 'lbracket',
      includeUpper: close.kind === 'rbracket',
      pos: field.pos,
    };
  }

  private rangeEnd(): Value | null {
    const v = this.expect(['word', 'phrase'], 'a range bound');
    return v.kind === 'word' && isLoneStar(v.value!) ? null : v.value!;
  }

  private count(pos: number) {
    if (++this.clauses > MAX_CLAUSES)
      throw new QueryError(`The query has more than ${MAX_CLAUSES} terms.`, pos);
  }
}

interface FieldCtx {
  name: string;
  pos: number;
}

function isLoneStar(v: Value): boolean {
  return (
    !v.quoted && v.pattern.length === 1 && 'wild' in v.pattern[0]! && v.pattern[0].wild === '*'
  );
}

function flatten(type: 'and' | 'or', children: Node[], pos: number): Node {
  const out: Node[] = [];
  for (const c of children) {
    if (c.type === type) out.push(...c.children);
    else out.push(c);
  }
  return { type, children: out, pos };
}
