import type { FastifyReply } from 'fastify';
import { fileURLToPath } from 'node:url';
import protobuf from 'protobufjs';
import { AppError } from '../../../platform/errors.ts';

/**
 * OTLP decoding helpers shared by logs, traces and metrics. They take both shapes a message
 * arrives in: protobufjs-decoded objects (int64 as Long or number, bytes as Uint8Array) and
 * OTLP/JSON (int64 as string or number, ids as hex, enums as integers).
 */

const DIR = fileURLToPath(new URL('.', import.meta.url));

/** The protobuf root with the vendored .proto files in this folder (names relative to it). */
export function loadOtlpRoot(files: string[]): protobuf.Root {
  const root = new protobuf.Root();
  root.resolvePath = (_origin, target) => DIR + target.replace(/^.*\//, '');
  return root.loadSync(files, { keepCase: false });
}

const own = (o: object, k: string) => Object.prototype.hasOwnProperty.call(o, k);

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

interface LongLike {
  low: number;
  high: number;
  unsigned?: boolean;
  toString(): string;
}

/** int64/fixed64 as a decimal string: Long, number, bigint or string. */
export function int64String(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') return /^-?\d+$/.test(v) ? v : null;
  if (typeof v === 'number') return Number.isFinite(v) ? String(Math.trunc(v)) : null;
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'object' && 'low' in (v as object) && 'high' in (v as object)) {
    return (v as LongLike).toString();
  }
  return null;
}

/** int64 as a JSON number when exact, else its decimal string. */
function int64Json(v: unknown): Json {
  const s = int64String(v);
  if (s === null) return null;
  const n = Number(s);
  return Number.isSafeInteger(n) ? n : s;
}

/** OpenTelemetry AnyValue as plain JSON (bytes as base64, as OTLP/JSON writes them). */
export function anyValueToJson(v: unknown, depth = 0): Json {
  if (!v || typeof v !== 'object' || depth > 32) return null;
  const a = v as Record<string, unknown>;
  if (own(a, 'stringValue')) return String(a.stringValue ?? '');
  if (own(a, 'boolValue')) return Boolean(a.boolValue);
  if (own(a, 'intValue')) return int64Json(a.intValue);
  if (own(a, 'doubleValue')) {
    const d = Number(a.doubleValue);
    return Number.isFinite(d) ? d : String(a.doubleValue);
  }
  if (own(a, 'arrayValue')) {
    const values = (a.arrayValue as { values?: unknown[] } | null)?.values ?? [];
    return values.map((x) => anyValueToJson(x, depth + 1));
  }
  if (own(a, 'kvlistValue')) {
    return attributesToObject((a.kvlistValue as { values?: unknown[] } | null)?.values, depth + 1);
  }
  if (own(a, 'bytesValue')) {
    const b = a.bytesValue;
    return b instanceof Uint8Array ? Buffer.from(b).toString('base64') : String(b ?? '');
  }
  return null;
}

/** OTLP attributes (KeyValue list) as an object; later duplicates of a key win. */
export function attributesToObject(kvs: unknown, depth = 0): { [k: string]: Json } {
  const out: { [k: string]: Json } = {};
  if (!Array.isArray(kvs)) return out;
  for (const kv of kvs) {
    if (!kv || typeof kv !== 'object') continue;
    const key = (kv as { key?: unknown }).key;
    if (typeof key !== 'string' || key === '') continue;
    out[key] = anyValueToJson((kv as { value?: unknown }).value, depth);
  }
  return out;
}

export interface ResourceInfo {
  attributes: { [k: string]: Json };
  service: string;
  environment: string | null;
  host: string | null;
}

const str = (v: Json | undefined) => (typeof v === 'string' && v !== '' ? v : null);

/** Resource attributes plus the service, environment and host Pharos keeps in columns. */
export function resourceInfo(resource: unknown): ResourceInfo {
  return resourceInfoOf(
    attributesToObject((resource as { attributes?: unknown } | null)?.attributes),
  );
}

/** resourceInfo of attributes already converted to JSON. */
export function resourceInfoOf(attributes: { [k: string]: Json }): ResourceInfo {
  return {
    attributes,
    service: str(attributes['service.name']) ?? 'unknown_service',
    environment:
      str(attributes['deployment.environment.name']) ?? str(attributes['deployment.environment']),
    host: str(attributes['host.name']),
  };
}

/** A trace or span id as lower-case hex; null when absent or all zero. */
export function idToHex(v: unknown, bytes: 16 | 8): string | null {
  let hex: string | null = null;
  if (v instanceof Uint8Array) hex = v.length === bytes ? Buffer.from(v).toString('hex') : null;
  else if (typeof v === 'string' && v !== '') {
    if (new RegExp(`^[0-9a-fA-F]{${bytes * 2}}$`).test(v)) hex = v.toLowerCase();
    else {
      // Some clients send the protobuf JSON mapping's base64 instead of hex.
      const b = Buffer.from(v, 'base64');
      hex = b.length === bytes ? b.toString('hex') : null;
    }
  }
  return hex && !/^0+$/.test(hex) ? hex : null;
}

/** Nanoseconds since the epoch (decimal string) as an ISO time with microseconds; null if 0. */
export function nanosToIso(ns: string | null): string | null {
  if (!ns || ns === '0' || ns.startsWith('-')) return null;
  const big = BigInt(ns);
  const ms = Number(big / 1_000_000n);
  const d = new Date(ms);
  if (Number.isNaN(d.getTime()) || ms > 253_402_300_799_999) return null;
  const micros = String(Number((big / 1000n) % 1000n)).padStart(3, '0');
  return d.toISOString().replace('Z', `${micros}Z`);
}

/** OTLP SeverityNumber (1..24) to Pharos's level. */
export function severityToLevel(n: number): 'debug' | 'info' | 'warning' | 'error' | 'critical' {
  if (n <= 8) return 'debug';
  if (n <= 12) return 'info';
  if (n <= 16) return 'warning';
  if (n <= 20) return 'error';
  return 'critical';
}

/** One OTLP export service: its request decoder and its response encoder (partialSuccess). */
export interface OtlpService {
  decode(body: Buffer): unknown;
  encodeResponse(rejected: number, message: string): Buffer;
}

/**
 * The protobuf side of an OTLP/HTTP export endpoint (`logs`, `trace`, `metrics`): the types load
 * lazily on first use; a malformed body is a 400; the response reports rejected items under the
 * signal's own field name (rejectedLogRecords, rejectedSpans, rejectedDataPoints).
 */
export function otlpService(
  protoFile: string,
  pkg: string,
  kind: 'Logs' | 'Trace' | 'Metrics',
  rejectedField: string,
): OtlpService {
  let types: { request: protobuf.Type; response: protobuf.Type } | null = null;
  const load = () =>
    (types ??= (() => {
      const root = loadOtlpRoot([protoFile]);
      return {
        request: root.lookupType(`${pkg}.Export${kind}ServiceRequest`),
        response: root.lookupType(`${pkg}.Export${kind}ServiceResponse`),
      };
    })());
  return {
    decode(body) {
      try {
        return load().request.decode(body);
      } catch (err) {
        throw new AppError(
          'VALIDATION',
          `Not a valid OTLP protobuf request: ${(err as Error).message}`,
        );
      }
    },
    encodeResponse(rejected, message) {
      const t = load().response;
      const msg = rejected
        ? t.create({ partialSuccess: { [rejectedField]: rejected, errorMessage: message } })
        : t.create({});
      return Buffer.from(t.encode(msg).finish());
    },
  };
}

/**
 * An OTLP/HTTP request body, decoded the way its sender encoded it: JSON when the content type
 * says so (or, without a protobuf content type, when it starts with `{`), else protobuf. A body
 * that is not a JSON object answers 400.
 */
export function decodeOtlpBody(
  contentType: string | undefined,
  body: Buffer,
  decodeProtobuf: (body: Buffer) => unknown,
): { decoded: unknown; asJson: boolean } {
  const type = String(contentType ?? '').toLowerCase();
  const asJson = type.includes('json') || (!type.includes('protobuf') && body[0] === 0x7b);
  if (!asJson) return { decoded: decodeProtobuf(body), asJson };
  let decoded: unknown;
  try {
    decoded = JSON.parse(body.toString('utf8'));
  } catch (err) {
    throw new AppError('VALIDATION', `Not valid OTLP JSON: ${(err as Error).message}`);
  }
  if (!decoded || typeof decoded !== 'object' || Array.isArray(decoded))
    throw new AppError('VALIDATION', 'An OTLP JSON request is an object.');
  return { decoded, asJson };
}

/**
 * The Export*ServiceResponse in the request's encoding: `{}` when everything was stored, else
 * partialSuccess with the count under the signal's own field name (rejectedLogRecords,
 * rejectedSpans, rejectedDataPoints) and a message.
 */
export function otlpAnswer(
  reply: FastifyReply,
  asJson: boolean,
  partial: { field: string; rejected: number; message: string },
  encodeProtobuf: (rejected: number, message: string) => Uint8Array,
) {
  const { field, rejected, message } = partial;
  if (asJson) {
    return reply
      .type('application/json')
      .send(
        rejected ? { partialSuccess: { [field]: String(rejected), errorMessage: message } } : {},
      );
  }
  return reply.type('application/x-protobuf').send(encodeProtobuf(rejected, message));
}
