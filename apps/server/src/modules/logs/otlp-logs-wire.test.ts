import { describe, expect, it } from 'vitest';
import { DEFAULT_SCRUB_POLICY, type IngestContext } from '../ingest/index.ts';
import { loadOtlpRoot } from './otlp/decode.ts';
import { decodeLogsProtobuf, otlpLogsToRows } from './otlp-logs.ts';
import { readLogsRequestRows } from './otlp-logs-wire.ts';

// The hand-written reader against the reference (protobufjs, then otlpLogsToRows): the same
// rows, rejections and 400s for the same bytes.

const root = loadOtlpRoot(['logs_service.proto']);
const Req = root.lookupType('opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest');
const encode = (o: object) => Buffer.from(Req.encode(Req.fromObject(o)).finish());

const ctx: IngestContext = {
  orgId: '00000000-0000-4000-8000-000000000001',
  apiKeyId: null,
  projectIds: null,
  projectId: 7,
  source: 'otlp-logs',
  scrub: DEFAULT_SCRUB_POLICY,
};
const now = new Date('2026-12-01T10:00:00.123Z');

type Outcome = { ok: true; value: unknown } | { ok: false; status: string };
function run(f: () => unknown): Outcome {
  try {
    return { ok: true, value: f() };
  } catch (err) {
    return { ok: false, status: (err as { code?: string }).code ?? String(err) };
  }
}
const reference = (b: Buffer) => run(() => otlpLogsToRows(decodeLogsProtobuf(b), ctx, now));
const wire = (b: Buffer) => run(() => readLogsRequestRows(b, ctx, now));

// Raw wire pieces, for what protobufjs will not encode (unknown fields, repeats, bad bytes).
function varint(n: bigint | number): Buffer {
  let v = BigInt.asUintN(64, BigInt(n));
  const out: number[] = [];
  do {
    const b = Number(v & 0x7fn);
    v >>= 7n;
    out.push(v ? b | 0x80 : b);
  } while (v);
  return Buffer.from(out);
}
const tag = (field: number, wt: number) => varint(field * 8 + wt);
const ld = (field: number, ...parts: Buffer[]) => {
  const body = Buffer.concat(parts);
  return Buffer.concat([tag(field, 2), varint(body.length), body]);
};
const vf = (field: number, n: bigint | number) => Buffer.concat([tag(field, 0), varint(n)]);
const str = (field: number, s: string) => ld(field, Buffer.from(s));
const unknowns = Buffer.concat([
  vf(99, 12345678901234n),
  Buffer.concat([tag(98, 1), Buffer.alloc(8, 1)]),
  Buffer.concat([tag(97, 5), Buffer.alloc(4, 2)]),
  ld(96, Buffer.from('anything')),
  Buffer.concat([tag(95, 3), vf(1, 5), tag(94, 3), tag(94, 4), tag(95, 4)]),
]);
/** Request > ResourceLogs > ScopeLogs > the given LogRecord bodies (raw fields). */
const wrapRecords = (...records: Buffer[]) =>
  ld(
    1,
    ld(1, ld(1, str(1, 'service.name'), ld(2, str(1, 'raw-svc')))),
    ld(2, ...records.map((r) => ld(2, r))),
  );
const anyStr = (s: string) => str(1, s);
const kv = (key: string, ...value: Buffer[]) => ld(6, str(1, key), ...value.map((v) => ld(2, v)));

const kvs = (o: Record<string, object>) =>
  Object.entries(o).map(([key, value]) => ({ key, value }));
// Past the value depth limit (32): the innermost values become null.
let nested: object = { stringValue: 'bottom' };
for (let i = 0; i < 36; i++) nested = { arrayValue: { values: [nested, { intValue: i }] } };
let mixed: object = { stringValue: 'bottom' };
for (let i = 0; i < 10; i++) {
  mixed =
    i % 2
      ? { arrayValue: { values: [mixed, { intValue: i }] } }
      : { kvlistValue: { values: [{ key: `k${i}`, value: mixed }] } };
}
const TRACE = Buffer.from('0af7651916cd43dd8448eb211c80319c', 'hex');
const SPAN = Buffer.from('b7ad6b7169203331', 'hex');

const rich = encode({
  resourceLogs: [
    {
      resource: {
        attributes: kvs({
          'service.name': { stringValue: 'checkout' },
          'deployment.environment': { stringValue: 'prod' },
          'host.name': { stringValue: 'vm-1' },
          password: { stringValue: 'hunter2' },
        }),
        droppedAttributesCount: 3,
      },
      schemaUrl: 'https://opentelemetry.io/schemas/1.21.0',
      scopeLogs: [
        {
          scope: { name: 'lib', version: '1.0', attributes: kvs({ a: { boolValue: true } }) },
          logRecords: [
            {
              timeUnixNano: '1795292113471123456',
              observedTimeUnixNano: '1795292113471999999',
              severityNumber: 17,
              severityText: 'ERROR',
              body: { stringValue: 'paid with 4111 1111 1111 1111' },
              attributes: kvs({
                'http.response.status_code': { intValue: 502 },
                'http.method': { stringValue: 'POST' },
                'url.path': { stringValue: '/pay' },
                big: { intValue: '9007199254740993' },
                safe: { intValue: '9007199254740991' },
                neg: { intValue: -5 },
                min: { intValue: '-9223372036854775808' },
                negBig: { intValue: '-4294967296' },
                dbl: { doubleValue: 1.5 },
                nan: { doubleValue: NaN },
                inf: { doubleValue: -Infinity },
                zero: { doubleValue: -0 },
                no: { boolValue: false },
                empty: { stringValue: '' },
                raw: { bytesValue: Buffer.from([0, 1, 2, 250]) },
                noBytes: { bytesValue: Buffer.alloc(0) },
                utf: { stringValue: 'héllo ✓ \u{1F600} \uFEFFbom' },
                none: {},
                api_key: { stringValue: 'k-1' },
                '': { stringValue: 'dropped' },
                'log.record.uid': { stringValue: 'not-a-uuid' },
                deep: nested,
                mixed,
                list: { arrayValue: { values: [{ stringValue: 'a' }, {}, { intValue: 3 }] } },
                map: { kvlistValue: { values: kvs({ x: { doubleValue: 2 }, y: {} }) } },
              }),
              droppedAttributesCount: 1,
              flags: 1,
              traceId: TRACE,
              spanId: SPAN,
              eventName: 'payment.failed',
            },
            {
              severityText: 'WARN2',
              body: { kvlistValue: { values: kvs({ n: { intValue: 1 } }) } },
            },
            { severityNumber: 99, body: { stringValue: 'bad severity' } },
            { severityNumber: 9, traceId: Buffer.alloc(16), spanId: Buffer.from([1, 2, 3]) },
            { severityNumber: 9, traceId: Buffer.alloc(16), spanId: Buffer.from([1, 2, 3]) },
            { timeUnixNano: '18446744073709551615', body: { arrayValue: { values: [] } } },
            { timeUnixNano: '1', observedTimeUnixNano: '4611686018427387904' },
            {
              attributes: kvs({
                'log.record.uid': { stringValue: 'A3BB189E-8BF9-3888-9912-ACE4E6543002' },
                'otel.scope.name': { stringValue: 'overridden' },
              }),
              body: { bytesValue: Buffer.from('hi') },
            },
          ],
        },
        { logRecords: [{ body: { doubleValue: 3.25 } }] },
      ],
    },
    { scopeLogs: [{ scope: { name: '' }, logRecords: [{ severityNumber: 5 }] }] },
    {},
  ],
});

const cases: Record<string, Buffer> = {
  empty: Buffer.alloc(0),
  'empty resource logs': encode({ resourceLogs: [{}, { scopeLogs: [{}] }] }),
  rich,
  'unknown fields at every level': Buffer.concat([
    unknowns,
    ld(
      1,
      unknowns,
      ld(1, unknowns, ld(1, str(1, 'service.name'), unknowns, ld(2, anyStr('u'), unknowns))),
      ld(
        2,
        unknowns,
        ld(1, str(1, 'sc'), unknowns),
        ld(2, vf(2, 9), unknowns, kv('a', anyStr('b'))),
      ),
    ),
  ]),
  'known fields with another wire type are skipped': wrapRecords(
    Buffer.concat([ld(2, Buffer.from('x')), vf(3, 1), vf(1, 5), ld(8, Buffer.alloc(2)), vf(9, 1)]),
  ),
  'repeated scalars keep the last value': wrapRecords(
    Buffer.concat([vf(2, 9), vf(2, 13), str(3, 'a'), str(3, ''), str(12, 'e1'), str(12, 'e2')]),
  ),
  'repeated messages merge': Buffer.concat([
    wrapRecords(
      Buffer.concat([ld(5, anyStr('first')), ld(5, vf(3, 7)), kv('x', vf(3, 1), anyStr('s'))]),
      Buffer.concat([ld(5, ld(5, ld(1, anyStr('a')))), ld(5, ld(5, ld(1, vf(2, 1))))]),
      Buffer.concat([ld(5, ld(6, ld(1, str(1, 'p'), ld(2, vf(3, 1))))), ld(5, vf(3, 4))]),
      Buffer.concat([ld(5, ld(6, ld(1, str(1, 'p'), ld(2, vf(3, 1))))), ld(5, ld(6, kv('p')))]),
    ),
    ld(
      1,
      ld(1, ld(1, str(1, 'service.name'), ld(2, anyStr('one')))),
      ld(1, ld(1, str(1, 'host.name'), ld(2, anyStr('h')))),
      ld(2, ld(1, str(1, 's1'), str(2, 'v1')), ld(1, str(2, 'v2')), ld(2, vf(2, 1))),
    ),
  ]),
  'oneof members: the one read last wins': wrapRecords(
    Buffer.concat([ld(5, vf(3, 1), Buffer.concat([tag(4, 1), Buffer.alloc(8)]), anyStr('s'))]),
    Buffer.concat([ld(5, ld(7, Buffer.from('b')), vf(2, 1))]),
  ),
  'negative severity': wrapRecords(vf(2, -1)),
  'scope after its records': ld(1, ld(2, ld(2, vf(2, 9)), ld(1, str(1, 'late')))),
  'resource after its scopes': ld(
    1,
    ld(2, ld(2, vf(2, 9))),
    ld(1, kv('service.name', anyStr('late'))),
  ),
};

function deepArray(levels: number): Buffer {
  let v = anyStr('x');
  for (let i = 0; i < levels; i++) v = ld(5, ld(1, v));
  return wrapRecords(ld(5, v));
}

const malformed: Record<string, Buffer> = {
  'truncated varint': Buffer.from([0x0a, 0xff]),
  'length past the end': Buffer.from([0x0a, 0xff, 0xff]),
  'overlong nested length': ld(1, Buffer.from([0x12, 0x05, 0x00])),
  'wire type 6': Buffer.from([0x0e]),
  'wire type 7': ld(1, Buffer.from([0x0f])),
  'stray end group': Buffer.from([0x0c]),
  'field number 0': ld(1, Buffer.from([0x00, 0x01])),
  'unterminated group': Buffer.concat([tag(5, 3), vf(1, 1)]),
  'mismatched end group': Buffer.concat([tag(5, 3), tag(6, 4)]),
  'varint of 11 bytes': wrapRecords(Buffer.concat([tag(2, 0), Buffer.alloc(10, 0xff), varint(1)])),
  'invalid UTF-8 in a value': wrapRecords(ld(5, ld(1, Buffer.from([0x61, 0xc3, 0x28])))),
  'invalid UTF-8 in a long value': wrapRecords(
    ld(5, ld(1, Buffer.alloc(70, 0x61), Buffer.from([0xff]))),
  ),
  'invalid UTF-8 in a schema URL': ld(1, ld(3, Buffer.from([0xfe]))),
  'truncated fixed64': wrapRecords(Buffer.concat([tag(1, 1), Buffer.alloc(5)])),
  'values nested past the depth limit': deepArray(60),
};

describe('OTLP logs protobuf reader', () => {
  it('reads the same rows as protobufjs and otlpLogsToRows', () => {
    for (const [name, bytes] of Object.entries(cases)) {
      const ref = reference(bytes);
      expect(ref.ok, name).toBe(true);
      expect(wire(bytes), name).toEqual(ref);
    }
    const value = (reference(rich) as { value: { rows: unknown[]; rejected: number } }).value;
    expect(value.rows.length).toBe(9);
    expect(value.rejected).toBe(1);
    const deep = deepArray(30);
    expect(reference(deep).ok).toBe(true);
    expect(wire(deep)).toEqual(reference(deep));
  });

  it('rejects malformed bytes with a 400 as protobufjs does', () => {
    for (const [name, bytes] of Object.entries(malformed)) {
      expect(reference(bytes), name).toEqual({ ok: false, status: 'VALIDATION' });
      expect(wire(bytes), name).toEqual({ ok: false, status: 'VALIDATION' });
    }
  });

  it('agrees on every truncation and on random corruptions of a valid request', () => {
    const small = cases['repeated messages merge']!;
    for (const bytes of [rich, small]) {
      for (let n = 0; n < bytes.length; n++) {
        const cut = bytes.subarray(0, n);
        expect(wire(cut), `first ${n} bytes`).toEqual(reference(cut));
      }
    }
    let seed = 42;
    const rand = (k: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % k;
    };
    for (let i = 0; i < 3000; i++) {
      const bytes = Buffer.from(i % 2 ? rich : small);
      for (let j = 0, n = 1 + rand(3); j < n; j++) bytes[rand(bytes.length)] = rand(256);
      expect(wire(bytes), `corruption ${i}`).toEqual(reference(bytes));
    }
  });
});
