import type { MetricType } from '../remote-write.ts';

/**
 * A parser for the Prometheus text exposition format 0.0.4 and OpenMetrics 1.0 text: HELP,
 * TYPE and UNIT lines, label value escapes, optional timestamps (milliseconds in 0.0.4,
 * seconds in OpenMetrics), exemplars (skipped), `# EOF`. Like Prometheus, a syntax error fails
 * the whole scrape. Pure; bounded by the caller's byte and sample limits.
 */

export interface ParsedSample {
  name: string;
  labels: Record<string, string>;
  value: number;
  /** Milliseconds since the epoch, or null for "at scrape time". */
  timeMs: number | null;
}

export interface FamilyMeta {
  /** The series name the metadata applies to (the family, or `foo_total` for counters). */
  name: string;
  type: MetricType;
  help: string | null;
  unit: string | null;
}

export interface Exposition {
  samples: ParsedSample[];
  metadata: FamilyMeta[];
}

export class ExpositionError extends Error {}

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*/;
const LABEL = /^[a-zA-Z_][a-zA-Z0-9_]*/;

const TYPES: Record<string, MetricType> = {
  counter: 'counter',
  gauge: 'gauge',
  histogram: 'histogram',
  gaugehistogram: 'histogram',
  summary: 'summary',
  untyped: 'unknown',
  unknown: 'unknown',
  info: 'gauge',
  stateset: 'gauge',
};

/** Go's strconv.ParseFloat as Prometheus uses it: decimal, exponent, Inf/NaN in any case. */
export function parseFloatStrict(s: string): number | null {
  if (/^[+-]?(inf|infinity)$/i.test(s)) return s.startsWith('-') ? -Infinity : Infinity;
  if (/^nan$/i.test(s)) return NaN;
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s)) return null;
  return Number(s);
}

function unescapeHelp(s: string): string {
  return s.replace(/\\(\\|n)/g, (_m, c: string) => (c === 'n' ? '\n' : '\\'));
}

interface Family {
  type: string;
  help: string | null;
  unit: string | null;
}

/** Parses an exposition body; `openMetrics` from the response's Content-Type. */
export function parseExposition(
  text: string,
  openMetrics: boolean,
  maxSamples: number,
): Exposition {
  const families = new Map<string, Family>();
  const samples: ParsedSample[] = [];
  const lines = text.split('\n');
  let eof = false;
  const fail = (n: number, why: string): never => {
    throw new ExpositionError(`line ${n + 1}: ${why}`);
  };
  const family = (name: string) => {
    let f = families.get(name);
    if (!f) families.set(name, (f = { type: 'untyped', help: null, unit: null }));
    return f;
  };
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n]!.endsWith('\r') ? lines[n]!.slice(0, -1) : lines[n]!;
    if (eof) {
      if (line !== '' || n !== lines.length - 1) fail(n, 'content after # EOF');
      continue;
    }
    if (line.trim() === '') {
      if (openMetrics && n !== lines.length - 1) fail(n, 'empty line');
      continue;
    }
    if (line.startsWith('#')) {
      if (line === '# EOF') {
        eof = true;
        continue;
      }
      const m = /^#\s+(HELP|TYPE|UNIT)\s+(\S+)(?:\s(.*))?$/.exec(line);
      if (!m) continue; // a comment
      const [, kind, name, rest = ''] = m;
      if (!NAME.test(name!) || NAME.exec(name!)![0] !== name)
        fail(n, `invalid metric name in ${kind}`);
      const f = family(name!);
      if (kind === 'HELP') f.help = unescapeHelp(rest);
      else if (kind === 'UNIT') f.unit = rest.trim() || null;
      else {
        const type = rest.trim().toLowerCase();
        if (!(type in TYPES)) fail(n, `unknown metric type ${JSON.stringify(type)}`);
        f.type = type;
      }
      continue;
    }
    samples.push(parseSample(line, n, openMetrics, fail));
    if (samples.length > maxSamples)
      throw new ExpositionError(`sample limit ${maxSamples} exceeded`);
  }
  if (openMetrics && !eof) throw new ExpositionError('OpenMetrics body without # EOF');
  return {
    samples: dropCreated(samples, families, openMetrics),
    metadata: metadataOf(families, openMetrics),
  };
}

function parseSample(
  line: string,
  n: number,
  openMetrics: boolean,
  fail: (n: number, why: string) => never,
): ParsedSample {
  const nm = NAME.exec(line);
  if (!nm) fail(n, 'expected a metric name');
  const name = nm![0];
  let i = name.length;
  const labels: Record<string, string> = {};
  if (line[i] === '{') {
    i++;
    for (;;) {
      while (line[i] === ' ' || line[i] === '\t') i++;
      if (line[i] === '}') {
        i++;
        break;
      }
      const lm = LABEL.exec(line.slice(i, i + 1024));
      if (!lm) fail(n, 'expected a label name');
      const key = lm![0];
      i += key.length;
      while (line[i] === ' ') i++;
      if (line[i] !== '=' || line[i + 1] !== '"') fail(n, `expected ="…" after label ${key}`);
      i += 2;
      let value = '';
      for (;;) {
        const c = line[i];
        if (c === undefined) fail(n, 'unterminated label value');
        if (c === '"') break;
        if (c === '\\') {
          const e = line[i + 1];
          value += e === 'n' ? '\n' : e === '"' ? '"' : e === '\\' ? '\\' : `\\${e ?? ''}`;
          i += 2;
          continue;
        }
        value += c;
        i++;
      }
      i++;
      if (key in labels) fail(n, `duplicate label ${key}`);
      labels[key] = value;
      while (line[i] === ' ') i++;
      if (line[i] === ',') i++;
      else if (line[i] !== '}') fail(n, 'expected , or } in labels');
    }
  }
  // The rest: value [timestamp] [# exemplar]
  const hash = openMetrics ? line.indexOf(' # ', i) : -1;
  const fields = (hash >= 0 ? line.slice(i, hash) : line.slice(i)).trim().split(/[ \t]+/);
  if (!/^[ \t]/.test(line.slice(i)) || fields.length < 1 || fields.length > 2 || fields[0] === '')
    fail(n, 'expected a value after the name and labels');
  const value = parseFloatStrict(fields[0]!);
  if (value === null) fail(n, `invalid value ${JSON.stringify(fields[0]!.slice(0, 40))}`);
  let timeMs: number | null = null;
  if (fields[1] !== undefined) {
    const t = openMetrics
      ? parseFloatStrict(fields[1])
      : /^-?\d+$/.test(fields[1])
        ? Number(fields[1])
        : null;
    if (t === null || !Number.isFinite(t))
      fail(n, `invalid timestamp ${JSON.stringify(fields[1].slice(0, 40))}`);
    timeMs = Math.round(openMetrics ? t! * 1000 : t!);
  }
  return { name, labels, value: value!, timeMs };
}

/** The family a sample belongs to, by the suffixes of its declared type. */
function familyOf(name: string, families: Map<string, Family>): string | null {
  if (families.has(name)) return name;
  const m = /^(.*)_(total|created|bucket|sum|count|gcount|gsum|info)$/.exec(name);
  return m && families.has(m[1]!) ? m[1]! : null;
}

/** OpenMetrics `_created` series are creation times, not samples (Prometheus skips them too). */
function dropCreated(samples: ParsedSample[], families: Map<string, Family>, om: boolean) {
  if (!om) return samples;
  return samples.filter((s) => {
    if (!s.name.endsWith('_created')) return true;
    const f = familyOf(s.name, families);
    return (
      !f || !['counter', 'histogram', 'summary', 'gaugehistogram'].includes(families.get(f)!.type)
    );
  });
}

function metadataOf(families: Map<string, Family>, om: boolean): FamilyMeta[] {
  const out: FamilyMeta[] = [];
  for (const [name, f] of families) {
    const type = TYPES[f.type] ?? 'unknown';
    // OpenMetrics names a counter family `foo` and its samples `foo_total`; 0.0.4 names both alike.
    const series =
      om && f.type === 'counter'
        ? `${name}_total`
        : om && f.type === 'info'
          ? `${name}_info`
          : name;
    out.push({ name: series, type, help: f.help, unit: f.unit });
  }
  return out;
}
