import { QueryError, type Value } from './ast.ts';

export type TokenKind =
  | 'word'
  | 'phrase'
  | 'lparen'
  | 'rparen'
  | 'lbracket'
  | 'rbracket'
  | 'lbrace'
  | 'rbrace'
  | 'colon'
  | 'cmp'
  | 'and'
  | 'or'
  | 'not'
  | 'plus';

export interface Token {
  kind: TokenKind;
  /** The source text of the token. */
  raw: string;
  /** For words and phrases: the value with escapes resolved. */
  value?: Value;
  /** A word with a backslash escape is always a literal, never a keyword or a field name. */
  escaped?: boolean;
  pos: number;
  end: number;
}

/** Longer queries are refused before lexing: nothing legitimate needs more. */
export const MAX_QUERY_LENGTH = 4096;

const SINGLE: Record<string, TokenKind> = {
  '(': 'lparen',
  ')': 'rparen',
  '[': 'lbracket',
  ']': 'rbracket',
  '{': 'lbrace',
  '}': 'rbrace',
};
// Characters that always end a word unless escaped.
const BREAK = new Set([' ', '\t', '\n', '\r', '(', ')', '[', ']', '{', '}', '"']);
/** What a field name looks like; a word stops at `:`, `<` or `>` only after such a prefix. */
export const FIELD_NAME = /^(?:[A-Za-z_@][A-Za-z0-9_.@-]*[A-Za-z0-9_]|[A-Za-z_@])$/;
// Tokens after which the next word is a value, so `:`, `<`, `>` and a leading `-` are literal.
const VALUE_CONTEXT = new Set<TokenKind>(['colon', 'cmp', 'lbracket', 'lbrace']);

function isSpace(c: string) {
  return c === ' ' || c === '\t' || c === '\n' || c === '\r';
}

/** Splits a query into tokens. Throws QueryError with the position of the first problem. */
export function tokenize(input: string): Token[] {
  if (input.length > MAX_QUERY_LENGTH) {
    throw new QueryError(
      `The query is longer than ${MAX_QUERY_LENGTH} characters.`,
      MAX_QUERY_LENGTH,
    );
  }
  const tokens: Token[] = [];
  let i = 0;
  const prevKind = () => tokens[tokens.length - 1]?.kind;
  // Inside [a TO b]: every word is a value there.
  let inRange = false;
  while (i < input.length) {
    const c = input[i]!;
    if (isSpace(c)) {
      i++;
      continue;
    }
    const start = i;
    const single = SINGLE[c];
    if (single) {
      if (single === 'lbracket' || single === 'lbrace') inRange = true;
      else inRange = false;
      tokens.push({ kind: single, raw: c, pos: start, end: ++i });
      continue;
    }
    if (c === ':') {
      tokens.push({ kind: 'colon', raw: c, pos: start, end: ++i });
      continue;
    }
    if (c === '>' || c === '<') {
      const raw = input[i + 1] === '=' ? c + '=' : c;
      i += raw.length;
      tokens.push({ kind: 'cmp', raw, pos: start, end: i });
      continue;
    }
    if (c === '"') {
      tokens.push(readPhrase(input, start));
      i = tokens[tokens.length - 1]!.end;
      continue;
    }
    const valueContext = VALUE_CONTEXT.has(prevKind() as TokenKind) || inRange;
    if (input.startsWith('&&', i) || input.startsWith('||', i)) {
      tokens.push({
        kind: input[i] === '&' ? 'and' : 'or',
        raw: input.slice(i, i + 2),
        pos: i,
        end: i + 2,
      });
      i += 2;
      continue;
    }
    const next = input[i + 1];
    if (
      (c === '-' || c === '!' || c === '+') &&
      !valueContext &&
      next !== undefined &&
      !isSpace(next)
    ) {
      tokens.push({ kind: c === '+' ? 'plus' : 'not', raw: c, pos: start, end: ++i });
      continue;
    }
    const word = readWord(input, start, valueContext);
    i = word.end;
    const plain = word.raw;
    if (!valueContext && !word.escaped && (plain === 'AND' || plain === 'OR' || plain === 'NOT')) {
      tokens.push({ ...word, kind: plain === 'AND' ? 'and' : plain === 'OR' ? 'or' : 'not' });
      continue;
    }
    tokens.push(word);
  }
  return tokens;
}

function readPhrase(input: string, start: number): Token {
  let text = '';
  let i = start + 1;
  while (i < input.length) {
    const c = input[i]!;
    if (c === '\\') {
      if (i + 1 >= input.length) break;
      text += input[i + 1];
      i += 2;
      continue;
    }
    if (c === '"') {
      const value: Value = { text, quoted: true, pattern: [{ lit: text }], pos: start };
      return { kind: 'phrase', raw: input.slice(start, i + 1), value, pos: start, end: i + 1 };
    }
    text += c;
    i++;
  }
  throw new QueryError('Unterminated quoted phrase: a closing " is missing.', start);
}

function readWord(input: string, start: number, valueContext: boolean): Token {
  let text = '';
  let escaped = false;
  const pattern: Value['pattern'] = [];
  let lit = '';
  let i = start;
  while (i < input.length) {
    const c = input[i]!;
    if (c === '\\') {
      if (i + 1 >= input.length) throw new QueryError('A backslash must escape a character.', i);
      // Code points, so an escaped astral character stays whole.
      const cp = String.fromCodePoint(input.codePointAt(i + 1)!);
      text += cp;
      lit += cp;
      escaped = true;
      i += 1 + cp.length;
      continue;
    }
    if (BREAK.has(c)) break;
    if ((c === ':' || c === '<' || c === '>') && !valueContext && !escaped && FIELD_NAME.test(text))
      break;
    if (c === '*' || c === '?') {
      if (lit) pattern.push({ lit });
      lit = '';
      pattern.push({ wild: c });
    } else {
      lit += c;
    }
    text += c;
    i++;
  }
  if (lit || pattern.length === 0) pattern.push({ lit });
  const value: Value = { text, quoted: false, pattern, pos: start };
  return { kind: 'word', raw: input.slice(start, i), value, escaped, pos: start, end: i };
}
