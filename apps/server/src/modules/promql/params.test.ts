import { describe, expect, it } from 'vitest';
import { queryResponseJson } from './format-response.ts';
import { BadParam, checkLabelName, listParam, parseDuration, parseTime } from './params.ts';
import { readDeltaTimes, readFloat8Array } from './pg-arrays.ts';
import { planRollup } from './source-db.ts';

describe('Prometheus API parameters', () => {
  it('parses times as Unix seconds or RFC 3339, and refuses anything else', () => {
    expect(parseTime('1700000000', 'time', 0)).toBe(1_700_000_000_000);
    expect(parseTime('1700000000.123', 'time', 0)).toBe(1_700_000_000_123);
    expect(parseTime('2023-11-14T22:13:20Z', 'time', 0)).toBe(1_700_000_000_000);
    expect(parseTime('2023-11-14T23:13:20.5+01:00', 'time', 0)).toBe(1_700_000_000_500);
    expect(parseTime(undefined, 'time', 42)).toBe(42);
    for (const bad of ['yesterday', '1e400', '2023-11-14', 'NaN', '0x10']) {
      expect(() => parseTime(bad, 'time', 0)).toThrow(BadParam);
    }
    expect(() => parseTime('tomorrow', 'start', 0)).toThrow(
      'invalid parameter "start": cannot parse "tomorrow" to a valid timestamp',
    );
  });

  it('parses durations as seconds or Prometheus durations', () => {
    expect(parseDuration('15', 'step', 0)).toBe(15_000);
    expect(parseDuration('0.5', 'step', 0)).toBe(500);
    expect(parseDuration('1m', 'step', 0)).toBe(60_000);
    expect(parseDuration('1h30m', 'step', 0)).toBe(5_400_000);
    expect(parseDuration('250ms', 'step', 0)).toBe(250);
    expect(parseDuration('-5', 'step', 0)).toBe(-5000);
    for (const bad of ['1x', 'm', '1.5m', '']) {
      if (bad === '') expect(parseDuration(bad, 'step', 7)).toBe(7);
      else expect(() => parseDuration(bad, 'step', 0)).toThrow(BadParam);
    }
  });

  it('checks label names and lists repeated parameters', () => {
    expect(checkLabelName('__name__')).toBe('__name__');
    expect(checkLabelName('job')).toBe('job');
    for (const bad of ['not-a-uuid', '9x', '', 'a b', '../x']) {
      expect(() => checkLabelName(bad)).toThrow(BadParam);
    }
    expect(listParam(undefined)).toEqual([]);
    expect(listParam('up')).toEqual(['up']);
    expect(listParam(['a', 'b'])).toEqual(['a', 'b']);
  });
});

/** PostgreSQL's binary array layout (what array_send returns) for a 1-D array. */
function binaryArray(oid: number, elems: (number | null)[], size: 4 | 8): Buffer {
  const b = Buffer.alloc(20 + elems.length * (4 + size));
  b.writeInt32BE(1, 0);
  b.writeInt32BE(elems.includes(null) ? 1 : 0, 4);
  b.writeUInt32BE(oid, 8);
  b.writeInt32BE(elems.length, 12);
  b.writeInt32BE(1, 16);
  let p = 20;
  for (const e of elems) {
    if (e === null) {
      b.writeInt32BE(-1, p);
      p += 4;
      continue;
    }
    b.writeInt32BE(size, p);
    if (size === 8) b.writeDoubleBE(e, p + 4);
    else b.writeInt32BE(e, p + 4);
    p += 4 + size;
  }
  return b.subarray(0, p);
}

describe('binary arrays', () => {
  it('decodes float8[] (NULL as NaN) and int4 delta timestamps', () => {
    const f = readFloat8Array(binaryArray(701, [1.5, -0, null, Infinity], 8));
    expect(Array.from(f)).toEqual([1.5, -0, NaN, Infinity]);
    const out = new Float64Array(3);
    expect(readDeltaTimes(binaryArray(23, [10, 60_000, 60_000], 4), 1000, out)).toBe(3);
    expect(Array.from(out)).toEqual([1010, 61_010, 121_010]);
    const empty = Buffer.alloc(12);
    empty.writeUInt32BE(701, 8);
    expect(readFloat8Array(empty).length).toBe(0);
    expect(() => readFloat8Array(binaryArray(23, [1], 4))).toThrow(/element type/);
  });
});

describe('rollup planning', () => {
  const H = 3_600_000;
  const M5 = 300_000;
  const day = 1_700_006_400_000; // a UTC midnight
  it('serves aligned range queries of downsampling-safe functions from rollups', () => {
    expect(
      planRollup({ start: day, end: day + 24 * H, step: H, range: H, func: 'rate' }, M5),
    ).toEqual({ table: 'metric_rollups_1h', bucketMs: H, value: 'increase' });
    expect(
      planRollup({ start: day, end: day + H, step: M5, range: M5, func: 'max_over_time' }, M5),
    ).toEqual({ table: 'metric_rollups_5m', bucketMs: M5, value: 'max' });
    // A plain selector: evaluation starts one lookback after hints.start.
    expect(planRollup({ start: day - M5, end: day + H, step: M5, range: 0 }, M5)).toMatchObject({
      value: 'last',
    });
  });
  it('reads raw samples otherwise', () => {
    const base = { start: day, end: day + H, step: M5, range: M5 };
    expect(planRollup({ ...base, step: 0, func: 'rate' }, M5)).toBeNull(); // instant query
    expect(planRollup({ ...base, step: 60_000, func: 'rate' }, M5)).toBeNull(); // 1m step
    expect(planRollup({ ...base, func: 'irate' }, M5)).toBeNull();
    expect(planRollup({ ...base, func: 'count_over_time' }, M5)).toBeNull();
    expect(planRollup({ ...base, range: 90_000, func: 'rate' }, M5)).toBeNull();
    expect(planRollup({ ...base, start: day + 1000, func: 'rate' }, M5)).toBeNull(); // unaligned
    expect(planRollup({ ...base, range: 0, func: 'timestamp' }, M5)).toBeNull();
  });
});

describe('query response JSON', () => {
  it('writes the Prometheus envelope for every result type', () => {
    const parse = (s: string) => JSON.parse(s) as unknown;
    expect(
      parse(
        queryResponseJson({
          resultType: 'matrix',
          result: [
            {
              metric: { __name__: 'up', job: 'a"b' },
              values: [
                [1.5, '1'],
                [3, 'NaN'],
              ],
            },
          ],
        }),
      ),
    ).toEqual({
      status: 'success',
      data: {
        resultType: 'matrix',
        result: [
          {
            metric: { __name__: 'up', job: 'a"b' },
            values: [
              [1.5, '1'],
              [3, 'NaN'],
            ],
          },
        ],
      },
    });
    expect(parse(queryResponseJson({ resultType: 'scalar', result: [2, '+Inf'] }))).toEqual({
      status: 'success',
      data: { resultType: 'scalar', result: [2, '+Inf'] },
    });
    expect(parse(queryResponseJson({ resultType: 'string', result: [2, 'a "q"'] }))).toMatchObject({
      data: { result: [2, 'a "q"'] },
    });
    expect(
      parse(
        queryResponseJson({
          resultType: 'vector',
          result: [{ metric: {}, value: [1, '-2.5e-7'] }],
        }),
      ),
    ).toMatchObject({
      data: { resultType: 'vector', result: [{ metric: {}, value: [1, '-2.5e-7'] }] },
    });
  });
});
