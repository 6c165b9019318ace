import { fileURLToPath } from 'node:url';
import protobuf from 'protobufjs';
import snappy from 'snappyjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../../test/app.ts';
import {
  createIdentityTestApp,
  createKey,
  seedOrg,
  seedSignedInUser,
} from '../../../test/identity.ts';

/**
 * The Prometheus HTTP API end to end: samples arrive through remote write (POST /api/v1/write,
 * snappy + protobuf, as Prometheus sends them) and are read back over real HTTP through every
 * endpoint, GET and form POST (as Grafana sends them), with Bearer, Basic and cookie auth.
 */
let t: TestApp;
let base: string;
let readKey: string;
let otherReadKey: string;
let ingestOnlyKey: string;
let cookie: string;

const WriteRequest = protobuf
  .loadSync(fileURLToPath(new URL('../metrics/remote.proto', import.meta.url)))
  .lookupType('prometheus.WriteRequest');

// Samples every 15 s for 10 minutes from T0 (a whole minute, 20 minutes ago).
const T0 = Math.floor((Date.now() - 20 * 60_000) / 60_000) * 60_000;
const T0s = T0 / 1000;
const N = 41;

function series(labels: Record<string, string>, f: (i: number) => number) {
  return {
    labels: Object.entries(labels).map(([name, value]) => ({ name, value })),
    samples: Array.from({ length: N }, (_, i) => ({ value: f(i), timestamp: T0 + i * 15_000 })),
  };
}

async function remoteWrite(key: string, req: object) {
  const body = Buffer.from(
    snappy.compress(WriteRequest.encode(WriteRequest.fromObject(req)).finish()),
  );
  const res = await fetch(`${base}/api/v1/write`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${key}`,
      'content-type': 'application/x-protobuf',
      'content-encoding': 'snappy',
      'x-prometheus-remote-write-version': '0.1.0',
    },
    body,
  });
  expect(res.status, await res.text()).toBe(204);
}

type Json = { status: string; data: unknown; errorType?: string; error?: string } & Record<
  string,
  unknown
>;

async function get(
  path: string,
  auth: Record<string, string> = { authorization: `Bearer ${readKey}` },
) {
  const res = await fetch(base + path, { headers: auth });
  return {
    status: res.status,
    body: (await res.json()) as Json,
    type: res.headers.get('content-type'),
  };
}

async function post(path: string, form: [string, string][], auth = `Bearer ${readKey}`) {
  const res = await fetch(base + path, {
    method: 'POST',
    headers: { authorization: auth, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form).toString(),
  });
  return { status: res.status, body: (await res.json()) as Json };
}

const q = (params: Record<string, string | number>) =>
  new URLSearchParams(
    Object.entries(params).map(([k, v]): [string, string] => [k, String(v)]),
  ).toString();

beforeAll(async () => {
  t = await createIdentityTestApp();
  base = await t.app.listen({ port: 0, host: '127.0.0.1' });
  const ingestKey = await createKey(t, { scopes: ['ingest'] });
  readKey = await createKey(t, { scopes: ['read'] });
  ingestOnlyKey = ingestKey;
  const org2 = await seedOrg(t.db.handle.db, 'prom-other');
  otherReadKey = await createKey(t, { scopes: ['read'], orgId: org2 });
  const otherIngest = await createKey(t, { scopes: ['ingest'], orgId: org2 });
  cookie = (await seedSignedInUser(t, { role: 'viewer' })).cookie;
  await remoteWrite(ingestKey, {
    timeseries: [
      series(
        { __name__: 'pt_requests_total', job: 'api', instance: 'h1', code: '200' },
        (i) => i * 10,
      ),
      series({ __name__: 'pt_requests_total', job: 'api', instance: 'h2', code: '500' }, (i) => i),
      series({ __name__: 'pt_temperature', job: 'sensor' }, (i) => 20 + (i % 3)),
    ],
    metadata: [
      { type: 1, metricFamilyName: 'pt_requests_total', help: 'Requests served.' },
      { type: 2, metricFamilyName: 'pt_temperature', help: 'Degrees.' },
    ],
  });
  await remoteWrite(otherIngest, {
    timeseries: [series({ __name__: 'pt_requests_total', job: 'foreign', instance: 'x' }, () => 1)],
  });
});
afterAll(async () => {
  await t?.close();
});

describe('Prometheus query API', () => {
  it('answers an instant query (GET, Bearer) in the Prometheus envelope', async () => {
    const r = await get(`/api/v1/query?${q({ query: 'pt_requests_total', time: T0s + 600 })}`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.type).toContain('application/json');
    expect(r.body).toEqual({
      status: 'success',
      data: {
        resultType: 'vector',
        result: [
          {
            metric: { __name__: 'pt_requests_total', code: '200', instance: 'h1', job: 'api' },
            value: [T0s + 600, '400'],
          },
          {
            metric: { __name__: 'pt_requests_total', code: '500', instance: 'h2', job: 'api' },
            value: [T0s + 600, '40'],
          },
        ],
      },
    });
    const scalar = await get(
      `/api/v1/query?${q({ query: '1 + 2', time: '2024-01-01T00:00:00Z' })}`,
    );
    expect(scalar.body.data).toEqual({ resultType: 'scalar', result: [1_704_067_200, '3'] });
  });

  it('answers a range query posted as a form with Basic auth (as Grafana sends it)', async () => {
    const basic = `Basic ${Buffer.from(`grafana:${readKey}`).toString('base64')}`;
    const r = await post(
      '/api/v1/query_range',
      [
        ['query', 'sum by (job) (rate(pt_requests_total[1m]))'],
        ['start', String(T0s + 120)],
        ['end', String(T0s + 600)],
        ['step', '1m'],
      ],
      basic,
    );
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const data = r.body.data as {
      resultType: string;
      result: { metric: object; values: [number, string][] }[];
    };
    expect(data.resultType).toBe('matrix');
    expect(data.result).toHaveLength(1);
    expect(data.result[0]!.metric).toEqual({ job: 'api' });
    expect(data.result[0]!.values.map((v) => v[0])).toEqual(
      [2, 3, 4, 5, 6, 7, 8, 9, 10].map((m) => T0s + m * 60),
    );
    for (const [, v] of data.result[0]!.values) expect(Number(v)).toBeCloseTo(11 / 15, 6);
  });

  it('accepts a signed-in session and RFC 3339 times', async () => {
    const r = await get(
      `/api/v1/query_range?${q({ query: 'pt_temperature', start: new Date(T0).toISOString(), end: new Date(T0 + 60_000).toISOString(), step: 30 })}`,
      { cookie },
    );
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const data = r.body.data as { result: { values: [number, string][] }[] };
    expect(data.result[0]!.values).toEqual([
      [T0s, '20'],
      [T0s + 30, '22'],
      [T0s + 60, '21'],
    ]);
  });

  it('lists series, label names, label values and metadata', async () => {
    const series = await post('/api/v1/series', [
      ['match[]', 'pt_requests_total{code="500"}'],
      ['match[]', 'pt_temperature'],
      ['start', String(T0s)],
      ['end', String(T0s + 600)],
    ]);
    expect(series.status, JSON.stringify(series.body)).toBe(200);
    expect(series.body.data).toEqual(
      expect.arrayContaining([
        { __name__: 'pt_requests_total', code: '500', instance: 'h2', job: 'api' },
        { __name__: 'pt_temperature', job: 'sensor' },
      ]),
    );
    expect(series.body.data).toHaveLength(2);
    const labels = await get('/api/v1/labels');
    expect(labels.body).toEqual({
      status: 'success',
      data: ['__name__', 'code', 'instance', 'job'],
    });
    const byMatch = await get(`/api/v1/labels?${q({ 'match[]': 'pt_temperature' })}`);
    expect(byMatch.body.data).toEqual(['__name__', 'job']);
    expect((await get('/api/v1/label/job/values')).body.data).toEqual(['api', 'sensor']);
    const names = await get(`/api/v1/label/__name__/values?${q({ 'match[]': '{job="api"}' })}`);
    expect(names.body.data).toEqual(['pt_requests_total']);
    const meta = await get('/api/v1/metadata');
    expect(meta.body.data).toEqual({
      pt_requests_total: [{ type: 'counter', help: 'Requests served.', unit: '' }],
      pt_temperature: [{ type: 'gauge', help: 'Degrees.', unit: '' }],
    });
    expect((await get('/api/v1/metadata?metric=pt_temperature&limit=5')).body.data).toEqual({
      pt_temperature: [{ type: 'gauge', help: 'Degrees.', unit: '' }],
    });
    const build = await get('/api/v1/status/buildinfo');
    expect(build.body).toMatchObject({ status: 'success', data: { version: '2.42.0' } });
  });

  it("shows another organization's key nothing of this organization", async () => {
    const auth = { authorization: `Bearer ${otherReadKey}` };
    const r = await get(
      `/api/v1/query?${q({ query: 'pt_requests_total', time: T0s + 600 })}`,
      auth,
    );
    expect(
      (r.body.data as { result: { metric: { job: string } }[] }).result.map((s) => s.metric.job),
    ).toEqual(['foreign']);
    expect(
      (await get(`/api/v1/series?${q({ 'match[]': 'pt_temperature' })}`, auth)).body.data,
    ).toEqual([]);
    expect((await get('/api/v1/label/job/values', auth)).body.data).toEqual(['foreign']);
    expect((await get('/api/v1/metadata', auth)).body.data).toEqual({
      pt_requests_total: [{ type: 'unknown', help: '', unit: '' }],
    });
  });

  it('answers bad input with 400 bad_data carrying both Prometheus and problem fields', async () => {
    const cases: [string, RegExp][] = [
      [`/api/v1/query?${q({ query: 'sum(' })}`, /parse error|unexpected/],
      ['/api/v1/query', /"query": parameter is required/],
      [`/api/v1/query?${q({ query: 'up', time: 'yesterday' })}`, /cannot parse "yesterday"/],
      [
        `/api/v1/query_range?${q({ query: 'up', start: 0, end: 100, step: 0 })}`,
        /zero or negative/,
      ],
      [`/api/v1/query_range?${q({ query: 'up', start: 0, end: 100, step: 'abc' })}`, /"step"/],
      [
        `/api/v1/query_range?${q({ query: 'up', start: 0, end: 100_000, step: 1 })}`,
        /11,000 points/,
      ],
      [`/api/v1/query_range?${q({ query: 'up', start: 100, end: 0, step: 1 })}`, /before start/],
      [
        `/api/v1/query_range?${q({ query: 'up[5m]', start: 0, end: 100, step: 10 })}`,
        /range vector/,
      ],
      [`/api/v1/query?${q({ query: 'up{job=~"("}' })}`, /regular expression|regex|parse/i],
      ['/api/v1/series', /no match\[\] parameter/],
      [`/api/v1/series?${q({ 'match[]': 'rate(up[5m])' })}`, /not a series selector/],
      ['/api/v1/label/not-a-label/values', /invalid label name/],
    ];
    for (const [path, message] of cases) {
      const r = await get(path);
      expect(r.status, `${path}: ${JSON.stringify(r.body)}`).toBe(400);
      expect(r.type).toContain('application/problem+json');
      expect(r.body).toMatchObject({ status: 'error', errorType: 'bad_data' });
      expect(r.body.error, path).toMatch(message);
      expect(r.body.detail).toBe(r.body.error);
      expect(typeof r.body.type).toBe('string');
      expect(typeof r.body.title).toBe('string');
    }
  });

  it('answers an evaluation error with 422 execution', async () => {
    const r = await get(
      `/api/v1/query?${q({ query: 'label_join(pt_temperature, "bad-name", ",", "job")', time: T0s + 600 })}`,
    );
    expect(r.status, JSON.stringify(r.body)).toBe(422);
    expect(r.body).toMatchObject({ status: 'error', errorType: 'execution' });
  });

  it('refuses callers without a credential or the read scope', async () => {
    const anon = await get('/api/v1/query?query=up', {});
    expect(anon.status).toBe(401);
    expect(anon.body).toMatchObject({
      status: 'error',
      errorType: 'bad_data',
      code: 'UNAUTHORIZED',
    });
    const denied = await post('/api/v1/query', [['query', 'up']], `Bearer ${ingestOnlyKey}`);
    expect(denied.status).toBe(403);
    expect(denied.body.error).toMatch(/scopes/);
    const badBasic = await post(
      '/api/v1/query',
      [['query', 'up']],
      `Basic ${Buffer.from('grafana:not-a-key').toString('base64')}`,
    );
    expect(badBasic.status).toBe(401);
    // Basic auth is accepted only where a route opts in (config.basicAuth).
    const elsewhere = await get('/api/v1/metrics/series?match=pt_temperature', {
      authorization: `Basic ${Buffer.from(`grafana:${readKey}`).toString('base64')}`,
    });
    expect(elsewhere.status).toBe(401);
    expect(
      (
        await get('/api/v1/metrics/series?match=pt_temperature', {
          authorization: `Bearer ${readKey}`,
        })
      ).status,
    ).toBe(200);
  });
});
