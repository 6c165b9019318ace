import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CAPTURES_DIR } from '../../../../test/client-captures.ts';
import { ExpositionError, parseExposition } from './exposition.ts';

describe('Prometheus text exposition 0.0.4', () => {
  it('parses the captured node-exporter response', () => {
    const text = readFileSync(join(CAPTURES_DIR, 'node-exporter-1.5-metrics-response.txt'), 'utf8');
    const body = text.slice(text.indexOf('# HELP'));
    const r = parseExposition(body, false, 10_000);
    expect(r.samples.find((s) => s.name === 'go_goroutines')).toEqual({
      name: 'go_goroutines',
      labels: {},
      value: 7,
      timeMs: null,
    });
    expect(
      r.samples.find((s) => s.name === 'go_gc_duration_seconds' && s.labels.quantile === '0.5')
        ?.value,
    ).toBe(0);
    expect(r.samples.find((s) => s.name === 'go_memstats_buck_hash_sys_bytes')?.value).toBe(
      1446025,
    );
    expect(r.metadata.find((m) => m.name === 'go_gc_duration_seconds')).toMatchObject({
      type: 'summary',
    });
    expect(r.metadata.find((m) => m.name === 'go_memstats_alloc_bytes_total')).toMatchObject({
      type: 'counter',
      help: 'Total number of bytes allocated, even if freed.',
    });
  });

  it('handles escapes, timestamps, special values, histograms and comments', () => {
    const body = [
      '# A comment',
      '# HELP http_requests_total The total.\\nSecond line with \\\\ backslash.',
      '# TYPE http_requests_total counter',
      'http_requests_total{method="post",code="200",path="C:\\\\dir\\"x\\"\\nnext"} 1027 1395066363000',
      'http_requests_total{method="post",code="400"}    3 1395066363000',
      '',
      'msdos_file_access_time_seconds{path="C:\\\\DIR\\\\FILE.TXT",error="Cannot find file:\\n\\"FILE.TXT\\""} 1.458255915e9',
      'metric_without_timestamp_and_labels 12.47',
      'something_weird{problem="division by zero"} +Inf -3982045',
      'nan_metric NaN',
      '# TYPE rpc_duration_seconds histogram',
      'rpc_duration_seconds_bucket{le="0.05",} 24054',
      'rpc_duration_seconds_bucket{le="+Inf"} 144320',
      'rpc_duration_seconds_sum 53423',
      'rpc_duration_seconds_count 144320',
    ].join('\n');
    const r = parseExposition(body, false, 100);
    expect(r.samples[0]).toEqual({
      name: 'http_requests_total',
      labels: { method: 'post', code: '200', path: 'C:\\dir"x"\nnext' },
      value: 1027,
      timeMs: 1395066363000,
    });
    expect(r.samples[2]!.labels.error).toBe('Cannot find file:\n"FILE.TXT"');
    expect(r.samples[4]).toMatchObject({ value: Infinity, timeMs: -3982045 });
    expect(r.samples[5]!.value).toBeNaN();
    expect(r.samples[6]).toMatchObject({ labels: { le: '0.05' }, value: 24054 });
    expect(r.metadata.find((m) => m.name === 'http_requests_total')?.help).toBe(
      'The total.\nSecond line with \\ backslash.',
    );
    expect(r.metadata.find((m) => m.name === 'rpc_duration_seconds')?.type).toBe('histogram');
  });

  it.each([
    ['foo{a="b"', /unterminated|expected/],
    ['foo{a=b} 1', /expected ="/],
    ['foo{a="1",a="2"} 1', /duplicate label a/],
    ['foo bar', /invalid value/],
    ['foo 1 2 3', /expected a value/],
    ['foo 1 1.5', /invalid timestamp/],
    ['9foo 1', /expected a metric name/],
    ['# TYPE foo nonsense', /unknown metric type/],
    ['<html><body>Not metrics</body></html>', /expected a metric name/],
  ])('rejects %j', (body, err) => {
    expect(() => parseExposition(body, false, 100)).toThrow(err);
  });

  it('enforces the sample limit', () => {
    const body = Array.from({ length: 11 }, (_, i) => `m${i} 1`).join('\n');
    expect(() => parseExposition(body, false, 10)).toThrow(ExpositionError);
  });
});

describe('OpenMetrics 1.0', () => {
  const body = [
    '# TYPE acme_http_router_request_seconds summary',
    '# UNIT acme_http_router_request_seconds seconds',
    "# HELP acme_http_router_request_seconds Latency though all of ACME's HTTP request router.",
    'acme_http_router_request_seconds_sum{path="/api/v1",method="GET"} 9036.32',
    'acme_http_router_request_seconds_count{path="/api/v1",method="GET"} 807283.0',
    'acme_http_router_request_seconds_created{path="/api/v1",method="GET"} 1605281325.0',
    '# TYPE foo counter',
    'foo_total 17.0 1520879607.789 # {id="counter-test"} 5',
    'foo_created 1520430000.123',
    '# TYPE build info',
    'build_info{version="1.2"} 1',
    '# EOF',
    '',
  ].join('\n');

  it('parses seconds timestamps, skips _created and exemplars, names counter metadata _total', () => {
    const r = parseExposition(body, true, 100);
    expect(r.samples.map((s) => s.name)).toEqual([
      'acme_http_router_request_seconds_sum',
      'acme_http_router_request_seconds_count',
      'foo_total',
      'build_info',
    ]);
    expect(r.samples[2]).toMatchObject({ value: 17, timeMs: 1520879607789 });
    expect(r.metadata).toContainEqual({
      name: 'foo_total',
      type: 'counter',
      help: null,
      unit: null,
    });
    expect(r.metadata).toContainEqual(
      expect.objectContaining({ name: 'acme_http_router_request_seconds', unit: 'seconds' }),
    );
  });

  it('requires # EOF and nothing after it', () => {
    expect(() => parseExposition('foo 1\n', true, 10)).toThrow(/EOF/);
    expect(() => parseExposition('foo 1\n# EOF\nbar 2\n', true, 10)).toThrow(/after # EOF/);
  });
});
