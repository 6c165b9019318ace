import { fileURLToPath } from 'node:url';
import protobuf from 'protobufjs';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../platform/errors.ts';
import { decodeWriteRequest, toWriteInput } from './remote-write.ts';
import { readWriteRequest } from './remote-write-wire.ts';

const root = protobuf.loadSync(fileURLToPath(new URL('remote.proto', import.meta.url)));
const WriteRequest = root.lookupType('prometheus.WriteRequest');

interface Plain {
  timeseries: {
    labels: { name: string; value: string }[];
    samples: { value: number; timestamp: number }[];
  }[];
  metadata: { type: number; metricFamilyName: string; help: string; unit: string }[];
}

/** What protobufjs (the generic decoder) reads from the same bytes. */
function reference(buf: Uint8Array): Plain {
  const o = WriteRequest.toObject(WriteRequest.decode(buf), {
    longs: Number,
    enums: Number,
    defaults: true,
    arrays: true,
  }) as Plain;
  return o;
}

function ours(buf: Uint8Array): Plain {
  const r = readWriteRequest(Buffer.from(buf));
  return {
    timeseries: r.timeseries.map((t) => ({ labels: t.labels(), samples: t.samples })),
    metadata: r.metadata,
  };
}

let seed = 42;
const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) as number;
const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)]!;

function randomRequest(): Plain {
  const values = [0, -0, 1.5, -2e300, 5e-324, NaN, Infinity, -Infinity, 123456789.123];
  const times = [0, 1, 1_700_000_000_123, -5, 2 ** 53 - 1, -(2 ** 40)];
  return {
    timeseries: Array.from({ length: Math.floor(rand() * 5) }, () => ({
      labels: Array.from({ length: Math.floor(rand() * 4) }, () => ({
        name: pick(['__name__', 'job', 'le', 'é', '']),
        value: pick(['', 'up', 'ünïcödé 🚀', 'x'.repeat(300)]),
      })),
      samples: Array.from({ length: Math.floor(rand() * 4) }, () => ({
        value: pick(values),
        timestamp: pick(times),
      })),
    })),
    metadata: Array.from({ length: Math.floor(rand() * 3) }, () => ({
      type: Math.floor(rand() * 8),
      metricFamilyName: pick(['up', 'http_requests', '']),
      help: pick(['', 'Help text.']),
      unit: pick(['', 'seconds']),
    })),
  };
}

describe('readWriteRequest (hand-written remote write decoder)', () => {
  it('reads what protobufjs reads, over 500 random requests', () => {
    for (let i = 0; i < 500; i++) {
      const bytes = WriteRequest.encode(WriteRequest.fromObject(randomRequest())).finish();
      expect(ours(bytes)).toEqual(reference(bytes));
    }
  });

  it('skips unknown fields of every wire type, groups included, and keeps the last scalar', () => {
    // TimeSeries { label{name:"__name__",value:"up"}, unknown varint, sample, unknown fixed32,
    // group 9 { varint }, sample with value twice }, then an unknown top-level fixed64.
    const label = [0x0a, 0x0e, 0x0a, 0x08, ...Buffer.from('__name__'), 0x12, 0x02, 0x75, 0x70];
    const sample = [0x12, 0x0b, 0x09, ...new Uint8Array(new Float64Array([2]).buffer), 0x10, 0x07];
    const twice = [0x12, 0x12, 0x09, ...new Uint8Array(new Float64Array([3]).buffer)];
    twice.push(0x09, ...new Uint8Array(new Float64Array([4]).buffer));
    const ts = [...label, 0x30, 0x96, 0x01, ...sample, 0x3d, 1, 2, 3, 4, 0x4b, 0x08, 0x01, 0x4c];
    ts.push(...twice);
    const body = [0x0a, ts.length, ...ts, 0x49, 1, 2, 3, 4, 5, 6, 7, 8];
    const bytes = Uint8Array.from(body);
    expect(ours(bytes)).toEqual(reference(bytes));
    const r = ours(bytes);
    expect(r.timeseries[0]!.samples).toEqual([
      { value: 2, timestamp: 7 },
      { value: 4, timestamp: 0 },
    ]);
  });

  it('keys a series by its label bytes, even when samples come between its labels', () => {
    const enc = (o: Plain) => WriteRequest.encode(WriteRequest.fromObject(o)).finish();
    const one = {
      timeseries: [
        {
          labels: [
            { name: '__name__', value: 'up' },
            { name: 'job', value: 'a' },
          ],
          samples: [{ value: 1, timestamp: 1 }],
        },
      ],
      metadata: [],
    };
    const a = readWriteRequest(Buffer.from(enc(one)));
    const b = readWriteRequest(
      Buffer.from(enc({ ...one, timeseries: [{ ...one.timeseries[0]!, samples: [] }] })),
    );
    expect(a.timeseries[0]!.labelKey).toBe(b.timeseries[0]!.labelKey);
    // label, sample, label: the key is the two labels' bytes joined.
    const l1 = [0x0a, 0x0e, 0x0a, 0x08, ...Buffer.from('__name__'), 0x12, 0x02, 0x75, 0x70];
    const l2 = [0x0a, 0x08, 0x0a, 0x03, ...Buffer.from('job'), 0x12, 0x01, 0x61];
    const s = [0x12, 0x02, 0x10, 0x01];
    const ts = [...l1, ...s, ...l2];
    const split = readWriteRequest(Buffer.from([0x0a, ts.length, ...ts]));
    expect(split.timeseries[0]!.labelKey).toBe(a.timeseries[0]!.labelKey);
  });

  it('throws on truncated or malformed bytes, as protobufjs does, and the API answers 400', () => {
    const good = WriteRequest.encode(WriteRequest.fromObject(randomRequest())).finish();
    const bad = [
      Uint8Array.from([0x0a, 0x05, 0x0a]), // length past the end
      Uint8Array.from([0x0a, 0x80]), // truncated varint
      Uint8Array.from([0x0f]), // wire type 7
      Uint8Array.from([0x0a, 0x06, 0x0a, 0x04, 0x0a, 0x02, 0xff, 0xfe]), // invalid UTF-8 name
      Uint8Array.from([0x0a, 0x03, 0x12, 0x01, 0x09]), // truncated double
      Uint8Array.from([0x09, 1, 2]), // truncated fixed64
    ];
    if (good.length > 3) bad.push(Uint8Array.from(good.subarray(0, good.length - 1)));
    for (const b of bad) {
      expect(() => reference(b), `protobufjs on ${Buffer.from(b).toString('hex')}`).toThrow();
      expect(() => toWriteInput(decodeWriteRequest(Buffer.from(b)))).toThrow(AppError);
    }
  });

  it('merges one series named twice in a request, however its labels are encoded', () => {
    const bytes = WriteRequest.encode(
      WriteRequest.fromObject({
        timeseries: [
          {
            labels: [
              { name: '__name__', value: 'merge_me' },
              { name: 'a', value: '1' },
            ],
            samples: [{ value: 1, timestamp: 10 }],
          },
          { labels: [{ name: 'x', value: '' }], samples: [{ value: 9, timestamp: 10 }] },
          {
            labels: [
              { name: 'a', value: '1' },
              { name: 'b', value: '' },
              { name: '__name__', value: 'merge_me' },
            ],
            samples: [{ value: 2, timestamp: 20 }],
          },
        ],
      }),
    ).finish();
    for (let i = 0; i < 3; i++) {
      const out = toWriteInput(decodeWriteRequest(Buffer.from(bytes)));
      expect(out.series).toHaveLength(1);
      expect(out.series[0]!.samples).toEqual([
        { timeMs: 10, value: 1 },
        { timeMs: 20, value: 2 },
      ]);
      expect(out.rejected).toBe(1);
    }
  });

  it('validates series the same on a cache hit as on the first sight', () => {
    const bytes = WriteRequest.encode(
      WriteRequest.fromObject({
        timeseries: [
          { labels: [{ name: 'job', value: 'x' }], samples: [{ value: 1, timestamp: 5 }] },
          {
            labels: [
              { name: '__name__', value: 'm' },
              { name: 'le', value: '0.5' },
            ],
            samples: [{ value: 1, timestamp: 5 }],
          },
        ],
      }),
    ).finish();
    for (let i = 0; i < 2; i++) {
      const out = toWriteInput(decodeWriteRequest(Buffer.from(bytes)));
      expect(out.rejected).toBe(1);
      expect(out.firstError).toBe('series without __name__');
      expect(out.series).toEqual([
        expect.objectContaining({
          name: 'm',
          labels: { le: '0.5' },
          samples: [{ timeMs: 5, value: 1 }],
        }),
      ]);
    }
  });
});
