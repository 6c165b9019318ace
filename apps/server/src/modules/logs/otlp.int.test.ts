import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { SeverityNumber } from '@opentelemetry/api-logs';
import { OTLPLogExporter as HttpJsonExporter } from '@opentelemetry/exporter-logs-otlp-http';
import { OTLPLogExporter as ProtoExporter } from '@opentelemetry/exporter-logs-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BatchLogRecordProcessor,
  LoggerProvider,
  type LogRecordExporter,
} from '@opentelemetry/sdk-logs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../../test/app.ts';
import { CAPTURES_DIR } from '../../../test/client-captures.ts';
import { createIdentityTestApp, createKey } from '../../../test/identity.ts';
import { loadOtlpRoot } from './otlp/decode.ts';

let t: TestApp;
let key: string;
let base: string;

const CAPTURES = pathToFileURL(CAPTURES_DIR + '/');

async function rows(service: string) {
  const r = await t.db.handle.pool.query(
    `SELECT * FROM log_records WHERE service = $1 ORDER BY message`,
    [service],
  );
  return r.rows;
}

/** The record's own time (kept aside when outside the partitions the test database has). */
function storedTime(r: { time: Date; attributes: Record<string, string> }) {
  return new Date(r.attributes['pharos.original_time'] ?? r.time).toISOString();
}

beforeAll(async () => {
  t = await createIdentityTestApp();
  key = await createKey(t, { scopes: ['ingest'] });
  base = await t.app.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(async () => t?.close());

async function sendWith(exporter: LogRecordExporter, service: string) {
  const provider = new LoggerProvider({
    resource: resourceFromAttributes({
      'service.name': service,
      'service.version': '1.2.3',
      'deployment.environment.name': 'demo',
      'host.name': 'vm',
    }),
    processors: [new BatchLogRecordProcessor({ exporter })],
  });
  const logger = provider.getLogger('demo-logger', '0.1.0');
  logger.emit({
    severityNumber: SeverityNumber.ERROR,
    severityText: 'ERROR',
    body: 'payment failed',
    attributes: {
      'order.id': 42,
      'user.email': 'alice@example.com',
      'http.response.status_code': 502,
      api_key: 'k-1',
    },
  });
  logger.emit({ severityNumber: SeverityNumber.WARN, body: { structured: true, n: 1 } });
  logger.emit({ severityText: 'fatal', body: 'no number' });
  await provider.forceFlush();
  await provider.shutdown();
}

describe('OTLP/HTTP logs from the real OpenTelemetry JS 0.223 exporters', () => {
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
  ])('stores what the %s exporter sends', async (name, make) => {
    const service = `svc-${name.replace(/\W/g, '')}`;
    await sendWith(make(`${base}/v1/logs`, { Authorization: `Bearer ${key}` }), service);
    const got = await rows(service);
    expect(got.map((r) => r.message)).toEqual([
      'no number',
      'payment failed',
      '{"structured":true,"n":1}',
    ]);
    const pay = got.find((r) => r.message === 'payment failed');
    expect(pay).toMatchObject({
      level: 'error',
      severity_number: 17,
      environment: 'demo',
      host: 'vm',
      status_code: 502,
      category: 'demo-logger',
    });
    expect(pay.attributes).toMatchObject({
      'order.id': 42,
      'user.email': 'alice@example.com',
      api_key: '[Filtered]',
    });
    expect(pay.resource).toMatchObject({ 'service.name': service, 'service.version': '1.2.3' });
    expect(got.find((r) => r.message === 'no number')?.level).toBe('critical');
    expect(got.find((r) => r.message.startsWith('{'))?.level).toBe('warning');
  });

  it('replays the captured JSON body and answers an ExportLogsServiceResponse', async () => {
    const text = readFileSync(new URL('otel-js-0.223-logs-json.txt', CAPTURES), 'utf8');
    const body = text.slice(text.indexOf('{"resourceLogs"')).trim();
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/logs',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      payload: body,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({});
    const [r] = await rows('demo-svc');
    expect(r).toMatchObject({
      message: 'payment failed',
      level: 'error',
      environment: 'demo',
      severity_number: 17,
    });
    expect(storedTime(r)).toBe('2026-11-21T20:09:50.455Z');
    expect(r.resource['process.command_args']).toEqual([
      '/usr/bin/node',
      '/srv/app/otel-client.cjs',
      'json',
    ]);
    expect(r.attributes).toMatchObject({
      'order.id': 42,
      'user.email': 'alice@example.com',
      'otel.scope.name': 'demo-logger',
    });
  });

  it('decodes the captured protobuf content (gzip), with ids as bytes, and reports invalid records', async () => {
    const root = loadOtlpRoot(['logs_service.proto']);
    const Req = root.lookupType('opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest');
    const Res = root.lookupType('opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse');
    const kv = (key: string, value: object) => ({ key, value });
    const msg = Req.create({
      resourceLogs: [
        {
          resource: {
            attributes: [
              kv('service.name', { stringValue: 'proto-capture' }),
              kv('deployment.environment', { stringValue: 'prod' }),
            ],
          },
          scopeLogs: [
            {
              scope: { name: 'demo-logger' },
              logRecords: [
                {
                  timeUnixNano: '1795292113471000000',
                  observedTimeUnixNano: '1795292113471000000',
                  severityNumber: 17,
                  severityText: 'ERROR',
                  body: { stringValue: 'payment failed' },
                  attributes: [
                    kv('order.id', { intValue: 42 }),
                    kv('user.email', { stringValue: 'alice@example.com' }),
                  ],
                  traceId: Buffer.from('0af7651916cd43dd8448eb211c80319c', 'hex'),
                  spanId: Buffer.from('b7ad6b7169203331', 'hex'),
                },
                { severityNumber: 99, body: { stringValue: 'bad severity' } },
              ],
            },
          ],
        },
      ],
    });
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/logs',
      headers: {
        authorization: `Bearer ${key}`,
        'content-type': 'application/x-protobuf',
        'content-encoding': 'gzip',
      },
      payload: gzipSync(Req.encode(msg).finish()),
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toMatch(/x-protobuf/);
    const out = Res.toObject(Res.decode(res.rawPayload), { longs: String }) as {
      partialSuccess?: { rejectedLogRecords: string };
    };
    expect(out.partialSuccess?.rejectedLogRecords).toBe('1');
    const [r] = await rows('proto-capture');
    expect(r).toMatchObject({
      message: 'payment failed',
      trace_id: '0af7651916cd43dd8448eb211c80319c',
      span_id: 'b7ad6b7169203331',
      environment: 'prod',
    });
    expect(storedTime(r)).toBe('2026-11-21T20:15:13.471Z');
    const bad = await t.app.inject({
      method: 'POST',
      url: '/v1/logs',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/x-protobuf' },
      payload: Buffer.from([0x0a, 0xff, 0xff]),
    });
    expect(bad.statusCode).toBe(400);
  });

  it('keeps a record whose status code is not a whole number, without the status column', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/logs',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      payload: {
        resourceLogs: [
          {
            resource: {
              attributes: [{ key: 'service.name', value: { stringValue: 'odd-status' } }],
            },
            scopeLogs: [
              {
                logRecords: [
                  {
                    body: { stringValue: 'half a status' },
                    attributes: [
                      { key: 'http.response.status_code', value: { doubleValue: 200.5 } },
                    ],
                  },
                  {
                    body: { stringValue: 'whole status' },
                    attributes: [{ key: 'http.response.status_code', value: { intValue: '404' } }],
                  },
                ],
              },
            ],
          },
        ],
      },
    });
    expect(res.statusCode, res.body).toBe(200);
    const stored = await rows('odd-status');
    expect(stored.map((r) => [r.message, r.status_code])).toEqual([
      ['half a status', null],
      ['whole status', 404],
    ]);
    expect(stored[0].attributes['http.response.status_code']).toBe(200.5);
  });
});
