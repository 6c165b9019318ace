import { describe, expect, it } from 'vitest';
import { MemorySource } from '../compare/memory-source.ts';
import type { PromQueryData, RawSeries } from '../types.ts';
import { PromQLError } from '../types.ts';
import { instantQuery, parsePromQL, rangeQuery, selectorsOf } from './index.ts';

const ts = Array.from({ length: 41 }, (_, i) => i * 15_000);
const data: RawSeries[] = [
  { labels: { __name__: 'c', job: 'a', i: '1' }, timestamps: ts, values: ts.map((t) => t / 1000) },
  { labels: { __name__: 'c', job: 'a', i: '2' }, timestamps: ts, values: ts.map((t) => t / 500) },
  {
    labels: { __name__: 'c', job: 'b', i: '1' },
    timestamps: ts.slice(0, 10),
    values: ts.slice(0, 10).map(() => 3),
  },
];
const source = () => new MemorySource(data);
const at = (expr: string, time = 300_000) => instantQuery(expr, { source: source(), time });
const vector = (d: PromQueryData) => (d.resultType === 'vector' ? d.result : []);

const badData = async (p: Promise<unknown> | (() => unknown)) => {
  const err = await (typeof p === 'function' ? Promise.resolve().then(p) : p).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(PromQLError);
  return err as PromQLError;
};

describe('parsePromQL', () => {
  it.each([
    'sum(',
    'rate(c)',
    'c[5m',
    '1 > 2',
    'c and 1',
    '{job=""}',
    'foo(c)',
    'abs(c, c)',
    '"a" + 1',
    'c offset 1m offset 2m',
    'c + on(job) group_left(job) c',
    'c{a=~"("}',
    '',
  ])('rejects %s as bad_data', async (q) => {
    expect((await badData(() => parsePromQL(q))).errorType).toBe('bad_data');
  });

  it('gives unary minus lower precedence than ^ and makes ^ right-associative', async () => {
    expect((await at('-2 ^ 2')).result).toEqual([300, '-4']);
    expect((await at('2 ^ 3 ^ 2')).result).toEqual([300, '512']);
    expect((await at('1 - 2 - 3')).result).toEqual([300, '-4']);
  });

  it('keeps modifiers on the selector', () => {
    expect(parsePromQL('c{job="a"} offset -1m @ 10')).toMatchObject({
      type: 'vector',
      offset: -60_000,
      at: 10_000,
      matchers: [
        { name: '__name__', op: '=', value: 'c' },
        { name: 'job', op: '=', value: 'a' },
      ],
    });
  });

  it('lists the selectors of an expression', () => {
    expect(selectorsOf('sum(rate(c{job=~"a"}[5m])) / up')).toEqual([
      [
        { name: '__name__', op: '=', value: 'c' },
        { name: 'job', op: '=~', value: 'a' },
      ],
      [{ name: '__name__', op: '=', value: 'up' }],
    ]);
  });
});

describe('instantQuery', () => {
  it('reads the newest sample within the lookback delta', async () => {
    const r = vector(await at('c'));
    expect(r.map((s) => s.metric)).toEqual([
      { __name__: 'c', job: 'a', i: '1' },
      { __name__: 'c', job: 'b', i: '1' },
      { __name__: 'c', job: 'a', i: '2' },
    ]);
    expect(r.map((s) => s.value)).toEqual([
      [300, '300'],
      [300, '3'],
      [300, '600'],
    ]);
    // c{job="b"} last sampled at 135 s: present at 435 s (300 s lookback), absent after.
    expect(vector(await at('c{job="b"}', 435_000))).toHaveLength(1);
    expect(vector(await at('c{job="b"}', 435_001))).toHaveLength(0);
  });

  it('extrapolates rate and drops the metric name', async () => {
    expect(vector(await at('rate(c{i="1",job="a"}[1m])'))).toEqual([
      { metric: { job: 'a', i: '1' }, value: [300, '1'] },
    ]);
  });

  it('answers a range vector selector with its raw samples', async () => {
    const d = await at('c{i="2"}[30s]');
    expect(d).toEqual({
      resultType: 'matrix',
      result: [
        {
          metric: { __name__: 'c', job: 'a', i: '2' },
          values: [
            [270, '540'],
            [285, '570'],
            [300, '600'],
          ],
        },
      ],
    });
  });

  it('errors on many-to-many matching and on duplicate label sets', async () => {
    expect((await badData(at('c + on(job) c'))).errorType).toBe('execution');
    expect((await badData(at('label_replace(c, "i", "x", "i", ".*")'))).errorType).toBe(
      'execution',
    );
  });

  it('tells the source what it will read', async () => {
    const src = source();
    await rangeQuery('rate(c[2m] offset 1m)', {
      source: src,
      start: 600_000,
      end: 900_000,
      step: 30_000,
    });
    expect(src.calls[0]!.hints).toEqual({
      start: 420_000,
      end: 840_000,
      step: 30_000,
      range: 120_000,
      func: 'rate',
    });
  });

  it('gives the source step 0 for an instant query and the subquery step inside one', async () => {
    const src = source();
    await instantQuery('max_over_time(c[5m:30s]) + c', { source: src, time: 600_000 });
    expect(src.calls.map((c) => c.hints)).toEqual([
      { start: 0, end: 600_000, step: 30_000, range: 0, func: undefined },
      { start: 300_000, end: 600_000, step: 0, range: 0, func: undefined },
    ]);
  });

  it('charges a subquery grid before allocating it', async () => {
    expect((await badData(at('max_over_time(vector(1)[1000d:1ms])'))).errorType).toBe('execution');
  });

  it('stops at the time limit', async () => {
    const q = rangeQuery('c', {
      source: source(),
      start: 0,
      end: 600_000,
      step: 1000,
      timeoutMs: -1,
    });
    expect((await badData(q)).errorType).toBe('timeout');
  });

  it('stops at the sample limit', async () => {
    const err = await badData(
      rangeQuery('c', { source: source(), start: 0, end: 600_000, step: 1000, maxSamples: 1000 }),
    );
    expect(err.errorType).toBe('execution');
  });
});

describe('rangeQuery', () => {
  it('answers a scalar as one series with empty labels', async () => {
    expect(
      await rangeQuery('time()', { source: source(), start: 0, end: 120_000, step: 60_000 }),
    ).toEqual({
      resultType: 'matrix',
      result: [
        {
          metric: {},
          values: [
            [0, '0'],
            [60, '60'],
            [120, '120'],
          ],
        },
      ],
    });
  });

  it('aggregates per step and rejects range vectors', async () => {
    const d = await rangeQuery('sum by (job) (c)', {
      source: source(),
      start: 0,
      end: 600_000,
      step: 300_000,
    });
    expect(d.result).toEqual([
      {
        metric: { job: 'a' },
        values: [
          [0, '0'],
          [300, '900'],
          [600, '1800'],
        ],
      },
      {
        metric: { job: 'b' },
        values: [
          [0, '3'],
          [300, '3'],
        ],
      },
    ]);
    expect(
      (await badData(rangeQuery('c[1m]', { source: source(), start: 0, end: 60_000, step: 1000 })))
        .errorType,
    ).toBe('bad_data');
  });
});
