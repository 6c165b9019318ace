/**
 * PostgreSQL's binary COPY format (https://www.postgresql.org/docs/current/sql-copy.html, "Binary
 * Format"), for narrow, hot tables: PostgreSQL reads binary fields without parsing text (a
 * timestamptz or float8 in text costs far more to parse than the row costs to store), and Node
 * writes them without formatting strings. Measured on metric_samples rows: about 2x the rows/s of
 * text COPY, with a quarter of the encoding CPU.
 */

const SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');
const TWO32 = 2 ** 32;
/** 2000-01-01T00:00:00Z, PostgreSQL's timestamp epoch, in Unix milliseconds. */
const PG_EPOCH_MS = Date.UTC(2000, 0, 1);

/** Builds one binary COPY payload: header, rows of fields, trailer. */
export class BinaryCopyBuilder {
  private buf: Buffer;
  private at = 0;
  private rows = 0;
  private lastUuid = '';
  private lastUuidBytes = Buffer.alloc(16);

  constructor(expectedBytes = 64 * 1024) {
    this.buf = Buffer.allocUnsafe(Math.max(64, expectedBytes + SIGNATURE.length + 10));
    SIGNATURE.copy(this.buf, 0);
    this.buf.writeInt32BE(0, 11); // flags: no OIDs
    this.buf.writeInt32BE(0, 15); // header extension length
    this.at = 19;
  }

  get rowCount(): number {
    return this.rows;
  }

  private room(n: number): void {
    if (this.at + n <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.at + n));
    this.buf.copy(next, 0, 0, this.at);
    this.buf = next;
  }

  /** Starts a row of `fields` fields. */
  row(fields: number): this {
    this.room(2);
    this.buf.writeInt16BE(fields, this.at);
    this.at += 2;
    this.rows++;
    return this;
  }

  null(): this {
    this.room(4);
    this.buf.writeInt32BE(-1, this.at);
    this.at += 4;
    return this;
  }

  /** A 64-bit integer from a JS number (exact up to 2^53, as bigserial ids and times are). */
  private int64At(v: number): void {
    const hi = Math.floor(v / TWO32);
    this.buf.writeInt32BE(hi, this.at);
    this.buf.writeUInt32BE(v - hi * TWO32, this.at + 4);
    this.at += 8;
  }

  /** bigint column; `v` a safe integer or its decimal text (bigint ids arrive as text). */
  int8(v: number | string): this {
    const n = typeof v === 'number' ? v : Number(v);
    if (!Number.isSafeInteger(n)) throw new Error(`binary COPY: ${v} is not a safe int8`);
    this.room(12);
    this.buf.writeInt32BE(8, this.at);
    this.at += 4;
    this.int64At(n);
    return this;
  }

  int4(v: number): this {
    this.room(8);
    this.buf.writeInt32BE(4, this.at);
    this.buf.writeInt32BE(v, this.at + 4);
    this.at += 8;
    return this;
  }

  float8(v: number): this {
    this.room(12);
    this.buf.writeInt32BE(8, this.at);
    this.buf.writeDoubleBE(v, this.at + 4);
    this.at += 12;
    return this;
  }

  /**
   * timestamptz from Unix milliseconds (microseconds since 2000-01-01 on the wire); fractions
   * of a millisecond are dropped, as `new Date(ms)` drops them.
   */
  timestamptzMs(ms: number): this {
    if (!Number.isFinite(ms)) throw new Error(`binary COPY: ${ms} is not a time`);
    this.room(12);
    this.buf.writeInt32BE(8, this.at);
    this.at += 4;
    this.int64At((Math.trunc(ms) - PG_EPOCH_MS) * 1000);
    return this;
  }

  /** uuid from its canonical text (hyphens optional). */
  uuid(text: string): this {
    // Rows of one batch mostly share their organization: parse its id once.
    if (text !== this.lastUuid) {
      const hex = text.length === 36 ? text.replace(/-/g, '') : text;
      if (!/^[0-9a-fA-F]{32}$/.test(hex)) throw new Error(`binary COPY: ${text} is not a uuid`);
      this.lastUuidBytes = Buffer.from(hex, 'hex');
      this.lastUuid = text;
    }
    this.room(20);
    this.buf.writeInt32BE(16, this.at);
    this.lastUuidBytes.copy(this.buf, this.at + 4);
    this.at += 20;
    return this;
  }

  /** text/varchar column (UTF-8). */
  text(s: string): this {
    const n = Buffer.byteLength(s, 'utf8');
    this.room(4 + n);
    this.buf.writeInt32BE(n, this.at);
    this.buf.write(s, this.at + 4, n, 'utf8');
    this.at += 4 + n;
    return this;
  }

  /** The payload, with the trailer; the builder is not used afterwards. */
  finish(): Buffer {
    this.room(2);
    this.buf.writeInt16BE(-1, this.at);
    this.at += 2;
    return this.buf.subarray(0, this.at);
  }
}
