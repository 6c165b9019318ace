/**
 * A hand-written reader of the remote write 1.0 WriteRequest protobuf (the schema is
 * `remote.proto` beside this file). It exists for speed: a steady remote write stream sends the
 * same label sets in every request, so each TimeSeries yields the raw bytes of its labels as a
 * key (`labelKey`) and decodes the labels themselves only when asked (a cache miss). Decoding
 * every label into objects, as a generic decoder does, was most of the ingest CPU.
 *
 * Wire rules followed as protobufjs does: unknown fields of every wire type are skipped, groups
 * included; a scalar field repeated keeps its last value; strings must be valid UTF-8; anything
 * truncated or malformed throws.
 */

export interface WireLabel {
  name: string;
  value: string;
}

export interface WireSample {
  value: number;
  /** Milliseconds since the epoch, as read (int64; exact up to 2^53). */
  timestamp: number;
}

/** One TimeSeries: its label key and samples; labels decoded on demand. */
export class WireSeries {
  constructor(
    private readonly buf: Buffer,
    /** The encoded Label fields of the series, byte for byte (as a latin1 string). */
    readonly labelKey: string,
    /** [start, end) of each Label body, flattened. */
    private readonly labelSpans: number[],
    readonly samples: WireSample[],
  ) {}

  /** Decodes the labels (UTF-8 checked); throws on malformed bytes. */
  labels(): WireLabel[] {
    const out: WireLabel[] = [];
    for (let i = 0; i < this.labelSpans.length; i += 2) {
      out.push(readLabel(this.buf, this.labelSpans[i]!, this.labelSpans[i + 1]!));
    }
    return out;
  }
}

export interface WireMetadata {
  type: number;
  metricFamilyName: string;
  help: string;
  unit: string;
}

export interface WireWriteRequest {
  timeseries: WireSeries[];
  metadata: WireMetadata[];
}

const utf8 = new TextDecoder('utf-8', { fatal: true });
const TWO32 = 2 ** 32;
const TWO31 = 2 ** 31;

class Reader {
  pos: number;
  constructor(
    readonly buf: Buffer,
    start: number,
    readonly end: number,
  ) {
    this.pos = start;
  }

  fail(what: string): never {
    throw new Error(`${what} at offset ${this.pos}`);
  }

  /** A varint of up to 32 bits (tags and lengths). */
  uint32(): number {
    let result = 0;
    let shift = 0;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.end) this.fail('truncated varint');
      const b = this.buf[this.pos++]!;
      if (shift < 32) result += (b & 0x7f) * 2 ** shift;
      shift += 7;
      if (b < 0x80) return result % TWO32;
    }
    return this.fail('varint longer than 10 bytes');
  }

  /** A varint int64 as a signed number (exact up to 2^53). */
  int64(): number {
    // Fast path: non-negative values of up to 49 bits (7 bytes), which every time in ms is.
    const b = this.buf;
    const stop = Math.min(this.pos + 7, this.end);
    let v = 0;
    let mul = 1;
    for (let p = this.pos; p < stop; p++) {
      const x = b[p]!;
      v += (x & 0x7f) * mul;
      if (x < 0x80) {
        this.pos = p + 1;
        return v;
      }
      mul *= 128;
    }
    return this.int64Slow();
  }

  private int64Slow(): number {
    let lo = 0;
    let hi = 0;
    let shift = 0;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.end) this.fail('truncated varint');
      const b = this.buf[this.pos++]!;
      const bits = b & 0x7f;
      if (shift < 28) lo += bits * 2 ** shift;
      else if (shift === 28) {
        lo += (bits & 0x0f) * 2 ** 28;
        hi += bits >> 4;
      } else hi += bits * 2 ** (shift - 32);
      shift += 7;
      if (b < 0x80) {
        // Two's complement from the high word, so -5 comes out exact.
        const h = hi % TWO32;
        return (h >= TWO31 ? h - TWO32 : h) * TWO32 + lo;
      }
    }
    return this.fail('varint longer than 10 bytes');
  }

  double(): number {
    if (this.pos + 8 > this.end) this.fail('truncated double');
    const v = this.buf.readDoubleLE(this.pos);
    this.pos += 8;
    return v;
  }

  /** The [start, end) of a length-delimited field's body. */
  span(): [number, number] {
    const len = this.uint32();
    const start = this.pos;
    if (start + len > this.end) this.fail('truncated field');
    this.pos = start + len;
    return [start, this.pos];
  }

  string(): string {
    const [s, e] = this.span();
    return s === e ? '' : utf8.decode(this.buf.subarray(s, e));
  }

  skip(wireType: number, depth = 0): void {
    switch (wireType) {
      case 0:
        this.int64();
        return;
      case 1:
        if ((this.pos += 8) > this.end) this.fail('truncated field');
        return;
      case 2:
        this.span();
        return;
      case 3: {
        if (depth > 32) this.fail('groups nested too deep');
        for (;;) {
          const tag = this.uint32();
          if ((tag & 7) === 4) return;
          this.skip(tag & 7, depth + 1);
        }
      }
      case 5:
        if ((this.pos += 4) > this.end) this.fail('truncated field');
        return;
      default:
        this.fail(`invalid wire type ${wireType}`);
    }
  }
}

function readLabel(buf: Buffer, start: number, end: number): WireLabel {
  const r = new Reader(buf, start, end);
  const out: WireLabel = { name: '', value: '' };
  while (r.pos < end) {
    const tag = r.uint32();
    if (tag === 0x0a) out.name = r.string();
    else if (tag === 0x12) out.value = r.string();
    else r.skip(tag & 7);
  }
  return out;
}

function readSample(buf: Buffer, start: number, end: number): WireSample {
  const r = new Reader(buf, start, end);
  let value = 0;
  let timestamp = 0;
  while (r.pos < end) {
    const tag = r.uint32();
    if (tag === 0x09) value = r.double();
    else if (tag === 0x10) timestamp = r.int64();
    else r.skip(tag & 7);
  }
  return { value, timestamp };
}

function readSeries(buf: Buffer, start: number, end: number): WireSeries {
  const r = new Reader(buf, start, end);
  const labelSpans: number[] = [];
  let keyParts: string[] | null = null;
  let keyStart = -1;
  let keyEnd = -1;
  const samples: WireSample[] = [];
  while (r.pos < end) {
    const tagAt = r.pos;
    const tag = r.uint32();
    if (tag === 0x0a) {
      const [s, e] = r.span();
      labelSpans.push(s, e);
      // The key is the label fields' bytes: one slice when they are contiguous (always, from
      // Prometheus), else the pieces joined.
      if (keyStart < 0) keyStart = tagAt;
      else if (tagAt !== keyEnd) {
        keyParts ??= [buf.toString('latin1', keyStart, keyEnd)];
        keyParts.push(buf.toString('latin1', tagAt, e));
      }
      keyEnd = e;
    } else if (tag === 0x12) {
      const [s, e] = r.span();
      samples.push(readSample(buf, s, e));
    } else r.skip(tag & 7);
  }
  const labelKey = keyParts
    ? keyParts.join('')
    : keyStart < 0
      ? ''
      : buf.toString('latin1', keyStart, keyEnd);
  return new WireSeries(buf, labelKey, labelSpans, samples);
}

function readMetadata(buf: Buffer, start: number, end: number): WireMetadata {
  const r = new Reader(buf, start, end);
  const m: WireMetadata = { type: 0, metricFamilyName: '', help: '', unit: '' };
  while (r.pos < end) {
    const tag = r.uint32();
    if (tag === 0x08) m.type = r.uint32();
    else if (tag === 0x12) m.metricFamilyName = r.string();
    else if (tag === 0x22) m.help = r.string();
    else if (tag === 0x2a) m.unit = r.string();
    else r.skip(tag & 7);
  }
  return m;
}

/** Reads a decompressed WriteRequest; throws an Error saying what is malformed. */
export function readWriteRequest(buf: Buffer): WireWriteRequest {
  const r = new Reader(buf, 0, buf.length);
  const out: WireWriteRequest = { timeseries: [], metadata: [] };
  while (r.pos < buf.length) {
    const tag = r.uint32();
    if (tag === 0x0a) {
      const [s, e] = r.span();
      out.timeseries.push(readSeries(buf, s, e));
    } else if (tag === 0x1a) {
      const [s, e] = r.span();
      out.metadata.push(readMetadata(buf, s, e));
    } else if (tag >>> 3 === 0) r.fail('field number 0');
    else r.skip(tag & 7);
  }
  return out;
}
