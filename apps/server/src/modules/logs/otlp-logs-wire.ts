/**
 * A hand-written reader of the OTLP ExportLogsServiceRequest protobuf (logs_service.proto and
 * the files it imports, beside otlp/decode.ts) straight into rows. It exists for speed: protobufjs
 * builds an object per message (a Long per int64, a Buffer per id) that is read once and
 * dropped, and that garbage was the largest cost of OTLP log ingest.
 *
 * It reads what protobufjs 8 (the reference, `decodeLogsProtobuf`) reads, and the rows are those
 * `otlpLogsToRows` builds from its objects (otlp-logs-wire.test.ts compares the two):
 * - unknown fields and known fields with another wire type are skipped, groups included (the end
 *   tag must match); field number 0, wire types 6 and 7 and a stray end-group tag are errors;
 * - a scalar field repeated keeps its last value; a message field repeated is merged, which is
 *   the same as reading the concatenation of its occurrences;
 * - an AnyValue with several members set is the member read last (protobufjs's oneof setter
 *   deletes the others); an array or kvlist read again right after itself is merged;
 * - strings must be valid UTF-8 (a BOM is kept); messages nest at most 100 deep, counted as
 *   protobufjs counts (protoc's limit); AnyValues nested deeper than 32 are checked, then null.
 * Anything malformed throws, and the request is answered 400 as before.
 */
import { AppError } from '../../platform/errors.ts';
import type { IngestContext } from '../ingest/index.ts';
import { nanosToIso, resourceInfoOf, type Json } from './otlp/decode.ts';
import {
  logResource,
  newLogRowBatch,
  pushLogRow,
  rejectLogRecord,
  type LogResource,
  type LogRowBatch,
  type OtlpLogsResult,
} from './otlp-log-rows.ts';
import { nanosWordsToIso, Wire, type Spans } from './otlp-wire.ts';

type JsonObject = { [k: string]: Json };

/** protobufjs's Reader.recursionLimit; anyValueToJson's depth limit. */
const MESSAGE_DEPTH = 100;
const VALUE_DEPTH = 32;

function checkDepth(w: Wire, q: number) {
  if (q > MESSAGE_DEPTH) w.fail('max depth exceeded');
}

/**
 * A reader over the concatenation of a singular message field's occurrences (each already read
 * on its own, so each was checked as protobufjs checks it): protobuf merges them, and merging is
 * reading the concatenation.
 */
function concatenated(w: Wire, spans: Spans): Wire {
  const parts: Buffer[] = [];
  for (let i = 0; i < spans.length; i += 2) parts.push(w.buf.subarray(spans[i], spans[i + 1]));
  return new Wire(Buffer.concat(parts));
}

/** An AnyValue at message depth q and value depth d (see the file comment for the rules). */
function anyValue(w: Wire, end: number, q: number, d: number): Json {
  checkDepth(w, q);
  // The member read last; its value. An array or kvlist read again right after itself grows.
  let kind = 0;
  let value: Json = null;
  while (w.pos < end) {
    const tag = w.tag(end);
    if (tag === 0x0a) {
      value = w.string(end);
      kind = 1;
    } else if (tag === 0x10) {
      value = w.bool(end);
      kind = 2;
    } else if (tag === 0x18) {
      value = w.int64Json(end);
      kind = 3;
    } else if (tag === 0x21) {
      const x = w.double(end);
      value = Number.isFinite(x) ? x : String(x);
      kind = 4;
    } else if (tag === 0x2a) {
      if (kind !== 5) value = [];
      arrayValue(w, w.lengthEnd(end), q + 1, d + 1, value as Json[]);
      kind = 5;
    } else if (tag === 0x32) {
      if (kind !== 6) value = {};
      keyValues(w, w.lengthEnd(end), q + 1, d + 1, value as JsonObject);
      kind = 6;
    } else if (tag === 0x3a) {
      const e = w.lengthEnd(end);
      value = w.buf.toString('base64', w.pos, e);
      w.pos = e;
      kind = 7;
    } else w.skip(tag, end, q);
  }
  return d > VALUE_DEPTH ? null : value;
}

/** ArrayValue: its values appended to `out` (an array merged with an earlier one grows). */
function arrayValue(w: Wire, end: number, q: number, d: number, out: Json[]) {
  checkDepth(w, q);
  while (w.pos < end) {
    const tag = w.tag(end);
    if (tag === 0x0a) out.push(anyValue(w, w.lengthEnd(end), q + 1, d));
    else w.skip(tag, end, q);
  }
}

/** KeyValueList: its values assigned into `out`, later keys winning. */
function keyValues(w: Wire, end: number, q: number, d: number, out: JsonObject) {
  checkDepth(w, q);
  while (w.pos < end) {
    const tag = w.tag(end);
    if (tag === 0x0a) keyValue(w, w.lengthEnd(end), q + 1, d, out);
    else w.skip(tag, end, q);
  }
}

/** One KeyValue into `out`; skipped when its key is empty (attributesToObject does). */
function keyValue(w: Wire, end: number, q: number, d: number, out: JsonObject) {
  checkDepth(w, q);
  let key = '';
  let value: Json = null;
  let first = -1;
  let firstEnd = -1;
  let more: Spans | null = null;
  while (w.pos < end) {
    const tag = w.tag(end);
    if (tag === 0x0a) key = w.string(end);
    else if (tag === 0x12) {
      const e = w.lengthEnd(end);
      const s = w.pos;
      const v = anyValue(w, e, q + 1, d);
      if (first < 0) {
        value = v;
        first = s;
        firstEnd = e;
      } else (more ??= [first, firstEnd]).push(s, e);
    } else w.skip(tag, end, q);
  }
  if (more) {
    const c = concatenated(w, more);
    value = anyValue(c, c.buf.length, q + 1, d);
  }
  if (key !== '') out[key] = value;
}

/** EntityRef: nothing kept, but checked as protobufjs reads it (strings are UTF-8). */
function entityRef(w: Wire, end: number, q: number) {
  checkDepth(w, q);
  while (w.pos < end) {
    const tag = w.tag(end);
    if (tag === 0x0a || tag === 0x12 || tag === 0x1a || tag === 0x22) w.checkString(end);
    else w.skip(tag, end, q);
  }
}

/** Resource: its attributes into `out`. */
function resource(w: Wire, end: number, q: number, out: JsonObject) {
  checkDepth(w, q);
  while (w.pos < end) {
    const tag = w.tag(end);
    if (tag === 0x0a) keyValue(w, w.lengthEnd(end), q + 1, 0, out);
    else if (tag === 0x10) w.uint32(end);
    else if (tag === 0x1a) entityRef(w, w.lengthEnd(end), q + 1);
    else w.skip(tag, end, q);
  }
}

interface Scope {
  name: string;
  version: string;
}

/** InstrumentationScope into `out` (its attributes are checked, not kept, as before). */
function scope(w: Wire, end: number, q: number, out: Scope) {
  checkDepth(w, q);
  while (w.pos < end) {
    const tag = w.tag(end);
    if (tag === 0x0a) out.name = w.string(end);
    else if (tag === 0x12) out.version = w.string(end);
    else if (tag === 0x1a) keyValue(w, w.lengthEnd(end), q + 1, 0, {});
    else if (tag === 0x20) w.uint32(end);
    else w.skip(tag, end, q);
  }
}

/** A trace or span id as hex, as idToHex answers: null unless `size` bytes, not all zero. */
function hexId(w: Wire, end: number, size: number): string | null {
  const e = w.lengthEnd(end);
  const s = w.pos;
  w.pos = e;
  if (e - s !== size) return null;
  for (let i = s; i < e; i++) if (w.buf[i] !== 0) return w.buf.toString('hex', s, e);
  return null;
}

function logRecord(w: Wire, end: number, q: number, b: LogRowBatch, res: LogResource, sc: Scope) {
  checkDepth(w, q);
  const buf = w.buf;
  let tLo = 0;
  let tHi = 0;
  let oLo = 0;
  let oHi = 0;
  let sev = 0;
  let severityText = '';
  let body: Json = null;
  let bodyAt = -1;
  let bodyEnd = -1;
  let more: Spans | null = null;
  const attributes: JsonObject = {};
  let traceId: string | null = null;
  let spanId: string | null = null;
  let eventName = '';
  while (w.pos < end) {
    const tag = w.tag(end);
    if (tag === 0x09 || tag === 0x59) {
      const p = w.pos;
      if (p + 8 > end) w.fail('truncated fixed64');
      w.pos = p + 8;
      if (tag === 0x09) {
        tLo = buf.readUInt32LE(p);
        tHi = buf.readUInt32LE(p + 4);
      } else {
        oLo = buf.readUInt32LE(p);
        oHi = buf.readUInt32LE(p + 4);
      }
    } else if (tag === 0x10) sev = w.uint32(end) | 0;
    else if (tag === 0x1a) severityText = w.string(end);
    else if (tag === 0x2a) {
      const e = w.lengthEnd(end);
      const s = w.pos;
      const v = anyValue(w, e, q + 1, 0);
      if (bodyAt < 0) {
        body = v;
        bodyAt = s;
        bodyEnd = e;
      } else (more ??= [bodyAt, bodyEnd]).push(s, e);
    } else if (tag === 0x32) keyValue(w, w.lengthEnd(end), q + 1, 0, attributes);
    else if (tag === 0x38) w.uint32(end);
    else if (tag === 0x45) {
      if (w.pos + 4 > end) w.fail('truncated fixed32');
      w.pos += 4;
    } else if (tag === 0x4a) traceId = hexId(w, end, 16);
    else if (tag === 0x52) spanId = hexId(w, end, 8);
    else if (tag === 0x62) eventName = w.string(end);
    else w.skip(tag, end, q);
  }
  if (more) {
    const c = concatenated(w, more);
    body = anyValue(c, c.buf.length, q + 1, 0);
  }
  if (sev < 0 || sev > 24) {
    rejectLogRecord(b, `severityNumber ${sev} is not between 0 and 24`);
    return;
  }
  pushLogRow(b, res, sc.name || null, sc.version, {
    severityNumber: sev,
    severityText,
    time: nanosWordsToIso(tLo, tHi, nanosToIso),
    observed: nanosWordsToIso(oLo, oHi, nanosToIso),
    attributes,
    body,
    traceId,
    spanId,
    eventName,
  });
}

/** ScopeLogs: its scope is read first wherever it stands, since every record carries it. */
function scopeLogs(w: Wire, end: number, q: number, b: LogRowBatch, res: LogResource) {
  checkDepth(w, q);
  const sc: Scope = { name: '', version: '' };
  const records: Spans = [];
  while (w.pos < end) {
    const tag = w.tag(end);
    if (tag === 0x0a) {
      // Occurrences read into one object, the fields read last winning: that is merging.
      scope(w, w.lengthEnd(end), q + 1, sc);
    } else if (tag === 0x12) {
      const e = w.lengthEnd(end);
      records.push(w.pos, e);
      w.pos = e;
    } else if (tag === 0x1a) w.checkString(end);
    else w.skip(tag, end, q);
  }
  for (let i = 0; i < records.length; i += 2) {
    w.pos = records[i]!;
    logRecord(w, records[i + 1]!, q + 1, b, res, sc);
  }
  w.pos = end;
}

function resourceLogs(w: Wire, end: number, q: number, b: LogRowBatch) {
  checkDepth(w, q);
  // Resource attributes of every occurrence land in one object: merging concatenates them.
  const attrs: JsonObject = {};
  const scopes: Spans = [];
  while (w.pos < end) {
    const tag = w.tag(end);
    if (tag === 0x0a) resource(w, w.lengthEnd(end), q + 1, attrs);
    else if (tag === 0x12) {
      const e = w.lengthEnd(end);
      scopes.push(w.pos, e);
      w.pos = e;
    } else if (tag === 0x1a) w.checkString(end);
    else w.skip(tag, end, q);
  }
  // Scrubbed and turned into columns once for all of its records.
  const res = logResource(resourceInfoOf(attrs), b.ctx);
  for (let i = 0; i < scopes.length; i += 2) {
    w.pos = scopes[i]!;
    scopeLogs(w, scopes[i + 1]!, q + 1, b, res);
  }
  w.pos = end;
}

/**
 * The rows of an ExportLogsServiceRequest in protobuf. A record with an invalid severity is
 * rejected alone (partialSuccess); malformed bytes reject the request (400, as protobufjs's).
 */
export function readLogsRequestRows(
  body: Buffer,
  ctx: IngestContext,
  now = new Date(),
): OtlpLogsResult {
  const b = newLogRowBatch(ctx, now);
  const w = new Wire(body);
  const end = body.length;
  try {
    while (w.pos < end) {
      const tag = w.tag(end);
      if (tag === 0x0a) resourceLogs(w, w.lengthEnd(end), 1, b);
      else w.skip(tag, end, 0);
    }
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw new AppError(
      'VALIDATION',
      `Not a valid OTLP protobuf request: ${(err as Error).message}`,
    );
  }
  return { rows: b.rows, rejected: b.rejected, firstError: b.firstError };
}
