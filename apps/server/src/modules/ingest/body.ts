import { promisify } from 'node:util';
import zlib from 'node:zlib';
import type { FastifyRequest } from 'fastify';
import { Decompress as ZstdDecompress } from 'fzstd';
import snappy from 'snappyjs';
import { AppError } from '../../platform/errors.ts';

export type IngestEncoding = 'gzip' | 'deflate' | 'zstd' | 'snappy';

export interface ReadIngestBodyOptions {
  /** Largest body on the wire (default: the ingest body limit). */
  maxBytes?: number;
  /** Largest body after decompression (default: the ingest decoded limit). */
  maxDecodedBytes?: number;
  /** Encodings accepted from Content-Encoding (default all four). */
  encodings?: IngestEncoding[];
  /** Decode this way whatever the headers say (Prometheus remote write: snappy). */
  forceEncoding?: IngestEncoding | 'identity';
}

export interface BodyLimits {
  maxBytes: number;
  maxDecodedBytes: number;
}

const gunzip = promisify(zlib.gunzip);
const inflate = promisify(zlib.inflate);
const inflateRaw = promisify(zlib.inflateRaw);

const tooLarge = (what: string, limit: number) =>
  new AppError('PAYLOAD_TOO_LARGE', `The request body is larger than ${limit} bytes ${what}.`);

function isTooLarge(err: unknown): boolean {
  const e = err as { code?: string };
  return e.code === 'ERR_BUFFER_TOO_LARGE' || e instanceof RangeError;
}

function zstdDecode(data: Buffer, max: number): Buffer {
  const parts: Uint8Array[] = [];
  let total = 0;
  const d = new ZstdDecompress((chunk) => {
    total += chunk.length;
    if (total > max) throw tooLarge('once decompressed', max);
    parts.push(chunk);
  });
  // Fed in slices so the output limit is checked as the stream grows, not after a bomb.
  for (let i = 0; i < data.length; i += 65_536) {
    d.push(data.subarray(i, i + 65_536), i + 65_536 >= data.length);
  }
  return Buffer.concat(parts);
}

function snappyLength(data: Buffer): number {
  // Block format starts with the uncompressed length as a varint.
  let len = 0;
  for (let i = 0, shift = 0; i < 5 && i < data.length; i++, shift += 7) {
    const b = data[i]!;
    len += (b & 0x7f) * 2 ** shift;
    if (b < 0x80) return len;
  }
  return Number.POSITIVE_INFINITY;
}

/** Decompresses `raw` with `encoding`, refusing with 413 past `max` decoded bytes. */
export async function decodeBody(raw: Buffer, encoding: string, max: number): Promise<Buffer> {
  try {
    switch (encoding) {
      case 'identity':
      case '':
        if (raw.length > max) throw tooLarge('', max);
        return raw;
      case 'gzip':
      case 'x-gzip':
        return await gunzip(raw, { maxOutputLength: max });
      case 'deflate':
        // Clients disagree on zlib-wrapped versus raw deflate: the zlib header tells.
        return raw.length >= 2 && (raw[0]! & 0x0f) === 8 && ((raw[0]! << 8) | raw[1]!) % 31 === 0
          ? await inflate(raw, { maxOutputLength: max })
          : await inflateRaw(raw, { maxOutputLength: max });
      case 'zstd':
        return zstdDecode(raw, max);
      case 'snappy': {
        if (snappyLength(raw) > max) throw tooLarge('once decompressed', max);
        return Buffer.from(snappy.uncompress(raw));
      }
      default:
        throw new AppError('UNSUPPORTED_MEDIA_TYPE', `Unsupported Content-Encoding: ${encoding}.`);
    }
  } catch (err) {
    if (err instanceof AppError) throw err;
    if (isTooLarge(err)) throw tooLarge('once decompressed', max);
    throw new AppError('VALIDATION', `The body is not valid ${encoding} data.`);
  }
}

/**
 * Raw body with limits before and after decompression (413), by Content-Encoding or forced.
 * The route must be in a scope with the ingest body parser (useRawBodies), which hands the body
 * over as a Buffer.
 */
export async function readIngestBody(
  req: FastifyRequest,
  opts: ReadIngestBodyOptions,
  defaults: BodyLimits,
): Promise<Buffer> {
  const maxBytes = opts.maxBytes ?? defaults.maxBytes;
  const maxDecoded = opts.maxDecodedBytes ?? defaults.maxDecodedBytes;
  const body: unknown = req.body;
  let raw: Buffer;
  if (Buffer.isBuffer(body)) raw = body;
  else if (body === undefined || body === null) raw = Buffer.alloc(0);
  else if (typeof body === 'string') raw = Buffer.from(body, 'utf8');
  else throw new Error('readIngestBody: the route is not in a useRawBodies() scope');
  if (raw.length > maxBytes) throw tooLarge('', maxBytes);
  const header = String(req.headers['content-encoding'] ?? '')
    .trim()
    .toLowerCase();
  const chain = opts.forceEncoding ? [opts.forceEncoding] : header ? header.split(/\s*,\s*/) : [];
  const allowed = new Set<string>(opts.encodings ?? ['gzip', 'deflate', 'zstd', 'snappy']);
  allowed.add('identity').add('x-gzip');
  let out = raw;
  // Applied encodings are listed in order; undo them last first.
  for (const enc of chain.reverse()) {
    if (!allowed.has(enc) && !opts.forceEncoding) {
      throw new AppError('UNSUPPORTED_MEDIA_TYPE', `Unsupported Content-Encoding: ${enc}.`);
    }
    out = await decodeBody(out, enc, maxDecoded);
  }
  if (out.length > maxDecoded) throw tooLarge('once decompressed', maxDecoded);
  return out;
}
