import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';

/**
 * COPY helpers for table writers (text format). Identifiers come from writer code, never from
 * input; values are escaped for COPY text format, so nothing from a payload becomes SQL.
 */

export type CopyValue = string | number | boolean | null | undefined | Date | string[] | object;

const IDENT_RE = /^[a-z_][a-z0-9_]*$/;
function ident(name: string): string {
  if (!IDENT_RE.test(name)) throw new Error(`copy: bad identifier ${name}`);
  return name;
}

// PostgreSQL text holds no NUL; COPY text format needs \\, \n, \r and \t escaped.
const NEEDS_ESCAPE = /[\\\n\r\t\0]/;
function escText(s: string): string {
  if (!NEEDS_ESCAPE.test(s)) return s;
  return s.replace(/[\\\n\r\t\0]/g, (c) =>
    c === '\\' ? '\\\\' : c === '\n' ? '\\n' : c === '\r' ? '\\r' : c === '\t' ? '\\t' : '',
  );
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** The string without NUL characters and with lone surrogates replaced by U+FFFD. */
export function cleanText(s: string): string {
  return s.replace(/\0/g, '').replace(LONE_SURROGATE, '\uFFFD');
}

/** JSON text PostgreSQL accepts as jsonb: no \u0000, no lone surrogates. */
export function jsonText(value: unknown): string {
  const s = JSON.stringify(value ?? {});
  if (!s.includes('\\u0000') && !/\\ud[89a-f]/i.test(s)) return s;
  return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'string' ? cleanText(v) : v));
}

function arrayText(items: string[]): string {
  // Array literal: every element double-quoted, with \ and " escaped.
  return `{${items.map((x) => `"${cleanText(x).replace(/[\\"]/g, '\\$&')}"`).join(',')}}`;
}

/** One value in COPY text format. Objects are written as JSON (jsonb columns). */
export function copyField(v: CopyValue): string {
  if (v === null || v === undefined) return '\\N';
  if (typeof v === 'string') return escText(v);
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '\\N';
  if (typeof v === 'boolean') return v ? 't' : 'f';
  if (v instanceof Date) return v.toISOString();
  if (Array.isArray(v)) return escText(arrayText(v as string[]));
  return escText(jsonText(v));
}

/** Streams `lines` (each ending in \n) into `COPY table (columns) FROM STDIN`. */
export async function copyLines(
  client: pg.PoolClient,
  table: string,
  columns: readonly string[],
  lines: Iterable<string>,
): Promise<void> {
  const sql = `COPY ${ident(table)} (${columns.map(ident).join(', ')}) FROM STDIN`;
  const stream = client.query(copyFrom(sql));
  // Chunks of ~64 KB: fewer writes than one per row, bounded memory.
  async function* chunks() {
    let buf = '';
    for (const line of lines) {
      buf += line;
      if (buf.length >= 65_536) {
        yield Buffer.from(buf, 'utf8');
        buf = '';
      }
    }
    if (buf) yield Buffer.from(buf, 'utf8');
  }
  await pipeline(Readable.from(chunks()), stream);
}

/** Sends one binary COPY payload (see BinaryCopyBuilder) into `table (columns)`. */
export async function copyBinary(
  client: pg.PoolClient,
  table: string,
  columns: readonly string[],
  payload: Buffer,
): Promise<void> {
  const sql = `COPY ${ident(table)} (${columns.map(ident).join(', ')}) FROM STDIN (FORMAT binary)`;
  await pipeline(Readable.from([payload]), client.query(copyFrom(sql)));
}

/** Text lines (each ending in \n) or one binary COPY payload. */
export type CopyData = string[] | Buffer;

function copyData(
  client: pg.PoolClient,
  table: string,
  columns: readonly string[],
  data: CopyData,
): Promise<void> {
  return Buffer.isBuffer(data)
    ? copyBinary(client, table, columns, data)
    : copyLines(client, table, columns, data);
}

export interface IdempotentCopyOptions {
  /** Go straight to the staging path (rows may already be stored). */
  replay?: boolean;
}

/**
 * COPY with deduplication by the table's primary key. Normally a plain COPY straight into the
 * table: a unique violation (a retried batch) then fails the transaction, and the writer's
 * caller runs it again with `replay` (isUniqueViolation; the pipeline does so for the whole
 * flush), which COPYs into a temporary staging table and runs INSERT ... SELECT ... ON CONFLICT
 * DO NOTHING, which also drops duplicates inside the batch. No savepoint on the normal path:
 * duplicates are rare, and its two round trips were paid by every flush. Must run inside a
 * transaction.
 */
export async function copyIdempotent(
  client: pg.PoolClient,
  table: string,
  columns: readonly string[],
  lines: CopyData,
  opts: IdempotentCopyOptions = {},
): Promise<void> {
  if (lines.length === 0) return;
  if (!opts.replay) {
    await copyData(client, table, columns, lines);
    return;
  }
  const stage = `pharos_stage_${ident(table)}`;
  // Lives as long as the connection (created again if the transaction that made it rolled
  // back); emptied at every commit.
  await client.query(
    `CREATE TEMP TABLE IF NOT EXISTS ${stage} (LIKE ${ident(table)} INCLUDING DEFAULTS) ON COMMIT DELETE ROWS`,
  );
  await copyData(client, stage, columns, lines);
  const cols = columns.map(ident).join(', ');
  await client.query(
    `INSERT INTO ${ident(table)} (${cols}) SELECT ${cols} FROM ${stage} ON CONFLICT DO NOTHING`,
  );
  await client.query(`TRUNCATE ${stage}`);
}
