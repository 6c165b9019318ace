import { describe, expect, it } from 'vitest';
import {
  formatFloat,
  formatSampleValue,
  parseDuration,
  parseGoFloat,
  parseNumberLiteral,
  unquoteString,
} from './format.ts';
import { compileAnchored } from './labels.ts';
import { expandTemplate } from './label-functions.ts';
import { bucketQuantile, quantile } from './quantile.ts';

describe('number formatting (as Prometheus 2.42 answers)', () => {
  it('writes scalars in Go f-form and samples in e-form outside [1e-6, 1e21)', () => {
    expect(formatFloat(1.5e-7)).toBe('0.00000015');
    expect(formatFloat(1.2345678901234568e29)).toBe('123456789012345680000000000000');
    expect(formatFloat(-2.5e-3)).toBe('-0.0025');
    expect(formatSampleValue(1.5e-7)).toBe('1.5e-07');
    expect(formatSampleValue(2.5405257046222686e-10)).toBe('2.5405257046222686e-10');
    expect(formatSampleValue(1e21)).toBe('1e+21');
    expect(formatSampleValue(8510165935)).toBe('8510165935');
    expect(formatSampleValue(0)).toBe('0');
    for (const f of [formatFloat, formatSampleValue]) {
      expect(f(NaN)).toBe('NaN');
      expect(f(Infinity)).toBe('+Inf');
      expect(f(-Infinity)).toBe('-Inf');
    }
  });

  it('parses Go floats, number literals and durations', () => {
    expect(parseGoFloat('+Inf')).toBe(Infinity);
    expect(parseGoFloat('-inf')).toBe(-Infinity);
    expect(parseGoFloat('0.25')).toBe(0.25);
    expect(parseGoFloat('1e3')).toBe(1000);
    expect(parseGoFloat('abc')).toBeUndefined();
    expect(parseGoFloat('')).toBeUndefined();
    expect(parseNumberLiteral('0x1F')).toBe(31);
    expect(parseNumberLiteral('- 2')).toBe(-2);
    expect(parseNumberLiteral('NaN')).toBeNaN();
    expect(parseDuration('1h30m')).toBe(5_400_000);
    expect(parseDuration('1y2w3d')).toBe((365 + 17) * 86_400_000);
    expect(parseDuration('500ms')).toBe(500);
    expect(parseDuration('5m1h')).toBeUndefined();
    expect(parseDuration('')).toBeUndefined();
  });

  it('unquotes string literals with Go escapes', () => {
    expect(unquoteString('"a\\nb\\"c"')).toBe('a\nb"c');
    expect(unquoteString("'\\u00e9\\x41\\101'")).toBe('éAA');
    expect(unquoteString('`raw\\n`')).toBe('raw\\n');
    expect(() => unquoteString('"\\q"')).toThrow();
  });
});

describe('regexes (RE2 syntax, fully anchored)', () => {
  it('anchors and translates flags, POSIX classes and quoting', () => {
    expect(compileAnchored('a|b').test('ab')).toBe(false);
    expect(compileAnchored('a.*').test('abc')).toBe(true);
    expect(compileAnchored('(?i)GET').test('get')).toBe(true);
    expect(compileAnchored('[[:digit:]]+').test('123')).toBe(true);
    expect(compileAnchored('\\Q.+\\E').test('.+')).toBe(true);
    expect(compileAnchored('\\Q.+\\E').test('ab')).toBe(false);
    expect(compileAnchored('(?P<x>a)b').exec('ab')?.groups?.x).toBe('a');
  });

  it('expands templates as Go regexp.Expand', () => {
    const m = /^(?<word>a)(b)$/.exec('ab')!;
    expect(expandTemplate('$1-$2', m)).toBe('a-b');
    expect(expandTemplate('${1}x', m)).toBe('ax');
    // "$1x" names a group "1x", which does not exist.
    expect(expandTemplate('$1x', m)).toBe('');
    expect(expandTemplate('$word/$$', m)).toBe('a/$');
  });
});

describe('quantiles', () => {
  it('interpolates between ranks, NaN sorting first', () => {
    expect(quantile(0.5, [1, 2, 3, 4])).toBe(2.5);
    expect(quantile(0, [3, 1])).toBe(1);
    expect(quantile(-1, [1])).toBe(-Infinity);
    expect(quantile(2, [1])).toBe(Infinity);
    expect(quantile(0, [1, NaN])).toBeNaN();
    expect(quantile(0.5, [])).toBeNaN();
  });

  it('bucketQuantile needs +Inf, coalesces and makes counts monotonic', () => {
    const b = (upperBound: number, count: number) => ({ upperBound, count });
    expect(bucketQuantile(0.5, [b(1, 5), b(2, 10), b(Infinity, 10)])).toBe(1);
    expect(bucketQuantile(0.75, [b(1, 5), b(2, 10), b(Infinity, 10)])).toBe(1.5);
    expect(bucketQuantile(0.5, [b(1, 5), b(2, 10)])).toBeNaN();
    expect(bucketQuantile(0.99, [b(1, 5), b(Infinity, 10)])).toBe(1);
    // A non-monotonic bucket (4 < 5) is raised to 5.
    expect(bucketQuantile(0.5, [b(1, 5), b(2, 4), b(3, 10), b(Infinity, 10)])).toBe(1);
    expect(bucketQuantile(0.5, [b(1, 0), b(Infinity, 0)])).toBeNaN();
    expect(bucketQuantile(0.5, [b(-1, 4), b(Infinity, 10)])).toBe(-1);
  });
});
