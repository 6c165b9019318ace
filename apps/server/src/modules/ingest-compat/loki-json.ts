import { parseLabels } from './loki-labels.ts';
import type { LokiInputEntry } from './loki-map.ts';
import { normalizeTime } from './time.ts';

export class LokiBodyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LokiBodyError';
  }
}

export interface LokiParsedStream {
  labels: Record<string, string>;
  entries: LokiInputEntry[];
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function stringMap(v: unknown, what: string): Record<string, string> {
  if (v === undefined || v === null) return {};
  if (!isObject(v)) throw new LokiBodyError(`${what} must be an object of strings`);
  const out: Record<string, string> = {};
  for (const [k, x] of Object.entries(v)) {
    if (typeof x !== 'string') throw new LokiBodyError(`${what}.${k} must be a string`);
    out[k] = x;
  }
  return out;
}

function nanosOf(v: unknown, where: string): bigint {
  if (typeof v === 'string' && /^\d{1,20}$/.test(v)) return BigInt(v);
  // The legacy `entries` form carries RFC 3339 times.
  const iso = typeof v === 'string' ? normalizeTime(v) : null;
  if (iso) {
    const ms = BigInt(Date.parse(iso));
    return ms * 1_000_000n + BigInt(Number(iso.slice(23, 26))) * 1000n;
  }
  throw new LokiBodyError(
    `${where}: the timestamp must be a string of nanoseconds since the epoch`,
  );
}

/**
 * Parses Loki's JSON push body: `{"streams":[{"stream":{labels},"values":[[ts_ns, line,
 * {structured metadata}?], ...]}]}`, and the legacy `{"labels":"{...}","entries":[{"ts",
 * "line"}]}` stream form. Throws LokiBodyError (a 400, nothing stored) when malformed.
 */
export function parseLokiJson(text: string): LokiParsedStream[] {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (e) {
    throw new LokiBodyError(`the body is not JSON: ${(e as Error).message}`);
  }
  if (!isObject(body) || !Array.isArray(body.streams)) {
    throw new LokiBodyError('the body must be an object with a `streams` array');
  }
  return body.streams.map((s: unknown, i: number): LokiParsedStream => {
    const where = `streams[${i}]`;
    if (!isObject(s)) throw new LokiBodyError(`${where} must be an object`);
    if (typeof s.labels === 'string' && Array.isArray(s.entries)) {
      return {
        labels: parseLabels(s.labels),
        entries: s.entries.map((e: unknown, j: number) => {
          if (!isObject(e) || typeof e.line !== 'string') {
            throw new LokiBodyError(`${where}.entries[${j}] must be {"ts","line"}`);
          }
          return { tsNanos: nanosOf(e.ts, `${where}.entries[${j}]`), line: e.line, metadata: {} };
        }),
      };
    }
    if (!Array.isArray(s.values)) throw new LokiBodyError(`${where}.values must be an array`);
    return {
      labels: stringMap(s.stream, `${where}.stream`),
      entries: s.values.map((v: unknown, j: number) => {
        const at = `${where}.values[${j}]`;
        if (!Array.isArray(v) || v.length < 2 || v.length > 3 || typeof v[1] !== 'string') {
          throw new LokiBodyError(`${at} must be [timestamp, line] or [timestamp, line, metadata]`);
        }
        return { tsNanos: nanosOf(v[0], at), line: v[1], metadata: stringMap(v[2], `${at}[2]`) };
      }),
    };
  });
}
