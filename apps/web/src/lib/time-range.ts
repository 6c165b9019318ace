/**
 * Time ranges as the URL carries them: `from` and `to` are expressions such as `now-1h`, `now`,
 * an ISO 8601 instant or epoch milliseconds; `refresh` is `off` or a duration such as `30s`.
 * Everything here is pure: "now" is always passed in, so callers and tests control the clock.
 */

export interface TimeRange {
  /** Expression, e.g. `now-1h` or `2026-03-01T10:00:00.000Z`. */
  from: string;
  to: string;
}

export const REFRESH_INTERVALS = ['off', '5s', '10s', '30s', '1m', '5m'] as const;
export type RefreshInterval = (typeof REFRESH_INTERVALS)[number];

export interface TimeRangeState extends TimeRange {
  refresh: RefreshInterval;
}

export interface ResolvedTimeRange {
  fromMs: number;
  toMs: number;
}

export interface RelativePreset {
  from: string;
  label: string;
}

export const RELATIVE_PRESETS: readonly RelativePreset[] = [
  { from: 'now-5m', label: 'Last 5 minutes' },
  { from: 'now-15m', label: 'Last 15 minutes' },
  { from: 'now-1h', label: 'Last 1 hour' },
  { from: 'now-6h', label: 'Last 6 hours' },
  { from: 'now-24h', label: 'Last 24 hours' },
  { from: 'now-7d', label: 'Last 7 days' },
  { from: 'now-30d', label: 'Last 30 days' },
];

export const DEFAULT_TIME_RANGE: TimeRangeState = { from: 'now-1h', to: 'now', refresh: 'off' };

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const WEEK = 7 * DAY;

const UNIT_MS: Record<string, number> = { ms: 1, s: SECOND, m: MINUTE, h: HOUR, d: DAY, w: WEEK };

/** Parses `500ms`, `30s`, `5m`, `1h`, `7d`, `2w` (also compounds like `1h30m`); null if invalid. */
export function parseDuration(text: string): number | null {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  const re = /(\d+(?:\.\d+)?)(ms|s|m|h|d|w)/gy;
  let total = 0;
  let consumed = 0;
  for (let match = re.exec(trimmed); match !== null; match = re.exec(trimmed)) {
    const [whole, amount, unit] = match;
    total += Number(amount) * (UNIT_MS[unit ?? ''] ?? Number.NaN);
    consumed += whole.length;
  }
  if (consumed !== trimmed.length || !Number.isFinite(total)) return null;
  return total;
}

/** Shortest exact duration text: 90_000 -> `90s`, 3_600_000 -> `1h`, 5_400_000 -> `90m`. */
export function formatDurationShort(ms: number): string {
  for (const [unit, size] of [
    ['w', WEEK],
    ['d', DAY],
    ['h', HOUR],
    ['m', MINUTE],
    ['s', SECOND],
  ] as const) {
    if (ms >= size && ms % size === 0) return `${ms / size}${unit}`;
  }
  return `${ms}ms`;
}

export type TimePoint = { kind: 'relative'; offsetMs: number } | { kind: 'absolute'; ms: number };

const ISO_RE =
  /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?)?(?:Z|[+-]\d{2}:?\d{2})?$/;

/** `now`, `now-15m`, `now+1h`, an ISO instant (no zone means UTC) or epoch ms; null if invalid. */
export function parseTimePoint(expr: string): TimePoint | null {
  const text = expr.trim();
  if (text === 'now') return { kind: 'relative', offsetMs: 0 };
  const rel = /^now([+-])(.+)$/.exec(text);
  if (rel) {
    const ms = parseDuration(rel[2] ?? '');
    if (ms === null) return null;
    return { kind: 'relative', offsetMs: rel[1] === '-' ? -ms : ms };
  }
  if (/^\d{10,14}$/.test(text)) return { kind: 'absolute', ms: Number(text) };
  if (ISO_RE.test(text)) {
    const hasZone = /(?:Z|[+-]\d{2}:?\d{2})$/.test(text) && text.length > 10;
    const ms = Date.parse(
      hasZone ? text : `${text.replace(' ', 'T')}${text.length > 10 ? 'Z' : ''}`,
    );
    return Number.isNaN(ms) ? null : { kind: 'absolute', ms };
  }
  return null;
}

export function resolveTimePoint(point: TimePoint, nowMs: number): number {
  return point.kind === 'absolute' ? point.ms : nowMs + point.offsetMs;
}

/** Absolute bounds for `range` at `nowMs`; null if either end is invalid or from >= to. */
export function resolveTimeRange(range: TimeRange, nowMs: number): ResolvedTimeRange | null {
  const from = parseTimePoint(range.from);
  const to = parseTimePoint(range.to);
  if (!from || !to) return null;
  const fromMs = resolveTimePoint(from, nowMs);
  const toMs = resolveTimePoint(to, nowMs);
  return fromMs < toMs ? { fromMs, toMs } : null;
}

export function isRelativeRange(range: TimeRange): boolean {
  return (
    parseTimePoint(range.from)?.kind === 'relative' && parseTimePoint(range.to)?.kind === 'relative'
  );
}

/** The canonical URL form of an absolute instant. */
export function formatInstant(ms: number): string {
  return new Date(ms).toISOString();
}

export function absoluteRange(fromMs: number, toMs: number): TimeRange {
  return { from: formatInstant(fromMs), to: formatInstant(toMs) };
}

export function parseRefresh(text: string | null | undefined): RefreshInterval {
  return (REFRESH_INTERVALS as readonly string[]).includes(text ?? '')
    ? (text as RefreshInterval)
    : 'off';
}

/** Milliseconds between refreshes, or null when refresh is off. */
export function refreshToMs(refresh: RefreshInterval): number | null {
  return refresh === 'off' ? null : parseDuration(refresh);
}

/**
 * Whether both ends parse and cannot be crossed: two relative ends or two absolute ends must be in
 * order; a mixed pair (absolute start, `now` end) is accepted because its order depends on the clock.
 */
export function isValidTimeRange(range: TimeRange): boolean {
  const from = parseTimePoint(range.from);
  const to = parseTimePoint(range.to);
  if (!from || !to) return false;
  if (from.kind === 'relative' && to.kind === 'relative') return from.offsetMs < to.offsetMs;
  if (from.kind === 'absolute' && to.kind === 'absolute') return from.ms < to.ms;
  return true;
}

/**
 * Reads `from`, `to`, `refresh` from search params; an invalid or missing range falls back to
 * `defaults` as a whole (never half of one range and half of another).
 */
export function readTimeRangeParams(
  params: URLSearchParams,
  defaults: TimeRangeState = DEFAULT_TIME_RANGE,
): TimeRangeState {
  const from = params.get('from');
  const to = params.get('to') ?? 'now';
  const refresh = params.has('refresh') ? parseRefresh(params.get('refresh')) : defaults.refresh;
  if (from === null || !isValidTimeRange({ from, to })) {
    return { from: defaults.from, to: defaults.to, refresh };
  }
  return { from, to, refresh };
}

/** Writes the state into a copy of `params`, keeping unrelated keys; `refresh=off` is omitted. */
export function writeTimeRangeParams(
  state: TimeRangeState,
  params: URLSearchParams = new URLSearchParams(),
): URLSearchParams {
  const next = new URLSearchParams(params);
  next.set('from', state.from);
  next.set('to', state.to);
  if (state.refresh === 'off') next.delete('refresh');
  else next.set('refresh', state.refresh);
  return next;
}

/** Steps a chart or a histogram may use, smallest first. */
export const NICE_STEPS_MS: readonly number[] = [
  SECOND,
  5 * SECOND,
  10 * SECOND,
  15 * SECOND,
  30 * SECOND,
  MINUTE,
  2 * MINUTE,
  5 * MINUTE,
  10 * MINUTE,
  15 * MINUTE,
  30 * MINUTE,
  HOUR,
  2 * HOUR,
  3 * HOUR,
  6 * HOUR,
  12 * HOUR,
  DAY,
  2 * DAY,
  WEEK,
  30 * DAY,
];

/**
 * The smallest nice step that keeps the number of buckets at or under `maxBuckets`
 * (default 300, about one per 3 px of a wide panel), and at least `minStepMs`.
 */
export function chooseStep(range: ResolvedTimeRange, maxBuckets = 300, minStepMs = SECOND): number {
  const span = Math.max(range.toMs - range.fromMs, 1);
  const wanted = Math.max(span / Math.max(maxBuckets, 1), minStepMs);
  for (const step of NICE_STEPS_MS) if (step >= wanted) return step;
  const last = NICE_STEPS_MS[NICE_STEPS_MS.length - 1] ?? DAY;
  return Math.ceil(wanted / last) * last;
}

/** Start of every bucket of `stepMs` (aligned to the epoch) that overlaps [fromMs, toMs). */
export function bucketStarts(range: ResolvedTimeRange, stepMs: number): number[] {
  if (stepMs <= 0) throw new RangeError('stepMs must be positive');
  const first = Math.floor(range.fromMs / stepMs) * stepMs;
  const starts: number[] = [];
  for (let t = first; t < range.toMs; t += stepMs) starts.push(t);
  return starts;
}

/** Index of the bucket holding `ms` among `bucketStarts(range, stepMs)`, or -1 outside. */
export function bucketIndex(ms: number, range: ResolvedTimeRange, stepMs: number): number {
  if (ms < range.fromMs || ms >= range.toMs) return -1;
  const first = Math.floor(range.fromMs / stepMs) * stepMs;
  return Math.floor((ms - first) / stepMs);
}

/** Calendar fields of `ms` as seen in `timeZone` (an IANA name; undefined = the browser's). */
function zonedFields(ms: number, timeZone: string | undefined): Record<string, number> {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(ms));
  const out: Record<string, number> = {};
  for (const part of parts) if (part.type !== 'literal') out[part.type] = Number(part.value);
  return out;
}

/** Offset of `timeZone` from UTC at instant `ms`, in ms (positive east of Greenwich). */
export function zoneOffsetMs(ms: number, timeZone: string | undefined): number {
  const f = zonedFields(ms, timeZone);
  const asUtc = Date.UTC(
    f.year ?? 1970,
    (f.month ?? 1) - 1,
    f.day ?? 1,
    f.hour ?? 0,
    f.minute ?? 0,
    f.second ?? 0,
  );
  return asUtc - (ms - (((ms % 1000) + 1000) % 1000));
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** `YYYY-MM-DDTHH:mm:ss` in `timeZone`, the value an `<input type="datetime-local">` takes. */
export function toDateTimeLocalValue(ms: number, timeZone: string | undefined): string {
  const f = zonedFields(ms, timeZone);
  return `${pad(f.year ?? 0, 4)}-${pad(f.month ?? 0)}-${pad(f.day ?? 0)}T${pad(f.hour ?? 0)}:${pad(f.minute ?? 0)}:${pad(f.second ?? 0)}`;
}

/**
 * The instant a wall-clock `YYYY-MM-DDTHH:mm[:ss]` denotes in `timeZone`; null if malformed.
 * Like `Date` does for local time: in a DST overlap the earlier instant wins, and a time inside a
 * DST gap is read with the offset from before the gap (02:30 becomes 03:30).
 */
export function fromDateTimeLocalValue(value: string, timeZone: string | undefined): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(value.trim());
  if (!m) return null;
  const [y, mo, d, h, mi, s] = m.slice(1).map((part) => Number(part ?? 0));
  const wall = Date.UTC(y ?? 0, (mo ?? 1) - 1, d ?? 1, h ?? 0, mi ?? 0, s ?? 0);
  if (Number.isNaN(wall)) return null;
  // Offsets change at most once within a day around any wall time, so the offsets a day
  // before and after are the only candidates.
  const before = wall - zoneOffsetMs(wall - DAY, timeZone);
  const after = wall - zoneOffsetMs(wall + DAY, timeZone);
  const target = toDateTimeLocalValue(wall, 'UTC');
  const valid = [before, after].filter((ms) => toDateTimeLocalValue(ms, timeZone) === target);
  return valid.length > 0 ? Math.min(...valid) : before;
}

/** A short human label: `Last 1 hour`, `now-90m to now`, or both ends formatted in `timeZone`. */
export function describeTimeRange(range: TimeRange, timeZone?: string, locale?: string): string {
  if (range.to === 'now') {
    const preset = RELATIVE_PRESETS.find((p) => p.from === range.from);
    if (preset) return preset.label;
  }
  const fmt = new Intl.DateTimeFormat(locale, {
    timeZone,
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  });
  const show = (expr: string): string => {
    const p = parseTimePoint(expr);
    return p?.kind === 'absolute' ? fmt.format(new Date(p.ms)) : expr;
  };
  return `${show(range.from)} to ${show(range.to)}`;
}
