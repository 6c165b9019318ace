import protobuf from 'protobufjs/minimal.js';

// Loki's push.proto (pkg/push/push.proto), decoded by hand with protobufjs's Reader: the
// message is small and fixed, and a hand decoder checks wire types instead of trusting them.
//   PushRequest      { repeated StreamAdapter streams = 1; }
//   StreamAdapter    { string labels = 1; repeated EntryAdapter entries = 2; uint64 hash = 3; }
//   EntryAdapter     { Timestamp timestamp = 1; string line = 2; repeated LabelPairAdapter structuredMetadata = 3; }
//   LabelPairAdapter { string name = 1; string value = 2; }
//   Timestamp        { int64 seconds = 1; int32 nanos = 2; }

export interface LokiEntry {
  /** Nanoseconds since the epoch. */
  tsNanos: bigint;
  line: string;
  metadata: Record<string, string>;
}

export interface LokiStream {
  labels: string;
  entries: LokiEntry[];
}

export class ProtobufError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProtobufError';
  }
}

const LEN = 2;
const VARINT = 0;

type Reader = protobuf.Reader;

function expectWire(tag: number, wire: number, what: string) {
  if ((tag & 7) !== wire) throw new ProtobufError(`${what} has wire type ${tag & 7}`);
}

function readMessage(r: Reader, fn: (tag: number, end: number) => void) {
  const len = r.uint32();
  const end = r.pos + len;
  if (end > r.len) throw new ProtobufError('a length runs past the end of the body');
  while (r.pos < end) fn(r.uint32(), end);
  if (r.pos !== end) throw new ProtobufError('a field runs past the end of its message');
}

function readTimestamp(r: Reader): bigint {
  let seconds = 0n;
  let nanos = 0n;
  readMessage(r, (tag) => {
    const field = tag >>> 3;
    if (field === 1) {
      expectWire(tag, VARINT, 'Timestamp.seconds');
      seconds = BigInt(r.int64().toString());
    } else if (field === 2) {
      expectWire(tag, VARINT, 'Timestamp.nanos');
      nanos = BigInt(r.int32());
    } else r.skipType(tag & 7);
  });
  return seconds * 1_000_000_000n + nanos;
}

function readLabelPair(r: Reader): [string, string] {
  let name = '';
  let value = '';
  readMessage(r, (tag) => {
    const field = tag >>> 3;
    if (field === 1 || field === 2) {
      expectWire(tag, LEN, 'LabelPairAdapter field');
      if (field === 1) name = r.string();
      else value = r.string();
    } else r.skipType(tag & 7);
  });
  return [name, value];
}

function readEntry(r: Reader): LokiEntry {
  const entry: LokiEntry = { tsNanos: 0n, line: '', metadata: {} };
  readMessage(r, (tag) => {
    const field = tag >>> 3;
    if (field === 1) {
      expectWire(tag, LEN, 'EntryAdapter.timestamp');
      entry.tsNanos = readTimestamp(r);
    } else if (field === 2) {
      expectWire(tag, LEN, 'EntryAdapter.line');
      entry.line = r.string();
    } else if (field === 3) {
      expectWire(tag, LEN, 'EntryAdapter.structuredMetadata');
      const [k, v] = readLabelPair(r);
      entry.metadata[k] = v;
    } else r.skipType(tag & 7);
  });
  return entry;
}

function readStream(r: Reader): LokiStream {
  const stream: LokiStream = { labels: '', entries: [] };
  readMessage(r, (tag) => {
    const field = tag >>> 3;
    if (field === 1) {
      expectWire(tag, LEN, 'StreamAdapter.labels');
      stream.labels = r.string();
    } else if (field === 2) {
      expectWire(tag, LEN, 'StreamAdapter.entries');
      stream.entries.push(readEntry(r));
    } else r.skipType(tag & 7);
  });
  return stream;
}

/** Decodes a PushRequest (already snappy-decompressed); throws ProtobufError when malformed. */
export function decodePushRequest(buf: Uint8Array): LokiStream[] {
  const r = protobuf.Reader.create(buf);
  const streams: LokiStream[] = [];
  try {
    while (r.pos < r.len) {
      const tag = r.uint32();
      if (tag >>> 3 === 1) {
        expectWire(tag, LEN, 'PushRequest.streams');
        streams.push(readStream(r));
      } else if (tag === 0) {
        throw new ProtobufError('field number 0');
      } else r.skipType(tag & 7);
    }
  } catch (e) {
    if (e instanceof ProtobufError) throw e;
    // protobufjs signals truncation and bad wire types with RangeError / Error.
    throw new ProtobufError((e as Error).message);
  }
  return streams;
}

/** Encodes a PushRequest (tests and tools build real payloads with it). */
export function encodePushRequest(streams: LokiStream[]): Uint8Array {
  const w = protobuf.Writer.create();
  for (const s of streams) {
    w.uint32((1 << 3) | LEN).fork();
    w.uint32((1 << 3) | LEN).string(s.labels);
    for (const e of s.entries) {
      w.uint32((2 << 3) | LEN).fork();
      const seconds = e.tsNanos / 1_000_000_000n;
      const nanos = Number(e.tsNanos - seconds * 1_000_000_000n);
      w.uint32((1 << 3) | LEN).fork();
      w.uint32((1 << 3) | VARINT).int64(seconds.toString());
      if (nanos) w.uint32((2 << 3) | VARINT).int32(nanos);
      w.ldelim();
      w.uint32((2 << 3) | LEN).string(e.line);
      for (const [k, v] of Object.entries(e.metadata)) {
        w.uint32((3 << 3) | LEN).fork();
        w.uint32((1 << 3) | LEN).string(k);
        w.uint32((2 << 3) | LEN).string(v);
        w.ldelim();
      }
      w.ldelim();
    }
    w.ldelim();
  }
  return w.finish();
}
