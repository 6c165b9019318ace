import { describe, expect, it } from 'vitest';
import { QueryError, type Node } from './ast.ts';
import { MAX_QUERY_LENGTH } from './lexer.ts';
import { MAX_CLAUSES, MAX_DEPTH, parseQuery } from './parser.ts';

/** A compact rendering of a tree, for readable expectations. */
function show(n: Node | null): string {
  if (!n) return '∅';
  switch (n.type) {
    case 'and':
    case 'or':
      return `(${n.type} ${n.children.map(show).join(' ')})`;
    case 'not':
      return `(not ${show(n.child)})`;
    case 'match':
      return `${n.field ?? '_'}=${n.value.quoted ? JSON.stringify(n.value.text) : n.value.text}`;
    case 'compare':
      return `${n.field}${n.op}${n.value.text}`;
    case 'range':
      return `${n.field}${n.includeLower ? '[' : '{'}${n.lower?.text ?? '*'},${n.upper?.text ?? '*'}${n.includeUpper ? ']' : '}'}`;
    case 'exists':
      return `exists(${n.field})`;
  }
}

const p = (q: string) => show(parseQuery(q));

function errorOf(q: string): QueryError {
  try {
    parseQuery(q);
  } catch (err) {
    if (err instanceof QueryError) return err;
    throw err;
  }
  throw new Error(`expected ${q} to fail`);
}

describe('parseQuery', () => {
  it('returns null for an empty or blank query', () => {
    expect(parseQuery('')).toBeNull();
    expect(parseQuery('   \t\n')).toBeNull();
  });

  it('parses free text, fields and phrases', () => {
    expect(p('timeout')).toBe('_=timeout');
    expect(p('service:checkout')).toBe('service=checkout');
    expect(p('"connection reset by peer"')).toBe('_="connection reset by peer"');
    expect(p('message:"disk full"')).toBe('message="disk full"');
    expect(p('service: checkout')).toBe('service=checkout');
  });

  it('joins juxtaposed terms with AND and gives NOT > AND > OR', () => {
    expect(p('a b')).toBe('(and _=a _=b)');
    expect(p('a OR b c')).toBe('(or _=a (and _=b _=c))');
    expect(p('a AND b OR c AND d')).toBe('(or (and _=a _=b) (and _=c _=d))');
    expect(p('NOT a b')).toBe('(and (not _=a) _=b)');
    expect(p('a && b || c')).toBe('(or (and _=a _=b) _=c)');
    expect(p('(a OR b) c')).toBe('(and (or _=a _=b) _=c)');
    expect(p('a (b OR (c AND d))')).toBe('(and _=a (or _=b (and _=c _=d)))');
  });

  it('reads -term, !term and +term', () => {
    expect(p('-debug error')).toBe('(and (not _=debug) _=error)');
    expect(p('!a')).toBe('(not _=a)');
    expect(p('+a -service:web')).toBe('(and _=a (not service=web))');
    expect(p('a - b')).toBe('(and _=a _=- _=b)');
    expect(p('NOT NOT a')).toBe('(not (not _=a))');
  });

  it('treats lower-case and/or/not as words', () => {
    expect(p('cats and dogs')).toBe('(and _=cats _=and _=dogs)');
  });

  it('parses comparisons and ranges', () => {
    expect(p('status_code>=500')).toBe('status_code>=500');
    expect(p('status_code:>=500')).toBe('status_code>=500');
    expect(p('latency_ms < 5')).toBe('latency_ms<5');
    expect(p('latency_ms:[100 TO 500]')).toBe('latency_ms[100,500]');
    expect(p('latency_ms:{100 TO *]')).toBe('latency_ms{100,*]');
    expect(p('latency_ms:[* TO 5}')).toBe('latency_ms[*,5}');
    expect(p('time:[2024-01-01T00:00:00Z TO 2024-01-02T00:00:00Z]')).toBe(
      'time[2024-01-01T00:00:00Z,2024-01-02T00:00:00Z]',
    );
    expect(p('attributes.x:>-5')).toBe('attributes.x>-5');
    expect(p('latency_ms:[-5 TO 5]')).toBe('latency_ms[-5,5]');
  });

  it('parses existence', () => {
    expect(p('_exists_:trace_id')).toBe('exists(trace_id)');
    expect(p('trace_id:*')).toBe('exists(trace_id)');
    expect(p('NOT _exists_:attributes.user.id')).toBe('(not exists(attributes.user.id))');
  });

  it('parses wildcards and attribute paths', () => {
    const n = parseQuery('service:check*');
    expect(n).toMatchObject({ type: 'match', field: 'service' });
    if (n?.type !== 'match') throw new Error();
    expect(n.value.pattern).toEqual([{ lit: 'check' }, { wild: '*' }]);
    expect(p('message:*timeout*')).toBe('message=*timeout*');
    expect(p('attributes.user.id:42')).toBe('attributes.user.id=42');
    expect(p('resource.k8s.pod:api-7d9f')).toBe('resource.k8s.pod=api-7d9f');
  });

  it('groups values under one field', () => {
    expect(p('level:(error OR critical)')).toBe('(or level=error level=critical)');
    expect(p('service:(a -b)')).toBe('(and service=a (not service=b))');
    expect(errorOf('service:(level:x)').position).toBe(9);
  });

  it('keeps colons in values and URLs', () => {
    expect(p('path:/api/v1/x')).toBe('path=/api/v1/x');
    expect(p('url:http://x:8080/a')).toBe('url=http://x:8080/a');
    expect(p('12:30')).toBe('_=12:30');
  });

  it('resolves escapes', () => {
    const n = parseQuery('message:a\\*b\\:c');
    if (n?.type !== 'match') throw new Error();
    expect(n.value.text).toBe('a*b:c');
    expect(n.value.pattern).toEqual([{ lit: 'a*b:c' }]);
    expect(p('"say \\"hi\\""')).toBe('_="say \\"hi\\""');
    expect(p('\\AND')).toBe('_=AND');
    expect(p('a\\ b')).toBe('_=a b');
    expect(p('\\(x\\)')).toBe('_=(x)');
  });

  it('keeps phrases literal (no wildcards, no operators)', () => {
    const n = parseQuery('"a* OR b"');
    if (n?.type !== 'match') throw new Error();
    expect(n.value.text).toBe('a* OR b');
    expect(n.value.pattern).toEqual([{ lit: 'a* OR b' }]);
  });

  it('handles unicode', () => {
    expect(p('ошибка 数据库 "café ☕"')).toBe('(and _=ошибка _=数据库 _="café ☕")');
    expect(p('message:😀*')).toBe('message=😀*');
    expect(p('\\😀')).toBe('_=😀');
    expect(p('attributes.名前:値')).toBe('_=attributes.名前:値');
  });

  it('reports errors with positions', () => {
    expect(errorOf('a AND').position).toBe(5);
    expect(errorOf('(a OR b').position).toBe(7);
    expect(errorOf('a)').position).toBe(1);
    expect(errorOf('"unterminated').position).toBe(0);
    expect(errorOf('x "open').position).toBe(2);
    expect(errorOf('latency_ms:[1 TO').position).toBe(16);
    expect(errorOf('latency_ms:[1 5]').position).toBe(14);
    expect(errorOf('service:').position).toBe(8);
    expect(errorOf('a \\').position).toBe(2);
    expect(errorOf('OR a').position).toBe(0);
    expect(errorOf('_exists_:"a b"').position).toBe(9);
    expect(errorOf('status_code>=').message).toMatch(/value/);
  });

  it('caps nesting depth', () => {
    const deep = '('.repeat(MAX_DEPTH + 2) + 'a' + ')'.repeat(MAX_DEPTH + 2);
    expect(errorOf(deep).message).toMatch(/nests deeper/);
    const ok = '('.repeat(MAX_DEPTH - 1) + 'a' + ')'.repeat(MAX_DEPTH - 1);
    expect(p(ok)).toBe('_=a');
    expect(errorOf('NOT '.repeat(MAX_DEPTH + 5) + 'a').message).toMatch(/nests deeper/);
    expect(errorOf('-'.repeat(1000) + 'a').message).toMatch(/nests deeper/);
    expect(errorOf('('.repeat(4000)).message).toMatch(/nests deeper/);
  });

  it('caps length and clause count', () => {
    const long = 'a'.repeat(MAX_QUERY_LENGTH + 1);
    expect(errorOf(long).position).toBe(MAX_QUERY_LENGTH);
    expect(errorOf('a '.repeat(MAX_CLAUSES + 1)).message).toMatch(/more than/);
    expect(() => parseQuery('a '.repeat(MAX_CLAUSES))).not.toThrow();
  });

  it('survives hostile input without throwing anything but QueryError', () => {
    const alphabet = [
      '(',
      ')',
      '[',
      ']',
      '{',
      '}',
      ':',
      '"',
      '\\',
      '*',
      '?',
      '-',
      '!',
      '+',
      '<',
      '>',
      '=',
      ' ',
      'a',
      'OR',
      'AND',
      'NOT',
      'TO',
      '&&',
      '||',
      'é',
      '😀',
      "'",
      ';',
    ];
    let seed = 42;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let k = 0; k < 3000; k++) {
      let q = '';
      const n = Math.floor(rand() * 20);
      for (let j = 0; j < n; j++) q += alphabet[Math.floor(rand() * alphabet.length)];
      try {
        parseQuery(q);
      } catch (err) {
        expect(err).toBeInstanceOf(QueryError);
        const pos = (err as QueryError).position;
        expect(pos).toBeGreaterThanOrEqual(0);
        expect(pos).toBeLessThanOrEqual(q.length);
      }
    }
  });
});
