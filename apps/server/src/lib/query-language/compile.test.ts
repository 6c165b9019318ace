import { describe, expect, it } from 'vitest';
import { QueryError } from './ast.ts';
import { compileQuery, escapeLike, rollupEligible } from './compile.ts';
import { parseQuery } from './parser.ts';
import { toSqlText } from './sql-fragment.ts';

const c = (q: string) => toSqlText(compileQuery(parseQuery(q)));

function errorOf(q: string): QueryError {
  try {
    compileQuery(parseQuery(q));
  } catch (err) {
    if (err instanceof QueryError) return err;
    throw err;
  }
  throw new Error(`expected ${q} to fail`);
}

describe('compileQuery', () => {
  it('compiles an empty query to TRUE', () => {
    expect(c('')).toEqual({ text: 'TRUE', values: [] });
  });

  const has = (n: number, col = 'message') => `strpos(lower(${col}), lower($${n}::text)) > 0`;

  it('matches free text as a case-insensitive substring of message', () => {
    expect(c('timeout')).toEqual({ text: has(1), values: ['timeout'] });
    expect(c('"disk full"')).toEqual({ text: has(1), values: ['disk full'] });
    expect(c('*timeout*')).toEqual({ text: has(1), values: ['timeout'] });
    expect(c('*')).toEqual({ text: 'TRUE', values: [] });
  });

  it('matches other wildcard patterns with ILIKE behind a test of their longest literal', () => {
    expect(c('time*out')).toEqual({
      text: `(${has(1)} AND message ILIKE $2)`,
      values: ['time', '%time%out%'],
    });
    expect(c('e?ror')).toEqual({
      text: `(${has(1)} AND message ILIKE $2)`,
      values: ['ror', '%e_ror%'],
    });
    expect(c('?')).toEqual({ text: 'message ILIKE $1', values: ['%_%'] });
    expect(c('error_message:*?*')).toEqual({
      text: '(error_message ILIKE $1) IS TRUE',
      values: ['%%_%%'],
    });
  });

  it('escapes LIKE metacharacters', () => {
    expect(escapeLike('50%_a\\b')).toBe('50\\%\\_a\\\\b');
    // A literal needs no escaping: strpos has no metacharacters.
    expect(c('"100%"')).toEqual({ text: has(1), values: ['100%'] });
    expect(c('a_b*')).toEqual({ text: has(1), values: ['a_b'] });
    expect(c('a_b*c')).toEqual({
      text: `(${has(1)} AND message ILIKE $2)`,
      values: ['a_b', '%a\\_b%c%'],
    });
    expect(c('service:a\\\\b*')).toEqual({ text: 'service LIKE $1', values: ['a\\\\b%'] });
    // An escaped star is a literal star, not a wildcard.
    expect(c('service:a\\*')).toEqual({ text: 'service = $1', values: ['a*'] });
  });

  it('compiles keyword fields exactly and wildcards anchored', () => {
    expect(c('service:checkout')).toEqual({ text: 'service = $1', values: ['checkout'] });
    expect(c('service:check*')).toEqual({ text: 'service LIKE $1', values: ['check%'] });
    expect(c('host:web-?')).toEqual({ text: '(host LIKE $1) IS TRUE', values: ['web-_'] });
    expect(c('message:*timeout*')).toEqual({ text: has(1), values: ['timeout'] });
    expect(c('error_stack:Db')).toEqual({
      text: `(${has(1, 'error_stack')}) IS TRUE`,
      values: ['Db'],
    });
  });

  it('normalizes levels and orders them by severity', () => {
    expect(c('level:WARN')).toEqual({ text: 'level = $1', values: ['warning'] });
    expect(c('severity:fatal')).toEqual({ text: 'level = $1', values: ['critical'] });
    expect(c('level>=error').text).toContain('array_position');
    expect(c('level>=error').values).toEqual(['error']);
    expect(errorOf('level:loud').position).toBe(6);
  });

  it('compiles numbers, times and uuids as typed parameters', () => {
    expect(c('status_code>=500')).toEqual({
      text: '(status_code >= $1::bigint) IS TRUE',
      values: [500],
    });
    expect(c('latency_ms:[100 TO 500}')).toEqual({
      text: '(latency_ms >= $1::float8 AND latency_ms < $2::float8) IS TRUE',
      values: [100, 500],
    });
    expect(c('latency_ms:{* TO 5]')).toEqual({
      text: '(latency_ms <= $1::float8) IS TRUE',
      values: [5],
    });
    expect(c('time>2024-05-01T00:00:00Z')).toEqual({
      text: 'time > $1::timestamptz',
      values: ['2024-05-01T00:00:00.000Z'],
    });
    expect(c('time<1714521600000').values).toEqual(['2024-05-01T00:00:00.000Z']);
    const id = '0190A2B4-0000-7000-8000-000000000001';
    expect(c(`record_id:${id}`)).toEqual({
      text: 'record_id = $1::uuid',
      values: [id.toLowerCase()],
    });
  });

  it('rejects values of the wrong type with the value position', () => {
    expect(errorOf('status_code:abc').position).toBe(12);
    expect(errorOf('status_code:5.5').position).toBe(12);
    expect(errorOf('latency_ms>fast').position).toBe(11);
    expect(errorOf('time>yesterdayish').position).toBe(5);
    expect(errorOf('record_id:nope').position).toBe(10);
    expect(errorOf('status_code:5*').message).toMatch(/Wildcards/);
    expect(errorOf('message>5').message).toMatch(/cannot be compared/);
  });

  it('compiles existence', () => {
    expect(c('_exists_:trace_id')).toEqual({ text: 'trace_id IS NOT NULL', values: [] });
    expect(c('trace_id:*')).toEqual({ text: 'trace_id IS NOT NULL', values: [] });
    expect(c('_exists_:service')).toEqual({ text: 'TRUE', values: [] });
    expect(c('_exists_:message')).toEqual({ text: "message <> ''", values: [] });
    expect(c('_exists_:attributes.user.id')).toEqual({
      text: 'attributes #> $1::text[] IS NOT NULL',
      values: [['user', 'id']],
    });
    expect(c('tags:*').text).toContain('cardinality');
  });

  it('binds attribute paths as parameters', () => {
    expect(c('attributes.user.id:42')).toEqual({
      text: '(attributes #>> $1::text[] = $2) IS TRUE',
      values: [['user', 'id'], '42'],
    });
    expect(c('resource.k8s.pod:api-*')).toEqual({
      text: '(resource #>> $1::text[] LIKE $2) IS TRUE',
      values: [['k8s', 'pod'], 'api-%'],
    });
    expect(c('attributes.n>3').text).toContain("jsonb_typeof(attributes #> $1::text[]) = 'number'");
    expect(c('attributes.n>3').values).toEqual([['n'], ['n'], 3]);
    expect(errorOf('attributes..x:1').position).toBe(0);
  });

  it('compiles tags', () => {
    expect(c('tags:beta')).toEqual({ text: '($1 = ANY (tags)) IS TRUE', values: ['beta'] });
  });

  it('keeps NOT two-valued for nullable fields', () => {
    expect(c('NOT status_code:500')).toEqual({
      text: '(NOT (status_code = $1::bigint) IS TRUE)',
      values: [500],
    });
  });

  it('combines boolean operators with parentheses', () => {
    expect(c('a OR b c')).toEqual({
      text: `(${has(1)} OR (${has(2)} AND ${has(3)}))`,
      values: ['a', 'b', 'c'],
    });
    expect(c('-debug service:(api OR web)')).toEqual({
      text: `((NOT ${has(1)}) AND (service = $2 OR service = $3))`,
      values: ['debug', 'api', 'web'],
    });
  });

  it('rejects unknown fields by name and position, whatever the name holds', () => {
    const e = errorOf('a AND passwd:x');
    expect(e.position).toBe(6);
    expect(e.message).toMatch(/Unknown field "passwd"/);
    expect(errorOf('org_id:x').message).toMatch(/Unknown field/);
    // Not a field name: free text, bound as a parameter.
    const inj = c("'; DROP TABLE log_records; --");
    expect(inj.text).not.toContain('DROP');
    expect(c('service:"x\' OR 1=1 --"')).toEqual({
      text: 'service = $1',
      values: ["x' OR 1=1 --"],
    });
  });

  it('never puts user text into the SQL text', () => {
    const hostile = [
      "service:a';select",
      'attributes.x") OR 1=1 --:v',
      'message:$1',
      'resource.a;b:c',
      'attributes.$$x$$:1',
    ];
    for (const q of hostile) {
      let text = '';
      try {
        text = c(q).text;
      } catch (err) {
        expect(err).toBeInstanceOf(QueryError);
      }
      expect(text).not.toMatch(/select|OR 1=1|\$\$|;/i);
    }
  });

  it('says when the rollup can answer a query', () => {
    expect(rollupEligible(parseQuery(''))).toBe(true);
    expect(rollupEligible(parseQuery('service:api level:(error OR warn)'))).toBe(true);
    expect(rollupEligible(parseQuery('NOT severity:debug'))).toBe(true);
    expect(rollupEligible(parseQuery('service:api timeout'))).toBe(false);
    expect(rollupEligible(parseQuery('host:a'))).toBe(false);
  });
});
