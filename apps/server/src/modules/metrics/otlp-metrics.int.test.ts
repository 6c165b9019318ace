import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../app.ts';
import type { TestApp } from '../../../test/app.ts';
import { CAPTURES_DIR } from '../../../test/client-captures.ts';
import { createIdentityTestApp, createKey, seedOrg } from '../../../test/identity.ts';
import { loadOtlpRoot } from '../logs/index.ts';
import { storedValues } from './testing/stored-samples.ts';

let t: TestApp;
let ingestKey: string;

beforeAll(async () => {
  t = await createIdentityTestApp();
  ingestKey = await createKey(t, { scopes: ['ingest'] });
});
afterAll(async () => t?.close());

const values = (name: string, labels: Record<string, string>) =>
  storedValues(t.db.handle.pool, name, labels);

const headers = () => ({ authorization: `Bearer ${ingestKey}` });

/** The captured OTel JS JSON request with its times moved to a minute ago. */
function captureJson(): string {
  const text = readFileSync(join(CAPTURES_DIR, 'otel-js-0.223-metrics-json.txt'), 'utf8');
  const raw = text.slice(text.indexOf('{"resourceMetrics"')).trim();
  const shift = BigInt(Date.now() - 60_000) * 1_000_000n - 1795291792438000000n;
  return raw.replace(
    /"(\w+UnixNano)":"(\d+)"/g,
    (_m, k: string, v: string) => `"${k}":"${BigInt(v) + shift}"`,
  );
}

const kv = (key: string, v: string) => ({ key, value: { stringValue: v } });
const nowNs = (msAgo = 0) => String(BigInt(Date.now() - msAgo) * 1_000_000n);

function request(job: string, metrics: object[]) {
  return {
    resourceMetrics: [
      { resource: { attributes: [kv('service.name', job)] }, scopeMetrics: [{ metrics }] },
    ],
  };
}

describe('POST /v1/metrics wire handling', () => {
  const post = (payload: string | Buffer, type: string, extra: Record<string, string> = {}) =>
    t.app.inject({
      method: 'POST',
      url: '/v1/metrics',
      headers: { ...headers(), 'content-type': type, ...extra },
      payload,
    });

  it('replays the captured JSON request, and the same content as gzip protobuf', async () => {
    const json = captureJson();
    const res = await post(json, 'application/json');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({});
    expect(await values('orders_total', { job: 'demo-svc', tenant: 'tenant-a' })).toEqual([3]);
    expect(
      await values('request_duration_milliseconds_bucket', { job: 'demo-svc', le: '250' }),
    ).toEqual([3]);
    expect(await values('queue_depth', { job: 'demo-svc', queue: 'ingest' })).toEqual([7]);

    // The same request as the protobuf exporter sends it (gzip), one minute later.
    const root = loadOtlpRoot(['metrics_service.proto']);
    const reqType = root.lookupType(
      'opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest',
    );
    const later = JSON.parse(
      json.replace(
        /"timeUnixNano":"(\d+)"/g,
        (_m, v: string) => `"timeUnixNano":"${BigInt(v) + 60_000_000_000n}"`,
      ),
    );
    const bytes = reqType.encode(reqType.fromObject(later)).finish();
    const res2 = await post(gzipSync(bytes), 'application/x-protobuf', {
      'content-encoding': 'gzip',
    });
    expect(res2.statusCode, res2.body).toBe(200);
    const resType = root.lookupType(
      'opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse',
    );
    expect(resType.toObject(resType.decode(res2.rawPayload))).toEqual({});
    expect(await values('orders_total', { job: 'demo-svc', tenant: 'tenant-a' })).toEqual([3, 3]);
    const info = await t.db.handle.pool.query(
      `SELECT labels FROM metric_series WHERE name = 'target_info' AND labels->>'job' = 'demo-svc'`,
    );
    expect(info.rows[0].labels).toMatchObject({ host_name: 'vm', service_version: '1.2.3' });
  });

  it('converts exponential histograms and summaries, and reports rejected points', async () => {
    const body = request('exp-svc', [
      {
        name: 'rpc.latency',
        unit: 's',
        exponentialHistogram: {
          aggregationTemporality: 2,
          dataPoints: [
            {
              timeUnixNano: nowNs(),
              count: '7',
              sum: 9.5,
              scale: 4, // merged to scale 3: bounds 2^(k/8)
              zeroCount: '1',
              zeroThreshold: 0,
              positive: { offset: 0, bucketCounts: ['2', '1', '3'] },
            },
          ],
        },
      },
      {
        name: 'gc.pause',
        unit: 'ms',
        summary: {
          dataPoints: [
            {
              timeUnixNano: nowNs(),
              count: '10',
              sum: 55,
              quantileValues: [
                { quantile: 0.5, value: 4 },
                { quantile: 0.99, value: 20 },
              ],
            },
          ],
        },
      },
      {
        name: 'too.many.buckets',
        histogram: {
          aggregationTemporality: 2,
          dataPoints: [
            {
              timeUnixNano: nowNs(),
              count: '0',
              bucketCounts: Array.from({ length: 1001 }, () => '0'),
              explicitBounds: Array.from({ length: 1000 }, (_, i) => i),
            },
          ],
        },
      },
      {
        name: 'broken',
        histogram: {
          aggregationTemporality: 2,
          dataPoints: [{ timeUnixNano: nowNs(), bucketCounts: ['1', '2'], explicitBounds: [] }],
        },
      },
    ]);
    const res = await post(JSON.stringify(body), 'application/json');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().partialSuccess.rejectedDataPoints).toBe('2');
    expect(res.json().partialSuccess.errorMessage).toMatch(
      /too_many_buckets: more than 500 buckets/,
    );
    // The same request as protobuf: the partial success comes back as protobuf.
    const root = loadOtlpRoot(['metrics_service.proto']);
    const reqType = root.lookupType(
      'opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest',
    );
    const resType = root.lookupType(
      'opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse',
    );
    const proto = await post(
      Buffer.from(reqType.encode(reqType.fromObject(body)).finish()),
      'application/x-protobuf',
    );
    expect(proto.statusCode, proto.body).toBe(200);
    const partial = resType.toObject(resType.decode(proto.rawPayload), { longs: Number });
    expect(partial.partialSuccess).toMatchObject({ rejectedDataPoints: 2 });
    expect(partial.partialSuccess.errorMessage).toMatch(/more than 500 buckets/);
    const l = { job: 'exp-svc' };
    // scale 4 indexes 0,1,2 -> scale 3 indexes 0,0,1: (1, 2^(1/8)] = 3, (2^(1/8), 2^(2/8)] = 3.
    expect(await values('rpc_latency_seconds_bucket', { ...l, le: '0' })).toEqual([1]);
    expect(await values('rpc_latency_seconds_bucket', { ...l, le: String(2 ** (1 / 8)) })).toEqual([
      4,
    ]);
    expect(await values('rpc_latency_seconds_bucket', { ...l, le: String(2 ** (2 / 8)) })).toEqual([
      7,
    ]);
    expect(await values('rpc_latency_seconds_bucket', { ...l, le: '+Inf' })).toEqual([7]);
    expect(await values('rpc_latency_seconds_sum', l)).toEqual([9.5]);
    expect(await values('gc_pause_milliseconds', { ...l, quantile: '0.99' })).toEqual([20]);
    expect(await values('gc_pause_milliseconds_count', l)).toEqual([10]);
    expect(await values('gc_pause_milliseconds_sum', l)).toEqual([55]);
  });

  it('counts a re-sent delta request once, also after a restart', async () => {
    const point = (v: number, msAgo: number) => ({
      name: 'jobs.done',
      sum: {
        aggregationTemporality: 'AGGREGATION_TEMPORALITY_DELTA',
        isMonotonic: true,
        dataPoints: [{ timeUnixNano: nowNs(msAgo), asInt: String(v) }],
      },
    });
    const nanPoint = point(0, 2500);
    nanPoint.sum.dataPoints = [{ timeUnixNano: nowNs(2500), asDouble: 'NaN' } as never];
    const nan = await post(JSON.stringify(request('delta-svc', [nanPoint])), 'application/json');
    expect(nan.json().partialSuccess.errorMessage).toMatch(/delta value must be finite/);
    const first = JSON.stringify(request('delta-svc', [point(4, 2000)]));
    const second = JSON.stringify(request('delta-svc', [point(6, 1000)]));
    for (const b of [first, first, second]) {
      expect((await post(b, 'application/json')).statusCode).toBe(200);
    }
    expect(await values('jobs_done_total', { job: 'delta-svc' })).toEqual([4, 10]);

    // A restarted process (a second app on the same database) continues the total from the
    // stored samples, and still drops the re-sent request.
    const restarted = await buildApp({
      config: t.config,
      db: t.db.handle,
      logger: pino({ level: 'silent' }),
    });
    await restarted.ready();
    try {
      for (const b of [second, JSON.stringify(request('delta-svc', [point(5, 500)]))]) {
        const res = await restarted.inject({
          method: 'POST',
          url: '/v1/metrics',
          headers: { ...headers(), 'content-type': 'application/json' },
          payload: b,
        });
        expect(res.statusCode, res.body).toBe(200);
      }
    } finally {
      await restarted.close();
    }
    expect(await values('jobs_done_total', { job: 'delta-svc' })).toEqual([4, 10, 15]);
  });

  it('answers 429 + Retry-After over the organization rate, and the retry is counted once', async () => {
    const org = await seedOrg(t.db.handle.db, 'otlp-limited');
    await t.db.handle.pool.query(
      `UPDATE organizations SET settings = '{"ingest":{"records_per_second":2}}' WHERE id = $1`,
      [org],
    );
    const k = await createKey(t, { scopes: ['ingest'], orgId: org });
    const body = (v: number, msAgo: number) =>
      JSON.stringify(
        request('limited-svc', [
          {
            name: 'hits',
            sum: {
              aggregationTemporality: 1,
              isMonotonic: true,
              dataPoints: [1, 2, 3, 4, 5].map((i) => ({
                attributes: [kv('i', String(i))],
                timeUnixNano: nowNs(msAgo),
                asInt: String(v),
              })),
            },
          },
        ]),
      );
    const send = (b: string) => post(b, 'application/json', { authorization: `Bearer ${k}` });
    expect((await send(body(1, 3000))).statusCode).toBe(200);
    const refused = await send(body(10, 2000));
    expect(refused.statusCode).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    // The refused delta did not advance the running totals: its retry adds 10 once.
    await new Promise((r) => setTimeout(r, Number(refused.headers['retry-after']) * 1000));
    expect((await send(body(10, 2000))).statusCode).toBe(200);
    const totals = await t.db.handle.pool.query(
      `SELECT m.value AS v FROM metric_samples m JOIN metric_series s ON s.id = m.series_id
        WHERE s.name = 'hits_total' AND s.labels->>'i' = '1' ORDER BY m.time`,
    );
    expect(totals.rows.map((r) => r.v)).toEqual([1, 11]);
  });

  it('answers 400 to undecodable bodies and 401 without a key', async () => {
    for (const [payload, type] of [
      ['{"resourceMetrics": [', 'application/json'],
      ['[1,2]', 'application/json'],
      [Buffer.from([0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f]), 'application/x-protobuf'],
    ] as const) {
      const res = await post(payload, type);
      expect(res.statusCode, String(payload)).toBe(400);
      expect(res.json().type).toBeDefined();
    }
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/metrics',
      headers: { 'content-type': 'application/json' },
      payload: '{}',
    });
    expect(res.statusCode).toBe(401);
  });
});
