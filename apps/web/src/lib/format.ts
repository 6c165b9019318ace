/**
 * Number, size, duration and date formatting for panels, tables and tooltips. Pure: locale and
 * time zone are parameters (undefined = the browser's), so output is reproducible in tests.
 */

export type ValueUnit =
  'none' | 'short' | 'percent' | 'percentunit' | 'bytes' | 'ms' | 's' | 'reqps' | 'count';

// Building an Intl formatter costs far more than formatting with one, and tables and tooltips
// format hundreds of values a frame: formatters are cached by locale and options.
const formatters = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();
function cached<F extends Intl.NumberFormat | Intl.DateTimeFormat>(key: string, make: () => F): F {
  let f = formatters.get(key) as F | undefined;
  if (!f) {
    if (formatters.size > 500) formatters.clear();
    f = make();
    formatters.set(key, f);
  }
  return f;
}
const nf = (locale: string | undefined, options: Intl.NumberFormatOptions): Intl.NumberFormat =>
  cached(
    `n|${locale ?? ''}|${JSON.stringify(options)}`,
    () => new Intl.NumberFormat(locale, options),
  );
const dtf = (locale: string | undefined, options: Intl.DateTimeFormatOptions) =>
  cached(
    `d|${locale ?? ''}|${JSON.stringify(options)}`,
    () => new Intl.DateTimeFormat(locale, options),
  );

/** 1234 -> `1.2K`, 5_300_000 -> `5.3M`; small values keep up to `maxFractionDigits`. */
export function formatCompact(value: number, locale?: string, maxFractionDigits = 1): string {
  if (!Number.isFinite(value)) return formatNonFinite(value);
  return nf(locale, { notation: 'compact', maximumFractionDigits: maxFractionDigits }).format(
    value,
  );
}

/** Plain grouped number with at most `maxFractionDigits` decimals: `12,345.68`. */
export function formatNumber(value: number, locale?: string, maxFractionDigits = 2): string {
  if (!Number.isFinite(value)) return formatNonFinite(value);
  return nf(locale, { maximumFractionDigits: maxFractionDigits }).format(value);
}

function formatNonFinite(value: number): string {
  if (Number.isNaN(value)) return '–';
  return value > 0 ? '∞' : '-∞';
}

const BYTE_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'] as const;

/** Binary sizes: 1536 -> `1.5 KiB`. */
export function formatBytes(bytes: number, locale?: string): string {
  if (!Number.isFinite(bytes)) return formatNonFinite(bytes);
  let value = Math.abs(bytes);
  let unit = 0;
  while (value >= 1024 && unit < BYTE_UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const digits = unit === 0 ? 0 : value < 10 ? 2 : value < 100 ? 1 : 0;
  const text = nf(locale, { maximumFractionDigits: digits }).format(value);
  return `${bytes < 0 ? '-' : ''}${text} ${BYTE_UNITS[unit]}`;
}

/**
 * Durations for latencies and uptimes: 0.42 -> `420 µs`, 350 -> `350 ms`, 1500 -> `1.5 s`,
 * 90_000 -> `1m 30s`, 7_500_000 -> `2h 5m`, 200_000_000 -> `2d 7h`.
 */
export function formatDuration(ms: number, locale?: string): string {
  if (!Number.isFinite(ms)) return formatNonFinite(ms);
  const sign = ms < 0 ? '-' : '';
  const abs = Math.abs(ms);
  const two = (v: number, digits: number): string =>
    nf(locale, { maximumFractionDigits: digits }).format(v);
  if (abs === 0) return '0 ms';
  if (abs < 1) return `${sign}${two(abs * 1000, 0)} µs`;
  if (abs < 1000) return `${sign}${two(abs, abs < 10 ? 2 : abs < 100 ? 1 : 0)} ms`;
  if (abs < 60_000) return `${sign}${two(abs / 1000, abs < 10_000 ? 2 : 1)} s`;
  const totalSeconds = Math.round(abs / 1000);
  const d = Math.floor(totalSeconds / 86_400);
  const h = Math.floor((totalSeconds % 86_400) / 3600);
  const m = Math.floor((totalSeconds % 3600) / 60);
  const s = totalSeconds % 60;
  if (d > 0) return `${sign}${d}d${h ? ` ${h}h` : ''}`;
  if (h > 0) return `${sign}${h}h${m ? ` ${m}m` : ''}`;
  return `${sign}${m}m${s ? ` ${s}s` : ''}`;
}

/** `ratio` 0.1234 -> `12.3%` (percentunit); use formatValue(v, 'percent') for 0-100 values. */
export function formatPercent(ratio: number, locale?: string, maxFractionDigits = 1): string {
  if (!Number.isFinite(ratio)) return formatNonFinite(ratio);
  return nf(locale, { style: 'percent', maximumFractionDigits: maxFractionDigits }).format(ratio);
}

/** Formats a value according to the panel unit. */
export function formatValue(
  value: number | null | undefined,
  unit: ValueUnit,
  locale?: string,
): string {
  if (value === null || value === undefined) return '–';
  switch (unit) {
    case 'none':
      return formatNumber(value, locale, 4);
    case 'short':
      return formatCompact(value, locale);
    case 'count':
      return formatNumber(value, locale, 0);
    case 'percent':
      return formatPercent(value / 100, locale);
    case 'percentunit':
      return formatPercent(value, locale);
    case 'bytes':
      return formatBytes(value, locale);
    case 'ms':
      return formatDuration(value, locale);
    case 's':
      return formatDuration(value * 1000, locale);
    case 'reqps':
      return `${formatCompact(value, locale, 2)} req/s`;
  }
}

export interface Delta {
  /** current - previous */
  absolute: number;
  /** (current - previous) / |previous|, null when previous is 0 or missing. */
  relative: number | null;
  direction: 'up' | 'down' | 'flat';
}

export function computeDelta(current: number, previous: number | null | undefined): Delta | null {
  if (previous === null || previous === undefined || !Number.isFinite(previous)) return null;
  const absolute = current - previous;
  const relative = previous === 0 ? null : absolute / Math.abs(previous);
  const direction = absolute > 0 ? 'up' : absolute < 0 ? 'down' : 'flat';
  return { absolute, relative, direction };
}

/** `+12.3%`, `-4%`, `0%`; falls back to the absolute change when there is no relative one. */
export function formatDelta(delta: Delta, unit: ValueUnit = 'short', locale?: string): string {
  if (delta.relative !== null) {
    const text = formatPercent(Math.abs(delta.relative), locale);
    return `${delta.direction === 'up' ? '+' : delta.direction === 'down' ? '-' : ''}${text}`;
  }
  const text = formatValue(Math.abs(delta.absolute), unit, locale);
  return `${delta.direction === 'up' ? '+' : delta.direction === 'down' ? '-' : ''}${text}`;
}

/** Date and time in the user's zone: `Mar 1, 2026, 14:05:09`. */
export function formatDateTime(
  ms: number,
  timeZone?: string,
  locale?: string,
  options: Intl.DateTimeFormatOptions = {},
): string {
  return dtf(locale, {
    timeZone,
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
    ...options,
  }).format(new Date(ms));
}

/**
 * A tick label whose precision fits the visible span: seconds under 5 minutes, time under 1 day,
 * day and time under 7 days, else the date.
 */
export function formatAxisTime(
  ms: number,
  spanMs: number,
  timeZone?: string,
  locale?: string,
): string {
  const opts: Intl.DateTimeFormatOptions =
    spanMs <= 5 * 60_000
      ? { hour: '2-digit', minute: '2-digit', second: '2-digit' }
      : spanMs <= 86_400_000
        ? { hour: '2-digit', minute: '2-digit' }
        : spanMs <= 7 * 86_400_000
          ? { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' }
          : { month: 'short', day: 'numeric' };
  return dtf(locale, { timeZone, hourCycle: 'h23', ...opts }).format(new Date(ms));
}

/** `5 minutes ago`, `in 2 hours`, `yesterday`. */
export function formatRelativeTime(ms: number, nowMs: number, locale?: string): string {
  const diff = ms - nowMs;
  const abs = Math.abs(diff);
  const rtf = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  if (abs < 45_000) return rtf.format(Math.round(diff / 1000), 'second');
  if (abs < 45 * 60_000) return rtf.format(Math.round(diff / 60_000), 'minute');
  if (abs < 22 * 3_600_000) return rtf.format(Math.round(diff / 3_600_000), 'hour');
  if (abs < 26 * 86_400_000) return rtf.format(Math.round(diff / 86_400_000), 'day');
  if (abs < 320 * 86_400_000) return rtf.format(Math.round(diff / (30 * 86_400_000)), 'month');
  return rtf.format(Math.round(diff / (365 * 86_400_000)), 'year');
}

/** The browser's IANA time zone, or `UTC` where the platform cannot say. */
export function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/** `3 events`, `1 event`: a count with its noun in English singular or plural (`-s`). */
export function countOf(n: number, noun: string, locale?: string): string {
  return `${n.toLocaleString(locale)} ${n === 1 ? noun : `${noun}s`}`;
}
