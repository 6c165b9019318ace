import { describe, expect, it } from 'vitest';
import { toLevel } from './levels.ts';
import { mapDocument } from './map-document.ts';
import { isoFromNanos, normalizeTime } from './time.ts';

const d = { time: '2026-01-01T00:00:00.000000Z', observedTime: '2026-01-01T00:00:01.000000Z' };

describe('levels', () => {
  it.each([
    ['emerg', 'critical'],
    ['alert', 'critical'],
    ['crit', 'critical'],
    ['err', 'error'],
    ['ERROR', 'error'],
    ['warning', 'warning'],
    ['warn', 'warning'],
    ['notice', 'info'],
    ['info', 'info'],
    ['debug', 'debug'],
    ['trace', 'debug'],
    [3, 'error'],
    ['6', 'info'],
    [30, 'info'],
    [50, 'error'],
    [60, 'critical'],
  ])('%s -> %s', (input, level) => expect(toLevel(input)).toBe(level));

  it('returns null for what it does not know', () => {
    expect(toLevel('loud')).toBeNull();
    expect(toLevel({})).toBeNull();
    expect(toLevel(-1)).toBeNull();
  });
});

describe('times', () => {
  it.each([
    ['2026-11-21T20:15:45.788878+00:00', '2026-11-21T20:15:45.788878Z'],
    ['2026-11-21T21:15:45.7+01:00', '2026-11-21T20:15:45.700000Z'],
    ['2026-11-21 20:15:45', '2026-11-21T20:15:45.000000Z'],
    ['2026-11-21T20:15:45.123456789Z', '2026-11-21T20:15:45.123456Z'],
    [1795292775087, '2026-11-21T20:26:15.087000Z'],
    [1795292775.5, '2026-11-21T20:26:15.500000Z'],
    ['1795292775087000', '2026-11-21T20:26:15.087000Z'],
  ])('%s', (input, iso) => expect(normalizeTime(input)).toBe(iso));

  it('refuses what is not a time', () => {
    expect(normalizeTime('yesterday')).toBeNull();
    expect(normalizeTime('2026-13-45T99:00:00Z')).toBeNull();
    expect(normalizeTime(-5)).toBeNull();
    expect(isoFromNanos('1795292775087000001')).toBe('2026-11-21T20:26:15.087000Z');
    expect(isoFromNanos('12x')).toBeNull();
  });
});

describe('document mapping', () => {
  it('maps ECS nested and dotted fields and keeps the rest as attributes', () => {
    const r = mapDocument(
      {
        '@timestamp': '2026-11-21T20:00:00Z',
        message: 'hello',
        log: { level: 'warn', file: { path: '/var/log/x' } },
        host: { name: 'web-1', ip: ['10.0.0.1'] },
        'service.name': 'api',
        trace: { id: '4BF92F3577B34DA6A3CE929D0E0E4736' },
        span_id: '00f067aa0ba902b7',
        env: 'prod',
        error: { type: 'TypeError', message: 'x is undefined', stack_trace: 'at y' },
        user: 'alice',
      },
      d,
    );
    expect(r).toMatchObject({
      time: '2026-11-21T20:00:00.000000Z',
      message: 'hello',
      level: 'warning',
      severityNumber: 13,
      host: 'web-1',
      service: 'api',
      environment: 'prod',
      traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
      spanId: '00f067aa0ba902b7',
      errorType: 'TypeError',
      errorMessage: 'x is undefined',
      errorStack: 'at y',
    });
    expect(r.attributes).toEqual({
      log: { file: { path: '/var/log/x' } },
      host: { ip: ['10.0.0.1'] },
      user: 'alice',
    });
  });

  it('stamps a record with an unreadable time with its arrival and keeps the original', () => {
    const r = mapDocument({ time: 'soon', msg: 'x', level: 'loud' }, d);
    expect(r.time).toBe(d.time);
    expect(r.level).toBe('info');
    expect(r.attributes).toEqual({ '@timestamp_original': 'soon', level: 'loud' });
  });

  it('does not take an ECS log object as the message, and serializes a non-text message', () => {
    expect(mapDocument({ log: { level: 'error' } }, d)).toMatchObject({
      message: '',
      level: 'error',
    });
    expect(mapDocument({ message: { a: 1 } }, d).message).toBe('{"a":1}');
  });

  it('does not change its input', () => {
    const input = { host: { name: 'a' }, message: 'm' };
    mapDocument(input, d);
    expect(input).toEqual({ host: { name: 'a' }, message: 'm' });
  });
});
