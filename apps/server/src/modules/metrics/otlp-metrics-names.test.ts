import { describe, expect, it } from 'vitest';
import { attributesToLabels, promMetricName, resourceLabels } from './otlp-metrics-names.ts';
import { expHistogramBuckets } from './otlp-histograms.ts';

describe('OTLP to Prometheus names', () => {
  it.each([
    ['http.server.request.duration', 's', 'histogram', 'http_server_request_duration_seconds'],
    ['orders', '{order}', 'counter', 'orders_total'],
    ['orders_total', '1', 'counter', 'orders_total'],
    ['system.network.io', 'By', 'counter', 'system_network_io_bytes_total'],
    ['throughput', 'By/s', 'gauge', 'throughput_bytes_per_second'],
    ['cpu.utilization', '1', 'gauge', 'cpu_utilization_ratio'],
    ['latency_seconds', 's', 'histogram', 'latency_seconds'],
    ['2xx.responses', '', 'gauge', '_2xx_responses'],
    ['temp', 'Cel', 'gauge', 'temp_celsius'],
    ['weird--name!!', 'widgets', 'gauge', 'weird_name_widgets'],
  ] as const)('%s [%s] %s -> %s', (name, unit, kind, want) => {
    expect(promMetricName(name, unit, kind)).toBe(want);
  });

  it('sanitizes attribute keys and joins colliding values', () => {
    expect(
      attributesToLabels({ 'a.b': 'x', a_b: 'y', '1st': 1, __x: true, arr: [1, 'a'] }),
    ).toEqual({
      a_b: 'x;y',
      key_1st: '1',
      key__x: 'true',
      arr: '[1,"a"]',
    });
  });

  it('maps service.name / namespace / instance id to job and instance', () => {
    expect(
      resourceLabels({
        'service.name': 'api',
        'service.namespace': 'shop',
        'service.instance.id': 'i',
        'host.name': 'h',
      }),
    ).toEqual({ job: 'shop/api', instance: 'i', rest: { 'host.name': 'h' } });
  });

  it('merges exponential buckets down to scale 3 and keeps negatives below zero', () => {
    const b = expHistogramBuckets({
      scale: 3,
      zeroCount: 2,
      zeroThreshold: 0,
      positive: { offset: -1, counts: [1, 0, 4] },
      negative: { offset: 0, counts: [5] },
    });
    expect(b).toEqual([
      { le: -1, count: 5 },
      { le: 0, count: 2 },
      { le: 1, count: 1 },
      { le: 2 ** (2 / 8), count: 4 },
    ]);
    expect(
      expHistogramBuckets({
        scale: 99,
        zeroCount: 0,
        zeroThreshold: 0,
        positive: { offset: 0, counts: [] },
        negative: { offset: 0, counts: [] },
      }),
    ).toMatch(/scale/);
  });
});
