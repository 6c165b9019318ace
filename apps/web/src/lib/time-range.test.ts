import { describe, expect, it } from 'vitest';
import {
  bucketIndex,
  bucketStarts,
  chooseStep,
  describeTimeRange,
  formatDurationShort,
  fromDateTimeLocalValue,
  isRelativeRange,
  isValidTimeRange,
  parseDuration,
  parseRefresh,
  parseTimePoint,
  readTimeRangeParams,
  refreshToMs,
  resolveTimeRange,
  toDateTimeLocalValue,
  writeTimeRangeParams,
  zoneOffsetMs,
} from './time-range.ts';

const NOW = Date.UTC(2026, 2, 1, 12, 0, 0);

describe('parseDuration', () => {
  it('reads single and compound units', () => {
    expect(parseDuration('30s')).toBe(30_000);
    expect(parseDuration('5m')).toBe(300_000);
    expect(parseDuration('1h30m')).toBe(5_400_000);
    expect(parseDuration('7d')).toBe(604_800_000);
    expect(parseDuration('2w')).toBe(1_209_600_000);
    expect(parseDuration('250ms')).toBe(250);
  });
  it('rejects garbage', () => {
    for (const bad of ['', '5', 'm', '5x', '5m junk', '-5m', '1h 30m']) {
      expect(parseDuration(bad)).toBeNull();
    }
  });
  it('round-trips with formatDurationShort', () => {
    for (const text of ['5s', '90s', '1m', '90m', '1h', '6h', '1d', '30d', '1w']) {
      expect(formatDurationShort(parseDuration(text) ?? -1)).toBe(text);
    }
    expect(formatDurationShort(1500)).toBe('1500ms');
  });
});

describe('parseTimePoint and resolveTimeRange', () => {
  it('reads now, relative offsets, ISO and epoch ms', () => {
    expect(parseTimePoint('now')).toEqual({ kind: 'relative', offsetMs: 0 });
    expect(parseTimePoint('now-15m')).toEqual({ kind: 'relative', offsetMs: -900_000 });
    expect(parseTimePoint('now+1h')).toEqual({ kind: 'relative', offsetMs: 3_600_000 });
    expect(parseTimePoint('2026-03-01T10:00:00.000Z')).toEqual({
      kind: 'absolute',
      ms: Date.UTC(2026, 2, 1, 10),
    });
    expect(parseTimePoint('2026-03-01T10:00:00+02:00')).toEqual({
      kind: 'absolute',
      ms: Date.UTC(2026, 2, 1, 8),
    });
    // No zone means UTC, so a shared link means the same instant for everyone.
    expect(parseTimePoint('2026-03-01T10:00')).toEqual({
      kind: 'absolute',
      ms: Date.UTC(2026, 2, 1, 10),
    });
    expect(parseTimePoint('2026-03-01')).toEqual({ kind: 'absolute', ms: Date.UTC(2026, 2, 1) });
    expect(parseTimePoint(String(NOW))).toEqual({ kind: 'absolute', ms: NOW });
  });
  it('rejects malformed expressions', () => {
    for (const bad of ['', 'yesterday', 'now-', 'now-5', 'now*2', '2026-13-45T99:99', '12345']) {
      expect(parseTimePoint(bad)).toBeNull();
    }
  });
  it('resolves against the given now', () => {
    expect(resolveTimeRange({ from: 'now-1h', to: 'now' }, NOW)).toEqual({
      fromMs: NOW - 3_600_000,
      toMs: NOW,
    });
    expect(resolveTimeRange({ from: 'now', to: 'now-1h' }, NOW)).toBeNull();
    expect(resolveTimeRange({ from: 'bogus', to: 'now' }, NOW)).toBeNull();
  });
  it('tells relative from absolute ranges', () => {
    expect(isRelativeRange({ from: 'now-1h', to: 'now' })).toBe(true);
    expect(isRelativeRange({ from: '2026-03-01T10:00:00Z', to: 'now' })).toBe(false);
  });
  it('validates ordering when it does not depend on the clock', () => {
    expect(isValidTimeRange({ from: 'now-1h', to: 'now' })).toBe(true);
    expect(isValidTimeRange({ from: 'now', to: 'now-1h' })).toBe(false);
    expect(isValidTimeRange({ from: '2026-03-02T00:00:00Z', to: '2026-03-01T00:00:00Z' })).toBe(
      false,
    );
    expect(isValidTimeRange({ from: '2026-03-01T00:00:00Z', to: 'now' })).toBe(true);
  });
});

describe('URL search params', () => {
  it('reads a full state', () => {
    const params = new URLSearchParams('from=now-6h&to=now&refresh=30s&q=level:error');
    expect(readTimeRangeParams(params)).toEqual({ from: 'now-6h', to: 'now', refresh: '30s' });
  });
  it('defaults missing to, unknown refresh and invalid ranges', () => {
    expect(readTimeRangeParams(new URLSearchParams('from=now-5m'))).toEqual({
      from: 'now-5m',
      to: 'now',
      refresh: 'off',
    });
    expect(readTimeRangeParams(new URLSearchParams('from=now-5m&refresh=3s')).refresh).toBe('off');
    expect(readTimeRangeParams(new URLSearchParams('from=garbage&to=now&refresh=1m'))).toEqual({
      from: 'now-1h',
      to: 'now',
      refresh: '1m',
    });
    expect(
      readTimeRangeParams(new URLSearchParams(''), { from: 'now-24h', to: 'now', refresh: '5m' }),
    ).toEqual({
      from: 'now-24h',
      to: 'now',
      refresh: '5m',
    });
  });
  it('writes the state and keeps unrelated params', () => {
    const written = writeTimeRangeParams(
      { from: '2026-03-01T10:00:00.000Z', to: '2026-03-01T11:00:00.000Z', refresh: 'off' },
      new URLSearchParams('q=timeout&refresh=5s'),
    );
    expect(written.get('q')).toBe('timeout');
    expect(written.get('from')).toBe('2026-03-01T10:00:00.000Z');
    expect(written.has('refresh')).toBe(false);
    const again = readTimeRangeParams(
      writeTimeRangeParams({ from: 'now-7d', to: 'now', refresh: '1m' }),
    );
    expect(again).toEqual({ from: 'now-7d', to: 'now', refresh: '1m' });
  });
  it('maps refresh intervals to milliseconds', () => {
    expect(parseRefresh('10s')).toBe('10s');
    expect(parseRefresh(null)).toBe('off');
    expect(refreshToMs('off')).toBeNull();
    expect(refreshToMs('5m')).toBe(300_000);
  });
});

describe('chooseStep and buckets', () => {
  const span = (ms: number) => ({ fromMs: NOW - ms, toMs: NOW });
  it('picks a nice step under the bucket budget', () => {
    expect(chooseStep(span(5 * 60_000))).toBe(1_000);
    expect(chooseStep(span(3_600_000))).toBe(15_000);
    expect(chooseStep(span(86_400_000))).toBe(300_000);
    expect(chooseStep(span(7 * 86_400_000))).toBe(3_600_000);
    expect(chooseStep(span(30 * 86_400_000))).toBe(3 * 3_600_000);
    expect(chooseStep(span(3_600_000), 60)).toBe(60_000);
    expect(chooseStep(span(60_000), 300, 15_000)).toBe(15_000);
  });
  it('never exceeds the budget, even past the largest nice step', () => {
    for (const ms of [1, 59_000, 3_600_000, 400 * 86_400_000, 10_000 * 86_400_000]) {
      const range = span(ms);
      expect(bucketStarts(range, chooseStep(range, 100)).length).toBeLessThanOrEqual(101);
    }
  });
  it('aligns buckets to the step and indexes into them', () => {
    const range = { fromMs: 90_000, toMs: 300_000 };
    expect(bucketStarts(range, 60_000)).toEqual([60_000, 120_000, 180_000, 240_000]);
    expect(bucketIndex(90_000, range, 60_000)).toBe(0);
    expect(bucketIndex(299_999, range, 60_000)).toBe(3);
    expect(bucketIndex(300_000, range, 60_000)).toBe(-1);
    expect(() => bucketStarts(range, 0)).toThrow(RangeError);
  });
});

describe('time zones', () => {
  it('computes offsets including DST', () => {
    expect(zoneOffsetMs(Date.UTC(2026, 0, 15, 12), 'Europe/Berlin')).toBe(3_600_000);
    expect(zoneOffsetMs(Date.UTC(2026, 6, 15, 12), 'Europe/Berlin')).toBe(7_200_000);
    expect(zoneOffsetMs(Date.UTC(2026, 0, 15, 12), 'America/New_York')).toBe(-5 * 3_600_000);
    expect(zoneOffsetMs(Date.UTC(2026, 0, 15, 12), 'Asia/Kolkata')).toBe(5.5 * 3_600_000);
  });
  it('round-trips datetime-local values in a zone', () => {
    const ms = Date.UTC(2026, 6, 15, 12, 34, 56);
    expect(toDateTimeLocalValue(ms, 'Europe/Berlin')).toBe('2026-07-15T14:34:56');
    expect(fromDateTimeLocalValue('2026-07-15T14:34:56', 'Europe/Berlin')).toBe(ms);
    expect(fromDateTimeLocalValue('2026-07-15T14:34', 'UTC')).toBe(Date.UTC(2026, 6, 15, 14, 34));
    expect(toDateTimeLocalValue(ms, 'America/New_York')).toBe('2026-07-15T08:34:56');
    expect(fromDateTimeLocalValue('not a date', 'UTC')).toBeNull();
  });
  it('resolves wall times inside DST transitions to a real instant', () => {
    // Berlin springs forward 2026-03-29 02:00 -> 03:00: 02:30 does not exist.
    const gap = fromDateTimeLocalValue('2026-03-29T02:30', 'Europe/Berlin');
    expect(gap).not.toBeNull();
    expect(gap).toBe(Date.UTC(2026, 2, 29, 1, 30)); // shown as 03:30 CEST
    // Falls back 2026-10-25 03:00 -> 02:00: 02:30 happens twice; take the earlier one.
    expect(fromDateTimeLocalValue('2026-10-25T02:30', 'Europe/Berlin')).toBe(
      Date.UTC(2026, 9, 25, 0, 30),
    );
  });
  it('describes ranges for people', () => {
    expect(describeTimeRange({ from: 'now-1h', to: 'now' })).toBe('Last 1 hour');
    expect(describeTimeRange({ from: 'now-90m', to: 'now' })).toBe('now-90m to now');
    expect(
      describeTimeRange(
        { from: '2026-03-01T10:00:00Z', to: '2026-03-01T11:00:00Z' },
        'UTC',
        'en-GB',
      ),
    ).toBe('1 Mar 2026, 10:00:00 to 1 Mar 2026, 11:00:00');
  });
});
