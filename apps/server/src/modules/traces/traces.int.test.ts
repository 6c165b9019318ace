import { readFileSync } from 'node:fs';
import { context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { OTLPTraceExporter as HttpJsonExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as ProtoExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BasicTracerProvider,
  BatchSpanProcessor,
  type SpanExporter,
} from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../../test/app.ts';
import { createIdentityTestApp, createKey, seedOrg } from '../../../test/identity.ts';
import { loadOtlpRoot } from '../logs/index.ts';
import { pathToFileURL } from 'node:url';
import { CAPTURES_DIR } from '../../../test/client-captures.ts';

let t: TestApp;
let ingestKey: string;
let readKey: string;
let otherReadKey: string;
let base: string;

const CAPTURES = pathToFileURL(CAPTURES_DIR + '/');

beforeAll(async () => {
  t = await createIdentityTestApp();
  ingestKey = await createKey(t, { scopes: ['ingest'] });
  readKey = await createKey(t, { scopes: ['read'] });
  const other = await seedOrg(t.db.handle.db, 'traces-other');
  otherReadKey = await createKey(t, { scopes: ['read'], orgId: other });
  base = await t.app.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(async () => t?.close());

async function getTrace(traceId: string, key = readKey) {
  return t.app.inject({
    method: 'GET',
    url: `/api/v1/traces/${traceId}`,
    headers: { authorization: `Bearer ${key}` },
  });
}

async function spanCount(traceId: string) {
  const r = await t.db.handle.pool.query(
    'SELECT count(*)::int AS n FROM spans WHERE trace_id = $1',
    [traceId],
  );
  return r.rows[0].n as number;
}

/** Exports parent > (db > parse, pay[error]) and returns the trace id. */
async function sendWith(exporter: SpanExporter, service: string): Promise<string> {
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({
      'service.name': service,
      'deployment.environment.name': 'demo',
    }),
    spanProcessors: [new BatchSpanProcessor(exporter)],
  });
  const tracer = provider.getTracer('demo-tracer', '0.1.0');
  const t0 = Date.now() - 2000;
  const root = tracer.startSpan('GET /checkout', {
    kind: SpanKind.SERVER,
    startTime: t0,
    attributes: { 'http.request.method': 'GET', 'http.route': '/checkout', password: 'p' },
  });
  const inRoot = trace.setSpan(context.active(), root);
  const db = tracer.startSpan(
    'SELECT orders',
    { kind: SpanKind.CLIENT, startTime: t0 + 10 },
    inRoot,
  );
  db.addEvent('cache.miss', { key: 'orders:42' }, t0 + 12);
  const parse = tracer.startSpan(
    'parse rows',
    { startTime: t0 + 20 },
    trace.setSpan(context.active(), db),
  );
  parse.end(t0 + 25);
  db.end(t0 + 40);
  const pay = tracer.startSpan('POST /pay', { kind: SpanKind.CLIENT, startTime: t0 + 50 }, inRoot);
  pay.setStatus({ code: SpanStatusCode.ERROR, message: 'card declined' });
  pay.end(t0 + 90);
  root.setAttribute('http.response.status_code', 502);
  root.end(t0 + 100);
  await provider.forceFlush();
  await provider.shutdown();
  return root.spanContext().traceId;
}

describe('OTLP/HTTP traces from the real OpenTelemetry JS 0.223 exporters', () => {
  it.each([
    [
      'json',
      (url: string, headers: Record<string, string>) => new HttpJsonExporter({ url, headers }),
    ],
    [
      'protobuf+gzip',
      (url: string, headers: Record<string, string>) =>
        new ProtoExporter({ url, headers, compression: 'gzip' as never }),
    ],
  ])('stores what the %s exporter sends and reads it back as a waterfall', async (name, make) => {
    const service = `trace-svc-${name.replace(/\W/g, '')}`;
    const exporter = make(`${base}/v1/traces`, { Authorization: `Bearer ${ingestKey}` });
    const traceId = await sendWith(exporter, service);
    const res = await getTrace(traceId);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({
      trace_id: traceId,
      span_count: 4,
      duration_ms: 100,
      services: [service],
      has_error: true,
      logs: [],
      errors: [],
    });
    const spans = body.spans as Array<Record<string, unknown>>;
    expect(spans.map((s) => [s.name, s.depth, s.offset_ms, s.duration_ms])).toEqual([
      ['GET /checkout', 0, 0, 100],
      ['SELECT orders', 1, 10, 30],
      ['parse rows', 2, 20, 5],
      ['POST /pay', 1, 50, 40],
    ]);
    const [root, db, parse, pay] = spans;
    expect(root).toMatchObject({
      parent_span_id: null,
      kind: 'server',
      service,
      environment: 'demo',
      method: 'GET',
      route: '/checkout',
      status_code: 502,
      orphan: false,
    });
    expect((root!.attributes as Record<string, unknown>).password).toBe('[Filtered]');
    expect(db!.parent_span_id).toBe(root!.span_id);
    expect(parse!.parent_span_id).toBe(db!.span_id);
    expect(pay).toMatchObject({
      parent_span_id: root!.span_id,
      status: 'error',
      status_message: 'card declined',
    });
    expect(db!.events).toEqual([
      expect.objectContaining({ name: 'cache.miss', attributes: { key: 'orders:42' } }),
    ]);

    const list = await t.app.inject({
      method: 'GET',
      url: `/api/v1/traces?service=${service}&min_duration_ms=50`,
      headers: { authorization: `Bearer ${readKey}` },
    });
    expect(list.statusCode, list.body).toBe(200);
    expect(list.json().items).toEqual([
      expect.objectContaining({
        trace_id: traceId,
        root_name: 'GET /checkout',
        root_service: service,
        duration_ms: 100,
        span_count: 4,
        has_error: true,
      }),
    ]);
    const slow = await t.app.inject({
      method: 'GET',
      url: `/api/v1/traces?service=${service}&min_duration_ms=101`,
      headers: { authorization: `Bearer ${readKey}` },
    });
    expect(slow.json().items).toEqual([]);
    // Errors only: this trace has a span in error; a service's error-free traces drop out.
    const errorsOnly = (svc: string) =>
      t.app.inject({
        method: 'GET',
        url: `/api/v1/traces?service=${svc}&errors_only=true`,
        headers: { authorization: `Bearer ${readKey}` },
      });
    expect(
      (await errorsOnly(service)).json().items.map((x: { trace_id: string }) => x.trace_id),
    ).toEqual([traceId]);
    await t.db.handle.pool.query(`UPDATE spans SET status = 'ok' WHERE trace_id = $1`, [traceId]);
    expect((await errorsOnly(service)).json().items).toEqual([]);
  });
});

/** The JSON capture with its times moved to a minute ago (partitions cover recent days only). */
function captureBody(): { body: string; traceId: string } {
  const text = readFileSync(new URL('otel-js-0.223-traces-json.txt', CAPTURES), 'utf8');
  const raw = text.slice(text.indexOf('{"resourceSpans"')).trim();
  const shift = BigInt(Date.now() - 60_000) * 1_000_000n - 1795291790433000000n;
  const body = raw.replace(
    /"(\w+UnixNano)":"(\d+)"/g,
    (_m, k: string, v: string) => `"${k}":"${BigInt(v) + shift}"`,
  );
  return { body, traceId: 'f35feb30d24bda82a69bf30f2312c0af' };
}

describe('POST /v1/traces', () => {
  const post = (payload: string | Buffer, type: string, auth = `Bearer ${ingestKey}`) =>
    t.app.inject({
      method: 'POST',
      url: '/v1/traces',
      headers: { authorization: auth, 'content-type': type },
      payload,
    });

  it('replays the captured JSON body, stores a resent batch once, and links logs and errors', async () => {
    const { body, traceId } = captureBody();
    for (let i = 0; i < 2; i++) {
      const res = await post(body, 'application/json');
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toEqual({});
    }
    expect(await spanCount(traceId)).toBe(2);

    const logs = await t.app.inject({
      method: 'POST',
      url: '/api/v1/ingest/logs',
      headers: { authorization: `Bearer ${ingestKey}`, 'content-type': 'application/x-ndjson' },
      payload: `${JSON.stringify({ time: new Date().toISOString(), level: 'error', msg: 'checkout failed', service: 'demo-svc', trace_id: traceId })}\n`,
    });
    expect(logs.statusCode, logs.body).toBe(200);
    const org = await t.db.handle.pool.query("SELECT id FROM organizations WHERE slug = 'default'");
    await t.db.handle.pool.query(
      `INSERT INTO error_events (occurred_at, org_id, event_id, group_id, project_id, message, trace_id, span_id)
       VALUES (now(), $1, gen_random_uuid(), gen_random_uuid(), 1, 'boom', $2, '0b4a0cdf6030f406')`,
      [org.rows[0].id, traceId],
    );

    const res = await getTrace(traceId);
    expect(res.statusCode, res.body).toBe(200);
    const got = res.json();
    expect(got.spans.map((s: { name: string; depth: number }) => [s.name, s.depth])).toEqual([
      ['GET /checkout', 0],
      ['SELECT orders', 1],
    ]);
    expect(got.spans[0]).toMatchObject({
      service: 'demo-svc',
      kind: 'server',
      status: 'error',
      status_message: 'boom',
      status_code: 500,
    });
    expect(got.spans[0].events.map((e: { name: string }) => e.name)).toEqual([
      'cache.miss',
      'exception',
    ]);
    expect(got.spans[1].duration_ms).toBeCloseTo(18.344, 3);
    expect(got.logs).toEqual([expect.objectContaining({ message: 'checkout failed' })]);
    expect(got.errors).toEqual([
      expect.objectContaining({ message: 'boom', span_id: '0b4a0cdf6030f406' }),
    ]);

    // Another organization sees neither the trace nor its listing.
    expect((await getTrace(traceId, otherReadKey)).statusCode).toBe(404);
    const other = await t.app.inject({
      method: 'GET',
      url: '/api/v1/traces',
      headers: { authorization: `Bearer ${otherReadKey}` },
    });
    expect(other.statusCode).toBe(200);
    expect(other.json().items).toEqual([]);
  });

  it('answers protobuf with an ExportTraceServiceResponse counting rejected spans', async () => {
    const root = loadOtlpRoot(['trace_service.proto']);
    const Req = root.lookupType('opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest');
    const Res = root.lookupType(
      'opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse',
    );
    const now = BigInt(Date.now()) * 1_000_000n;
    const traceId = Buffer.from('0af7651916cd43dd8448eb211c80319c', 'hex');
    const msg = Req.create({
      resourceSpans: [
        {
          resource: { attributes: [{ key: 'service.name', value: { stringValue: 'proto-tr' } }] },
          scopeSpans: [
            {
              spans: [
                {
                  traceId,
                  spanId: Buffer.from('b7ad6b7169203331', 'hex'),
                  name: 'ok',
                  kind: 2,
                  startTimeUnixNano: String(now - 5_000_000n),
                  endTimeUnixNano: String(now),
                },
                { traceId, spanId: Buffer.from('00', 'hex'), name: 'bad id' },
              ],
            },
          ],
        },
      ],
    });
    const res = await post(Buffer.from(Req.encode(msg).finish()), 'application/x-protobuf');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toMatch(/x-protobuf/);
    const out = Res.toObject(Res.decode(res.rawPayload), { longs: String }) as {
      partialSuccess?: { rejectedSpans: string };
    };
    expect(out.partialSuccess?.rejectedSpans).toBe('1');
    const got = (await getTrace('0AF7651916CD43DD8448EB211C80319C')).json();
    expect(got.spans).toEqual([
      expect.objectContaining({ name: 'ok', kind: 'server', duration_ms: 5 }),
    ]);
  });

  it('refuses malformed bodies with 400 problem bodies and writes nothing', async () => {
    const { body, traceId } = captureBody();
    const truncated = body.slice(0, body.length - 40).replace(traceId, 'aa'.repeat(16));
    for (const [payload, type] of [
      [Buffer.from([0x0a, 0xff, 0xff]), 'application/x-protobuf'],
      [truncated, 'application/json'],
      ['{"resourceSpans": {"spans": 1}}', 'application/json'],
      ['[1,2]', 'application/json'],
    ] as const) {
      const res = await post(payload, type);
      expect(res.statusCode, res.body).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
    expect(await spanCount('aa'.repeat(16))).toBe(0);
  });

  it('refuses a request without a key with 401 and WWW-Authenticate', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/traces',
      headers: { 'content-type': 'application/json' },
      payload: '{}',
    });
    expect(res.statusCode).toBe(401);
    expect(res.headers['www-authenticate']).toBeTruthy();
    expect((await getTrace('f'.repeat(32), '')).statusCode).toBe(401);
  });
});
