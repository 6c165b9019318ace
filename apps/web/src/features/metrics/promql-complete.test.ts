import { describe, expect, it } from 'vitest';
import {
  addMatcher,
  applyCompletion,
  completionContext,
  firstMetric,
  identifierCompletions,
  labelNameCompletions,
  labelValueCompletions,
  starterQuery,
} from './promql-complete.ts';
import { errorPosition, formatSeries, sampleValue } from './prom-api.ts';

const at = (textWithCaret: string) => {
  const caret = textWithCaret.indexOf('|');
  return completionContext(textWithCaret.replace('|', ''), caret);
};

describe('PromQL completion context', () => {
  it('completes identifiers: metric names, functions, keywords', () => {
    expect(at('http_req|')).toEqual({ kind: 'identifier', prefix: 'http_req', start: 0 });
    expect(at('sum(rate(node_cp|')).toEqual({ kind: 'identifier', prefix: 'node_cp', start: 9 });
    expect(at('|')).toEqual({ kind: 'identifier', prefix: '', start: 0 });
    expect(at('up > 1|')).toEqual({ kind: 'none' });
  });

  it('completes label names in braces and in grouping clauses', () => {
    expect(at('http_requests_total{|')).toEqual({
      kind: 'label-name',
      metric: 'http_requests_total',
      prefix: '',
      start: 20,
      inBraces: true,
    });
    expect(at('up{job="a", inst|}')).toEqual({
      kind: 'label-name',
      metric: 'up',
      prefix: 'inst',
      start: 12,
      inBraces: true,
    });
    expect(at('sum by (jo|) (rate(http_requests_total[5m]))')).toEqual({
      kind: 'label-name',
      metric: 'http_requests_total',
      prefix: 'jo',
      start: 8,
      inBraces: false,
    });
    expect(at('{|')).toEqual({
      kind: 'label-name',
      metric: '',
      prefix: '',
      start: 1,
      inBraces: true,
    });
  });

  it('completes label values after an operator, inside or before the quote', () => {
    expect(at('up{job=|')).toEqual({
      kind: 'label-value',
      metric: 'up',
      label: 'job',
      prefix: '',
      start: 7,
    });
    expect(at('up{job=~"ap|"}')).toEqual({
      kind: 'label-value',
      metric: 'up',
      label: 'job',
      prefix: 'ap',
      start: 8,
    });
    expect(at('up{a="x", job!="p\\"q|')).toEqual({
      kind: 'label-value',
      metric: 'up',
      label: 'job',
      prefix: 'p"q',
      start: 15,
    });
    expect(at('up{job="api"|')).toEqual({ kind: 'none' });
  });

  it('completes nothing inside ranges, strings and comments', () => {
    expect(at('rate(up[5|')).toEqual({ kind: 'none' });
    expect(at('label_replace(up, "dst|')).toEqual({ kind: 'none' });
    expect(at('up # comm|')).toEqual({ kind: 'none' });
  });

  it('finds the metric of a query, skipping functions and keywords', () => {
    expect(firstMetric('sum by (job) (rate(http_requests_total{code="500"}[5m]))')).toBe(
      'http_requests_total',
    );
    expect(firstMetric('histogram_quantile(0.9, sum by (le) (rate(lat_bucket[5m])))')).toBe(
      'lat_bucket',
    );
    expect(firstMetric('time()')).toBe('');
  });
});

describe('PromQL completions', () => {
  it('ranks prefix matches first and offers functions with a parenthesis', () => {
    const c = identifierCompletions('ra', ['http_rate_x', 'rabbit_up', 'go_goroutines']);
    expect(c.slice(0, 2).map((x) => x.label)).toEqual(['rabbit_up', 'http_rate_x']);
    expect(c.find((x) => x.label === 'rate')).toMatchObject({ insert: 'rate(', kind: 'function' });
    expect(c.some((x) => x.label === 'go_goroutines')).toBe(false);
  });

  it('replaces the word at the caret, and quotes and escapes label values', () => {
    const text = 'sum(rate(http_re[5m]))';
    const caret = 'sum(rate(http_re'.length;
    const metric = identifierCompletions('http_re', ['http_requests_total'])[0]!;
    expect(applyCompletion(text, caret, 9, metric)).toEqual({
      text: 'sum(rate(http_requests_total[5m]))',
      caret: 28,
    });
    const [name] = labelNameCompletions('jo', ['job', 'instance'], true);
    expect(applyCompletion('up{jo}', 5, 3, name!)).toEqual({ text: 'up{job=}', caret: 7 });
    const [value] = labelValueCompletions('', ['say "hi"']);
    expect(applyCompletion('up{job=""}', 8, 7, value!)).toEqual({
      text: 'up{job="say \\"hi\\""}',
      caret: 19,
    });
  });
});

describe('Prometheus API helpers', () => {
  it('finds the offset of a parse error', () => {
    expect(errorPosition('1:5: parse error: unexpected', 'sum((up)')).toBe(4);
    expect(errorPosition('2:3: parse error', 'up\n+ x')).toBe(5);
    expect(errorPosition('unknown function', 'foo()')).toBeUndefined();
  });

  it('reads sample values and prints series', () => {
    expect(sampleValue('+Inf')).toBe(Infinity);
    expect(sampleValue('-Inf')).toBe(-Infinity);
    expect(Number.isNaN(sampleValue('NaN'))).toBe(true);
    expect(sampleValue('1.5e3')).toBe(1500);
    expect(formatSeries({ __name__: 'up', job: 'api', instance: 'a:1' })).toBe(
      'up{instance="a:1", job="api"}',
    );
    expect(formatSeries({})).toBe('{}');
  });
});

describe('addMatcher', () => {
  it('adds to the metric selector, replaces the same label, or starts a new query', () => {
    expect(addMatcher('', 'up', 'job', 'api')).toBe('up{job="api"}');
    expect(addMatcher('rate(http_total[5m])', 'http_total', 'code', '500')).toBe(
      'rate(http_total{code="500"}[5m])',
    );
    expect(addMatcher('sum(up{job="a"})', 'up', 'instance', 'x:1')).toBe(
      'sum(up{job="a", instance="x:1"})',
    );
    expect(addMatcher('up{job="a"} + up_x', 'up', 'job', 'b')).toBe('up{job="b"} + up_x');
    expect(addMatcher('node_load1', 'up', 'job', 'b')).toBe('up{job="b"}');
  });
});

describe('starterQuery', () => {
  it('rates counters, takes the p95 of histogram buckets, shows gauges as they are', () => {
    expect(starterQuery('http_requests_total', undefined)).toBe('rate(http_requests_total[5m])');
    expect(starterQuery('jobs_done', 'counter')).toBe('rate(jobs_done[5m])');
    expect(starterQuery('lat_bucket', 'histogram')).toBe(
      'histogram_quantile(0.95, sum by (le) (rate(lat_bucket[5m])))',
    );
    expect(starterQuery('lat_count', 'histogram')).toBe('rate(lat_count[5m])');
    expect(starterQuery('queue_depth', 'gauge')).toBe('queue_depth');
  });
});
