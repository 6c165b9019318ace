import { invalid } from '../../platform/errors.ts';

/**
 * Time bounds of the performance API. `from`/`to` are ISO 8601 instants, epoch milliseconds, or
 * expressions relative to now as the web UI writes them (`now`, `now-24h`, `now-15m`, `now+1h`;
 * units s, m, h, d, w). Defaults: the last 24 hours.
 */

const MINUTE = 60_000;
const UNIT_MS: Record<string, number> = {
  s: 1000,
  m: MINUTE,
  h: 60 * MINUTE,
  d: 24 * 60 * MINUTE,
  w: 7 * 24 * 60 * MINUTE,
};
export const DEFAULT_RANGE_MS = UNIT_MS.d!;
/** Widest range: the retention of the 5-minute rollups (seed 001 section 1.3). */
export const MAX_RANGE_DAYS = 90;

const RELATIVE = /^now(?:([+-])(\d{1,6})([smhdw]))?$/;
const ISO = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

/** Milliseconds since the epoch for one bound, or null when it is not a time. */
export function parseTimeExpression(text: string, nowMs: number): number | null {
  const rel = RELATIVE.exec(text);
  if (rel) {
    if (!rel[1]) return nowMs;
    const ms = Number(rel[2]) * UNIT_MS[rel[3]!]!;
    return rel[1] === '-' ? nowMs - ms : nowMs + ms;
  }
  if (/^\d{10,14}$/.test(text)) return Number(text);
  if (!ISO.test(text)) return null;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? null : ms;
}

export interface Range {
  fromMs: number;
  toMs: number;
}

function bound(name: 'from' | 'to', text: string, nowMs: number): number {
  const ms = parseTimeExpression(text, nowMs);
  if (ms === null || Math.abs(ms) > 8.64e15) {
    throw invalid(
      `\`${name}\` must be an ISO 8601 time, epoch milliseconds or now-<n><s|m|h|d|w>.`,
      [{ path: `querystring.${name}`, message: 'is not a time' }],
    );
  }
  return ms;
}

/** [from, to) from the query, checked: from before to, at most MAX_RANGE_DAYS. */
export function resolveRange(
  from: string | undefined,
  to: string | undefined,
  nowMs = Date.now(),
): Range {
  const toMs = to === undefined ? nowMs : bound('to', to, nowMs);
  const fromMs = from === undefined ? toMs - DEFAULT_RANGE_MS : bound('from', from, nowMs);
  if (!(fromMs < toMs)) throw invalid('`from` must be before `to`.');
  if (toMs - fromMs > MAX_RANGE_DAYS * UNIT_MS.d!) {
    throw invalid(`A time range may cover at most ${MAX_RANGE_DAYS} days.`);
  }
  return { fromMs, toMs };
}

/** The range widened to whole steps of stepMs (aligned to the epoch, as the rollup buckets are). */
export function alignRange(r: Range, stepMs: number): Range {
  return {
    fromMs: Math.floor(r.fromMs / stepMs) * stepMs,
    toMs: Math.ceil(r.toMs / stepMs) * stepMs,
  };
}

export type Level = '1m' | '5m' | '1h';
export const LEVEL_MS: Record<Level, number> = {
  '1m': MINUTE,
  '5m': 5 * MINUTE,
  '1h': 60 * MINUTE,
};
const COARSE_FIRST: Level[] = ['1h', '5m', '1m'];

export interface Part {
  level: Level;
  fromMs: number;
  toMs: number;
}

/**
 * Splits a minute-aligned range into the fewest rollup rows: whole hours from the hourly table,
 * then whole 5-minute buckets at the edges, then single minutes. Exact: the parts tile the range.
 */
export function splitRange(r: Range, levels: Level[] = COARSE_FIRST): Part[] {
  const [level, ...finer] = levels;
  if (!level || r.fromMs >= r.toMs) return [];
  if (finer.length === 0) return [{ level, ...r }];
  const step = LEVEL_MS[level];
  const a = Math.ceil(r.fromMs / step) * step;
  const b = Math.floor(r.toMs / step) * step;
  if (a >= b) return splitRange(r, finer);
  return [
    ...splitRange({ fromMs: r.fromMs, toMs: a }, finer),
    { level, fromMs: a, toMs: b },
    ...splitRange({ fromMs: b, toMs: r.toMs }, finer),
  ];
}

/** The trend interval `auto` picks: at most a few hundred points per chart. */
export function autoInterval(r: Range): Level {
  const span = r.toMs - r.fromMs;
  if (span <= 6 * LEVEL_MS['1h']) return '1m';
  if (span <= 72 * LEVEL_MS['1h']) return '5m';
  return '1h';
}
