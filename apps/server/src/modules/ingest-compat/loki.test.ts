import { describe, expect, it } from 'vitest';
import { loadCapture } from '../../../test/client-captures.ts';
import { LabelsError, parseLabels } from './loki-labels.ts';
import { LokiBodyError, parseLokiJson } from './loki-json.ts';
import { mapLokiEntry } from './loki-map.ts';
import {
  decodePushRequest,
  encodePushRequest,
  ProtobufError,
  type LokiStream,
} from './loki-proto.ts';

const NOW = '2026-11-21T20:30:00.000000Z';

describe('Loki labels', () => {
  it('parses selectors with escapes', () => {
    expect(parseLabels('{app="demo", env="te\\"st", path="a\\\\b"}')).toEqual({
      app: 'demo',
      env: 'te"st',
      path: 'a\\b',
    });
    expect(parseLabels('{}')).toEqual({});
  });
  it.each(['app="x"', '{app=x}', '{app="x"', '{="x"}', '{a="1" b="2"}'])('refuses %s', (s) =>
    expect(() => parseLabels(s)).toThrow(LabelsError),
  );
});

describe('Loki JSON push', () => {
  it('maps the pino-loki capture: labels, pino JSON lines, error stack', () => {
    const cap = loadCapture('pino-loki-3.0-loki-push-json.txt');
    const streams = parseLokiJson(cap.bodies[0] as string);
    const records = streams.flatMap((s) => s.entries.map((e) => mapLokiEntry(s.labels, e, NOW)));
    expect(records.map((r) => [r.level, r.service, r.environment, r.host, r.message])).toEqual([
      ['info', 'demo', 'test', 'vm', 'order placed'],
      ['error', 'demo', 'test', 'vm', 'payment failed'],
      ['warning', 'demo', 'test', 'vm', 'disk almost full'],
    ]);
    expect(records[0]?.time).toBe('2026-11-21T20:26:15.087000Z');
    expect(records[0]?.attributes).toEqual({ pid: 17106, orderId: 42 });
    expect(records[1]).toMatchObject({ errorType: 'Error', errorMessage: 'payment failed' });
    expect(records[1]?.errorStack).toContain('\n    at Object.<anonymous>');
    expect(new Set(records.map((r) => r.recordId)).size).toBe(3);
  });

  it('keeps a plain line as the message and maps structured metadata', () => {
    const [s] = parseLokiJson(
      JSON.stringify({
        streams: [
          {
            stream: { job: 'varlogs', level: 'debug', cluster: 'eu' },
            values: [
              ['1700000000000000001', 'a "quoted" \\ line', { trace_id: 'AB'.repeat(16), k: 'v' }],
            ],
          },
        ],
      }),
    );
    const r = mapLokiEntry(s!.labels, s!.entries[0]!, NOW);
    expect(r).toMatchObject({
      service: 'varlogs',
      level: 'debug',
      message: 'a "quoted" \\ line',
      traceId: 'ab'.repeat(16),
      attributes: { k: 'v' },
      resource: { cluster: 'eu' },
    });
  });

  it('accepts the legacy labels/entries form', () => {
    const [s] = parseLokiJson(
      '{"streams":[{"labels":"{app=\\"x\\"}","entries":[{"ts":"2026-01-01T00:00:00.5Z","line":"l"}]}]}',
    );
    expect(s?.labels).toEqual({ app: 'x' });
    expect(s?.entries[0]?.tsNanos).toBe(1767225600500000000n);
  });

  it.each([
    ['not JSON', '{'],
    ['no streams', '{"x":1}'],
    ['values not an array', '{"streams":[{"stream":{},"values":1}]}'],
    ['a bad timestamp', '{"streams":[{"stream":{},"values":[["soon","x"]]}]}'],
    ['a non-string line', '{"streams":[{"stream":{},"values":[["1",5]]}]}'],
    ['a non-string label', '{"streams":[{"stream":{"a":1},"values":[]}]}'],
  ])('refuses %s', (_w, body) => expect(() => parseLokiJson(body)).toThrow(LokiBodyError));
});

describe('Loki protobuf', () => {
  it('round-trips a PushRequest', () => {
    const streams: LokiStream[] = [
      {
        labels: '{app="demo"}',
        entries: [
          { tsNanos: 1795292775087000123n, line: 'é "x" \\', metadata: { trace_id: 'abc' } },
          { tsNanos: 1795292775088000000n, line: '', metadata: {} },
        ],
      },
    ];
    expect(decodePushRequest(encodePushRequest(streams))).toEqual(streams);
  });

  it.each([
    ['truncated', Uint8Array.from([0x0a, 0x10, 0x0a])],
    ['a wrong wire type', Uint8Array.from([0x08, 0x01])],
    ['garbage', Buffer.from('hello world, not protobuf')],
    ['field 0', Uint8Array.from([0x00, 0x00])],
  ])('refuses %s', (_w, buf) => expect(() => decodePushRequest(buf)).toThrow(ProtobufError));
});
