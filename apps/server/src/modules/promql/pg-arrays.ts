// Decoding of PostgreSQL's binary array format (what `array_send(float8[] | int4[])` returns as
// bytea). Reading samples this way costs a DataView read per element instead of parsing the
// decimal text of every float, which is where the time of a large range query would go.

const FLOAT8_OID = 701;
const INT4_OID = 23;
const TIMESTAMPTZ_OID = 1184;
/** PostgreSQL's timestamp epoch (2000-01-01 UTC) in Unix milliseconds. */
const PG_EPOCH_MS = 946_684_800_000;

function header(buf: Buffer, oid: number): { count: number; offset: number } {
  if (buf.length < 12) throw new Error('binary array: truncated header');
  const ndim = buf.readInt32BE(0);
  const elemOid = buf.readUInt32BE(8);
  if (ndim === 0) return { count: 0, offset: 12 };
  if (ndim < 1 || ndim > 6) throw new Error(`binary array: ${ndim} dimensions`);
  if (elemOid !== oid) throw new Error(`binary array: element type ${elemOid}, expected ${oid}`);
  // Every dimension's length and lower bound; a multi-dimensional array's elements come in
  // row-major order, read here as one flat list.
  let count = 1;
  for (let d = 0; d < ndim; d++) count *= buf.readInt32BE(12 + 8 * d);
  return { count, offset: 12 + 8 * ndim };
}

/** float8[] (array_send) into `out` from `at`; a NULL element becomes NaN. Returns the count. */
export function readFloat8Array(buf: Buffer, out?: Float64Array, at = 0): Float64Array {
  const { count, offset } = header(buf, FLOAT8_OID);
  const dst = out ?? new Float64Array(count);
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  let p = offset;
  for (let i = 0; i < count; i++) {
    const len = view.getInt32(p);
    p += 4;
    if (len === 8) {
      dst[at + i] = view.getFloat64(p);
      p += 8;
    } else if (len === -1) {
      dst[at + i] = NaN;
    } else {
      throw new Error(`binary array: float8 element of ${len} bytes`);
    }
  }
  return dst;
}

/**
 * Chunk timestamps: int4[] of deltas (the first from `startMs`, each later one from the previous
 * sample) into absolute milliseconds written to `out` from `at`.
 */
export function readDeltaTimes(buf: Buffer, startMs: number, out: Float64Array, at = 0): number {
  const { count, offset } = header(buf, INT4_OID);
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  let p = offset;
  let t = startMs;
  for (let i = 0; i < count; i++) {
    const len = view.getInt32(p);
    p += 4;
    if (len !== 4) throw new Error(`binary array: int4 element of ${len} bytes`);
    t += view.getInt32(p);
    p += 4;
    out[at + i] = t;
  }
  return count;
}

/**
 * timestamptz[] (array_send: int64 microseconds since 2000-01-01) into Unix milliseconds,
 * rounded to whole milliseconds (sample times are milliseconds), written to `out` from `at`.
 */
export function readTimestamps(buf: Buffer, out: Float64Array, at = 0): number {
  const { count, offset } = header(buf, TIMESTAMPTZ_OID);
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  let p = offset;
  for (let i = 0; i < count; i++) {
    const len = view.getInt32(p);
    p += 4;
    if (len !== 8) throw new Error(`binary array: timestamptz element of ${len} bytes`);
    // Exact below 2^53 microseconds (year 2255).
    const us = view.getInt32(p) * 4_294_967_296 + view.getUint32(p + 4);
    p += 8;
    out[at + i] = Math.round(us / 1000) + PG_EPOCH_MS;
  }
  return count;
}

/** Element count of a binary array (all dimensions) without decoding it. */
export function binaryArrayLength(buf: Buffer): number {
  if (buf.length < 12) throw new Error('binary array: truncated header');
  let count = buf.readInt32BE(0) === 0 ? 0 : 1;
  for (let d = 0; d < buf.readInt32BE(0); d++) count *= buf.readInt32BE(12 + 8 * d);
  return count;
}

/**
 * float8[] of any dimensions (flat, row-major) into `out`, with `present[i]` 0 for a NULL
 * element (its value NaN) and 1 otherwise. Returns the count.
 */
export function readFloat8Present(buf: Buffer, out: Float64Array, present: Uint8Array): number {
  const { count, offset } = header(buf, FLOAT8_OID);
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  let p = offset;
  for (let i = 0; i < count; i++) {
    const len = view.getInt32(p);
    p += 4;
    if (len === 8) {
      out[i] = view.getFloat64(p);
      present[i] = 1;
      p += 8;
    } else if (len === -1) {
      out[i] = NaN;
      present[i] = 0;
    } else {
      throw new Error(`binary array: float8 element of ${len} bytes`);
    }
  }
  return count;
}

/** int4[] of any dimensions (flat, row-major) into `out`; a NULL element becomes 0. */
export function readInt4Array(buf: Buffer, out: Float64Array): number {
  const { count, offset } = header(buf, INT4_OID);
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  let p = offset;
  for (let i = 0; i < count; i++) {
    const len = view.getInt32(p);
    p += 4;
    if (len === 4) {
      out[i] = view.getInt32(p);
      p += 4;
    } else if (len === -1) {
      out[i] = 0;
    } else {
      throw new Error(`binary array: int4 element of ${len} bytes`);
    }
  }
  return count;
}
