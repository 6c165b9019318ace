/**
 * Protobuf wire reading for the OTLP logs reader (otlp-logs-wire.ts), with protobufjs 8's
 * checks: varints of at most 10 bytes (tags and lengths at most 5), lengths inside their parent,
 * strict UTF-8, groups skipped with matching end tags, and protobufjs's nesting limit.
 */

/** Byte ranges, flattened: [start0, end0, start1, end1, ...]. */
export type Spans = number[];

// ignoreBOM keeps a leading U+FEFF, as protobufjs's decoder does.
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const TWO32 = 2 ** 32;

export class Wire {
  pos = 0;
  constructor(readonly buf: Buffer) {}

  fail(what: string): never {
    throw new Error(`${what} at offset ${this.pos}`);
  }

  /** A field tag: a varint of at most 5 bytes that fits in 32 bits. */
  tag(end: number): number {
    const b = this.buf;
    let p = this.pos;
    if (p >= end) this.fail('truncated tag');
    let x = b[p++]!;
    if (x < 0x80) {
      this.pos = p;
      return x;
    }
    let v = x & 0x7f;
    for (let shift = 7; shift < 35; shift += 7) {
      if (p >= end) this.fail('truncated tag');
      x = b[p++]!;
      if (shift === 28 && x > 0x0f) this.fail('invalid tag encoding');
      v += (x & 0x7f) * 2 ** shift;
      if (x < 0x80) {
        this.pos = p;
        return v;
      }
    }
    return this.fail('invalid tag encoding');
  }

  /** A varint's low 32 bits, unsigned (uint32, enums; `| 0` for int32). */
  uint32(end: number): number {
    const b = this.buf;
    let p = this.pos;
    let v = 0;
    for (let shift = 0; shift < 70; shift += 7) {
      if (p >= end) this.fail('truncated varint');
      const x = b[p++]!;
      if (shift < 32) v |= (x & 0x7f) << shift;
      if (x < 0x80) {
        this.pos = p;
        return v >>> 0;
      }
    }
    return this.fail('invalid varint encoding');
  }

  bool(end: number): boolean {
    const b = this.buf;
    let v = false;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= end) this.fail('truncated varint');
      const x = b[this.pos++]!;
      if (x & 0x7f) v = true;
      if (x < 0x80) return v;
    }
    return this.fail('invalid varint encoding');
  }

  /** An int64 varint as JSON: a number when exact, else its decimal string. */
  int64Json(end: number): Json {
    const b = this.buf;
    let lo = 0;
    let hi = 0;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= end) this.fail('truncated varint');
      const x = b[this.pos++]!;
      const bits = x & 0x7f;
      if (i < 4) lo |= bits << (7 * i);
      else if (i === 4) {
        lo |= bits << 28;
        hi |= bits >> 4;
      } else hi |= bits << (7 * i - 32);
      if (x < 0x80) return int64Value(lo >>> 0, hi >>> 0);
    }
    return this.fail('invalid varint encoding');
  }

  double(end: number): number {
    if (this.pos + 8 > end) this.fail('truncated double');
    const v = this.buf.readDoubleLE(this.pos);
    this.pos += 8;
    return v;
  }

  /** Reads a length prefix (at most 5 bytes, below 2^31); the end of the body it announces. */
  lengthEnd(end: number): number {
    const b = this.buf;
    let p = this.pos;
    let len = 0;
    for (let shift = 0; ; shift += 7) {
      if (p >= end) this.fail('truncated length');
      const x = b[p++]!;
      if (shift === 28 && x > 7) this.fail('invalid length encoding');
      len += (x & 0x7f) * 2 ** shift;
      if (x < 0x80) break;
    }
    if (p + len > end) {
      this.pos = p;
      this.fail('length beyond its message');
    }
    this.pos = p;
    return p + len;
  }

  /** A length-delimited UTF-8 string (checked, as protobufjs checks proto3 strings). */
  string(end: number): string {
    const e = this.lengthEnd(end);
    const s = this.pos;
    this.pos = e;
    if (s === e) return '';
    const b = this.buf;
    // Short strings (keys, methods, names) are mostly ASCII, and latin1 of ASCII bytes is the
    // same text, made at a third of the decoder's cost; the loop costs more than the decoder on
    // long strings, so they go to it straight.
    if (e - s >= 32) return utf8.decode(b.subarray(s, e));
    for (let i = s; i < e; i++) if (b[i]! >= 0x80) return utf8.decode(b.subarray(s, e));
    return b.toString('latin1', s, e);
  }

  /** Checks a string field that is not kept (schema URLs, entity keys). */
  checkString(end: number): void {
    const e = this.lengthEnd(end);
    const s = this.pos;
    this.pos = e;
    for (let i = s; i < e; i++) {
      if (this.buf[i]! >= 0x80) {
        utf8.decode(this.buf.subarray(s, e));
        return;
      }
    }
  }

  /** Skips the field whose tag was just read, in a message at nesting depth `depth`. */
  skip(tag: number, end: number, depth: number): void {
    // protobufjs's recursion limit, which counts groups inside a message as levels too.
    if (depth > 100) this.fail('max depth exceeded');
    const field = Math.floor(tag / 8);
    if (field === 0) this.fail('illegal tag: field number 0');
    switch (tag & 7) {
      case 0:
        // protobufjs skips an unknown varint of any length.
        do if (this.pos >= end) this.fail('truncated varint');
        while (this.buf[this.pos++]! >= 0x80);
        return;
      case 1:
        if (this.pos + 8 > end) this.fail('truncated field');
        this.pos += 8;
        return;
      case 2:
        this.pos = this.lengthEnd(end);
        return;
      case 3:
        for (;;) {
          const t = this.tag(end);
          if (Math.floor(t / 8) === 0) this.fail('illegal tag: field number 0');
          if ((t & 7) === 4) {
            if (Math.floor(t / 8) !== field) this.fail('invalid end group tag');
            return;
          }
          this.skip(t, end, depth + 1);
        }
      case 5:
        if (this.pos + 4 > end) this.fail('truncated field');
        this.pos += 4;
        return;
      default:
        this.fail(`invalid wire type ${tag & 7}`);
    }
  }
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** A signed 64-bit value from its words, as int64Json in otlp/decode.ts answers it. */
function int64Value(lo: number, hi: number): Json {
  if (hi < 0x200000) return hi * TWO32 + lo; // below 2^53
  if (hi === 0xffffffff && lo !== 0) return lo - TWO32; // small negatives
  const v = BigInt.asIntN(64, (BigInt(hi) << 32n) | BigInt(lo));
  return v <= MAX_SAFE && v >= -MAX_SAFE ? Number(v) : v.toString();
}

let isoSecond = -1;
let isoPrefix = '';

/**
 * fixed64 nanoseconds since the epoch as an ISO time with microseconds, as nanosToIso answers;
 * null for 0. Records of a batch share their second, so its text is kept between calls.
 */
export function nanosWordsToIso(
  lo: number,
  hi: number,
  slow: (ns: string) => string | null,
): string | null {
  if (hi === 0 && lo === 0) return null;
  // Below 2^62 ns (the year 2116) the microseconds are exact in a double: hi * 2^32 / 1000 is
  // hi * 4294967 + hi * 296 / 1000, and hi * 4294967 < 2^53.
  if (hi >= 0x40000000) return slow(((BigInt(hi) << 32n) | BigInt(lo)).toString());
  const micros = hi * 4294967 + Math.floor((hi * 296 + lo) / 1000);
  const second = Math.floor(micros / 1_000_000);
  if (second !== isoSecond) {
    isoPrefix = new Date(second * 1000).toISOString().slice(0, 19);
    isoSecond = second;
  }
  return `${isoPrefix}.${String(micros - second * 1_000_000).padStart(6, '0')}Z`;
}
