import { formatSampleValue } from './engine/index.ts';
import type { PromQueryData, PromValue, StepMatrix } from './types.ts';

// The success envelope of /api/v1/query and /query_range, written directly: a dashboard query
// over 1,000 series returns over a million points, and building the text directly is several
// times faster than JSON.stringify over the nested arrays (and skips the response schema's
// serializer, which would walk them once more).

// Sample values are the engine's float formatting (digits, sign, '.', 'e', NaN, +Inf, -Inf):
// nothing to escape. A string result is arbitrary text and is escaped.
const point = (p: PromValue) => `[${p[0]},"${p[1]}"]`;

export function queryResponseJson(data: PromQueryData): string {
  const head = `{"status":"success","data":{"resultType":"${data.resultType}","result":`;
  switch (data.resultType) {
    case 'scalar':
      return `${head}${point(data.result)}}}`;
    case 'string':
      return `${head}[${data.result[0]},${JSON.stringify(data.result[1])}]}}`;
    case 'vector': {
      const parts = data.result.map(
        (s) => `{"metric":${JSON.stringify(s.metric)},"value":${point(s.value)}}`,
      );
      return `${head}[${parts.join(',')}]}}`;
    }
    case 'matrix': {
      const parts: string[] = [];
      for (const s of data.result) {
        const values = new Array<string>(s.values.length);
        for (let i = 0; i < s.values.length; i++) values[i] = point(s.values[i]!);
        parts.push(`{"metric":${JSON.stringify(s.metric)},"values":[${values.join(',')}]}`);
      }
      return `${head}[${parts.join(',')}]}}`;
    }
  }
}

/** Grows `buf` (keeping its first `used` bytes) to hold `more` bytes after them. */
function reserve(buf: Buffer, used: number, more: number): Buffer {
  if (used + more <= buf.length) return buf;
  const next = Buffer.allocUnsafe(Math.max(buf.length * 2, used + more));
  buf.copy(next, 0, 0, used);
  return next;
}

/**
 * A range query's matrix as the response body (the same bytes queryResponseJson gives for its
 * PromQueryData form): points are written from the step arrays into one buffer, with each
 * step's `,[seconds,"` prefix built once for all series instead of once per point.
 */
export function stepMatrixJson(m: StepMatrix): Buffer {
  const { start, step, n } = m.grid;
  const prefixes = new Array<Buffer>(n);
  let longest = 0;
  for (let i = 0; i < n; i++) {
    const prefix = Buffer.from(`,[${(start + i * step) / 1000},"`);
    prefixes[i] = prefix;
    longest = Math.max(longest, prefix.length);
  }
  let points = 0;
  for (const s of m.series) for (let i = 0; i < n; i++) points += s.has[i]!;
  // Sized for every point (a value takes at most 24 characters, "-2.2250738585072014e-308"),
  // so it grows only for long label sets.
  let buf: Buffer = Buffer.allocUnsafe(64 + points * (longest + 26));
  let at = buf.write('{"status":"success","data":{"resultType":"matrix","result":[');
  // A plain loop (not forEach): buf and at stay locals of this function, not closure slots.
  for (let k = 0; k < m.series.length; k++) {
    const s = m.series[k]!;
    // Labels may hold any character: UTF-8.
    const head = `${k ? ',' : ''}{"metric":${JSON.stringify(s.metric)},"values":[`;
    buf = reserve(buf, at, Buffer.byteLength(head) + 2);
    at += buf.write(head, at);
    let skip = 1; // the first point has no leading comma
    for (let i = 0; i < n; i++) {
      if (!s.has[i]) continue;
      const prefix = prefixes[i]!;
      const v = s.vals[i]!;
      buf = reserve(buf, at, prefix.length + 26);
      for (let j = skip; j < prefix.length; j++) buf[at++] = prefix[j]!;
      // ASCII only (digits, sign, '.', 'e', NaN, +Inf, -Inf).
      const text = formatSampleValue(v);
      for (let j = 0; j < text.length; j++) buf[at++] = text.charCodeAt(j);
      buf[at++] = 0x22; // "
      buf[at++] = 0x5d; // ]
      skip = 0;
    }
    buf = reserve(buf, at, 2);
    at += buf.write(']}', at);
  }
  buf = reserve(buf, at, 3);
  at += buf.write(']}}', at);
  return buf.subarray(0, at);
}

/** The body of a query answer: a range query's StepMatrix, or any PromQueryData. */
export function queryResponseBody(data: PromQueryData | StepMatrix): string | Buffer {
  return 'grid' in data ? stepMatrixJson(data) : queryResponseJson(data);
}

export function successJson(data: unknown): string {
  return `{"status":"success","data":${JSON.stringify(data)}}`;
}
