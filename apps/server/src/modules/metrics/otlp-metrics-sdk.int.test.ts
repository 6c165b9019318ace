import {
  AggregationTemporalityPreference,
  OTLPMetricExporter as JsonExporter,
} from '@opentelemetry/exporter-metrics-otlp-http';
import { OTLPMetricExporter as ProtoExporter } from '@opentelemetry/exporter-metrics-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  MeterProvider,
  PeriodicExportingMetricReader,
  type PushMetricExporter,
} from '@opentelemetry/sdk-metrics';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../../test/app.ts';
import { createIdentityTestApp, createKey } from '../../../test/identity.ts';
import { storedValues } from './testing/stored-samples.ts';

let t: TestApp;
let ingestKey: string;
let readKey: string;
let base: string;

beforeAll(async () => {
  t = await createIdentityTestApp();
  ingestKey = await createKey(t, { scopes: ['ingest'] });
  readKey = await createKey(t, { scopes: ['read'] });
  base = await t.app.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(async () => t?.close());

const values = (name: string, labels: Record<string, string>) =>
  storedValues(t.db.handle.pool, name, labels);

async function series(job: string) {
  const r = await t.db.handle.pool.query<{ name: string; type: string; unit: string | null }>(
    `SELECT DISTINCT name, type, unit FROM metric_series WHERE labels->>'job' = $1 ORDER BY name`,
    [job],
  );
  return r.rows;
}

/** The value of an instant PromQL query with one result, through the Prometheus HTTP API. */
async function promql(query: string): Promise<number> {
  const res = await t.app.inject({
    method: 'GET',
    url: `/api/v1/query?query=${encodeURIComponent(query)}`,
    headers: { authorization: `Bearer ${readKey}` },
  });
  expect(res.statusCode, res.body).toBe(200);
  const result = res.json().data.result;
  expect(result, query).toHaveLength(1);
  return Number(result[0].value[1]);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Two export cycles through the official SDK: counters, up-down counters, histograms, gauges. */
async function exportTwice(exporter: PushMetricExporter, job: string) {
  const provider = new MeterProvider({
    resource: resourceFromAttributes({
      'service.name': job,
      'service.instance.id': 'i-1',
      'deployment.environment.name': 'test',
    }),
    readers: [new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 3_600_000 })],
  });
  const meter = provider.getMeter('demo-meter', '1.0.0');
  const orders = meter.createCounter('orders', { unit: '{order}', description: 'orders placed' });
  const queue = meter.createUpDownCounter('queue.size');
  const latency = meter.createHistogram('request.duration', {
    unit: 'ms',
    advice: { explicitBucketBoundaries: [10, 100, 1000] },
  });
  const temperature = meter.createGauge('temperature', { unit: 'Cel' });
  meter
    .createObservableGauge('memory.usage', { unit: 'By' })
    .addCallback((r) => r.observe(1024, { pool: 'heap' }));
  orders.add(3, { tenant: 'a' });
  queue.add(5);
  queue.add(-2);
  for (const v of [12, 40, 230]) latency.record(v, { route: '/checkout' });
  temperature.record(21.5);
  await provider.forceFlush();
  await sleep(20);
  orders.add(2, { tenant: 'a' });
  latency.record(5, { route: '/checkout' });
  await provider.shutdown(); // the second (final) collection and export
}

const headers = () => ({ authorization: `Bearer ${ingestKey}` });

describe('POST /v1/metrics with the official OpenTelemetry JS exporters', () => {
  const cases = [
    ['protobuf', 'cumulative', AggregationTemporalityPreference.CUMULATIVE],
    ['protobuf', 'delta', AggregationTemporalityPreference.DELTA],
    ['json', 'cumulative', AggregationTemporalityPreference.CUMULATIVE],
    ['json', 'delta', AggregationTemporalityPreference.DELTA],
  ] as const;
  it.each(cases)(
    '%s, %s temporality: stored as cumulative Prometheus series',
    async (enc, temp, pref) => {
      const job = `svc-${enc}-${temp}`;
      const opts = { url: `${base}/v1/metrics`, headers: headers(), temporalityPreference: pref };
      // The 0.223.0 exporters are typed against sdk-metrics 2.12.0; the interface is the same.
      const exporter = (enc === 'json'
        ? new JsonExporter(opts)
        : new ProtoExporter(opts)) as unknown as PushMetricExporter;
      await exportTwice(exporter, job);

      expect(await series(job)).toEqual([
        { name: 'memory_usage_bytes', type: 'gauge', unit: 'By' },
        { name: 'orders_total', type: 'counter', unit: '{order}' },
        { name: 'queue_size', type: 'gauge', unit: null },
        { name: 'request_duration_milliseconds_bucket', type: 'histogram', unit: 'ms' },
        { name: 'request_duration_milliseconds_count', type: 'histogram', unit: 'ms' },
        { name: 'request_duration_milliseconds_sum', type: 'histogram', unit: 'ms' },
        { name: 'target_info', type: 'gauge', unit: null },
        { name: 'temperature_celsius', type: 'gauge', unit: 'Cel' },
      ]);
      const l = { job, instance: 'i-1' };
      expect(await values('orders_total', { ...l, tenant: 'a' })).toEqual([3, 5]);
      expect(await values('queue_size', l)).toEqual([3, 3]);
      const route = { ...l, route: '/checkout' };
      expect(await values('request_duration_milliseconds_bucket', { ...route, le: '10' })).toEqual([
        0, 1,
      ]);
      expect(await values('request_duration_milliseconds_bucket', { ...route, le: '100' })).toEqual(
        [2, 3],
      );
      expect(
        await values('request_duration_milliseconds_bucket', { ...route, le: '1000' }),
      ).toEqual([3, 4]);
      expect(
        await values('request_duration_milliseconds_bucket', { ...route, le: '+Inf' }),
      ).toEqual([3, 4]);
      expect(await values('request_duration_milliseconds_count', route)).toEqual([3, 4]);
      expect(await values('request_duration_milliseconds_sum', route)).toEqual([282, 287]);
      expect((await values('temperature_celsius', l)).at(-1)).toBe(21.5);
      expect(await values('memory_usage_bytes', { ...l, pool: 'heap' })).toEqual([1024, 1024]);
      expect(await values('target_info', { ...l, deployment_environment_name: 'test' })).toContain(
        1,
      );
      // Read back through PromQL: the total, and the median from the classic buckets
      // (observations 5, 12, 40, 230; bounds 10, 100, 1000: rank 2 of 4 interpolates to 55).
      expect(await promql(`sum(orders_total{job="${job}"})`)).toBe(5);
      expect(
        await promql(
          `histogram_quantile(0.5, sum by (le) (request_duration_milliseconds_bucket{job="${job}"}))`,
        ),
      ).toBe(55);
    },
  );
});
