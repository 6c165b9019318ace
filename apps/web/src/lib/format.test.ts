import { describe, expect, it } from 'vitest';
import {
  computeDelta,
  countOf,
  formatAxisTime,
  formatBytes,
  formatCompact,
  formatDateTime,
  formatDelta,
  formatDuration,
  formatNumber,
  formatPercent,
  formatRelativeTime,
  formatValue,
} from './format.ts';

const L = 'en-US';

describe('numbers', () => {
  it('formats compact and plain numbers', () => {
    expect(formatCompact(999, L)).toBe('999');
    expect(formatCompact(1234, L)).toBe('1.2K');
    expect(formatCompact(5_300_000, L)).toBe('5.3M');
    expect(formatNumber(12345.6789, L)).toBe('12,345.68');
    expect(formatNumber(Number.NaN, L)).toBe('–');
    expect(formatNumber(Number.POSITIVE_INFINITY, L)).toBe('∞');
  });
  it('formats bytes in binary units', () => {
    expect(formatBytes(0, L)).toBe('0 B');
    expect(formatBytes(1023, L)).toBe('1,023 B');
    expect(formatBytes(1536, L)).toBe('1.5 KiB');
    expect(formatBytes(5 * 1024 ** 3, L)).toBe('5 GiB');
    expect(formatBytes(123.4 * 1024 ** 2, L)).toBe('123 MiB');
    expect(formatBytes(-2048, L)).toBe('-2 KiB');
  });
  it('formats percentages', () => {
    expect(formatPercent(0.1234, L)).toBe('12.3%');
    expect(formatValue(99.95, 'percent', L)).toBe('100%');
    expect(formatValue(99.94, 'percent', L)).toBe('99.9%');
  });
});

describe('durations', () => {
  it('scales from microseconds to days', () => {
    expect(formatDuration(0, L)).toBe('0 ms');
    expect(formatDuration(0.42, L)).toBe('420 µs');
    expect(formatDuration(3.456, L)).toBe('3.46 ms');
    expect(formatDuration(350, L)).toBe('350 ms');
    expect(formatDuration(1500, L)).toBe('1.5 s');
    expect(formatDuration(42_300, L)).toBe('42.3 s');
    expect(formatDuration(90_000, L)).toBe('1m 30s');
    expect(formatDuration(120_000, L)).toBe('2m');
    expect(formatDuration(7_500_000, L)).toBe('2h 5m');
    expect(formatDuration(200_000_000, L)).toBe('2d 7h');
    expect(formatDuration(-1500, L)).toBe('-1.5 s');
  });
});

describe('formatValue', () => {
  it('dispatches on unit', () => {
    expect(formatValue(null, 'short', L)).toBe('–');
    expect(formatValue(2.5, 's', L)).toBe('2.5 s');
    expect(formatValue(0.25, 'percentunit', L)).toBe('25%');
    expect(formatValue(1200, 'reqps', L)).toBe('1.2K req/s');
    expect(formatValue(1234.5, 'count', L)).toBe('1,235');
    expect(formatValue(2048, 'bytes', L)).toBe('2 KiB');
  });
});

describe('deltas', () => {
  it('computes relative and absolute change', () => {
    expect(computeDelta(110, 100)).toEqual({ absolute: 10, relative: 0.1, direction: 'up' });
    expect(computeDelta(90, 100)?.direction).toBe('down');
    expect(computeDelta(5, 0)).toEqual({ absolute: 5, relative: null, direction: 'up' });
    expect(computeDelta(5, null)).toBeNull();
  });
  it('formats deltas with a sign', () => {
    expect(formatDelta({ absolute: 10, relative: 0.1, direction: 'up' }, 'short', L)).toBe('+10%');
    expect(formatDelta({ absolute: -4, relative: -0.04, direction: 'down' }, 'short', L)).toBe(
      '-4%',
    );
    expect(formatDelta({ absolute: 0, relative: 0, direction: 'flat' }, 'short', L)).toBe('0%');
    expect(formatDelta({ absolute: 1500, relative: null, direction: 'up' }, 'ms', L)).toBe(
      '+1.5 s',
    );
  });
});

describe('dates', () => {
  const ms = Date.UTC(2026, 2, 1, 14, 5, 9);
  it('formats in the requested zone', () => {
    expect(formatDateTime(ms, 'UTC', L)).toBe('Mar 1, 2026, 14:05:09');
    expect(formatDateTime(ms, 'Asia/Tokyo', L)).toBe('Mar 1, 2026, 23:05:09');
  });
  it('picks axis precision from the visible span', () => {
    expect(formatAxisTime(ms, 60_000, 'UTC', L)).toBe('14:05:09');
    expect(formatAxisTime(ms, 3_600_000, 'UTC', L)).toBe('14:05');
    expect(formatAxisTime(ms, 3 * 86_400_000, 'UTC', L)).toBe('Mar 1, 14:05');
    expect(formatAxisTime(ms, 30 * 86_400_000, 'UTC', L)).toBe('Mar 1');
  });
  it('formats relative times', () => {
    expect(formatRelativeTime(ms - 5 * 60_000, ms, L)).toBe('5 minutes ago');
    expect(formatRelativeTime(ms + 2 * 3_600_000, ms, L)).toBe('in 2 hours');
    expect(formatRelativeTime(ms - 86_400_000, ms, L)).toBe('yesterday');
    expect(formatRelativeTime(ms, ms, L)).toBe('now');
  });
});

describe('countOf', () => {
  it('puts the noun in the singular only for one', () => {
    expect(countOf(1, 'event')).toBe('1 event');
    expect(countOf(0, 'issue')).toBe('0 issues');
    expect(countOf(12345, 'record', 'en-US')).toBe('12,345 records');
  });
});
