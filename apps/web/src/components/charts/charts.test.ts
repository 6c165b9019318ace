import type { LineSeriesOption } from 'echarts';
import { describe, expect, it } from 'vitest';
import { buildGaugeOption, buildHeatmapOption } from './category-options.ts';
import { FALLBACK_PALETTE } from './palette.ts';
import {
  describeTimeSeries,
  downsampleMinMax,
  seriesStats,
  seriesToWideTable,
  sparklinePath,
} from './summary.ts';
import { ANNOTATION_SERIES, buildTimeSeriesOption, tooltipHtml } from './time-series-option.ts';
import type { TimeSeries } from './types.ts';

const T0 = Date.UTC(2026, 2, 1, 10);
const makeSeries = (count: number, points: number): TimeSeries[] =>
  Array.from({ length: count }, (_, s) => ({
    name: `svc-${s}`,
    points: Array.from({ length: points }, (_, i): [number, number] => [
      T0 + i * 15_000,
      s + Math.sin(i / 10),
    ]),
  }));

describe('buildTimeSeriesOption', () => {
  it('keeps 50 x 1,000 points cheap: lttb sampling, no symbols, no animation', () => {
    const option = buildTimeSeriesOption({
      series: makeSeries(50, 1000),
      kind: 'line',
      stacked: false,
      unit: 'short',
      palette: FALLBACK_PALETTE,
    });
    expect(option.animation).toBe(false);
    const series = option.series as LineSeriesOption[];
    expect(series).toHaveLength(50);
    for (const s of series) {
      expect(s.sampling).toBe('lttb');
      expect(s.showSymbol).toBe(false);
    }
    // Repeats of the six theme colours are told apart by dashes.
    expect(series[6]?.lineStyle?.type).toBe('dashed');
  });
  it('animates small charts, stacks areas, uses large mode for long bar series', () => {
    const small = buildTimeSeriesOption({
      series: makeSeries(2, 50),
      kind: 'area',
      stacked: true,
      unit: 'short',
      palette: FALLBACK_PALETTE,
    });
    expect(small.animation).toBe(true);
    const s0 = (small.series as LineSeriesOption[])[0];
    expect(s0?.stack).toBe('total');
    expect(s0?.areaStyle).toBeDefined();
    const bars = buildTimeSeriesOption({
      series: makeSeries(1, 1000),
      kind: 'bar',
      stacked: false,
      unit: 'short',
      palette: FALLBACK_PALETTE,
    });
    expect((bars.series as Array<{ large?: boolean }>)[0]?.large).toBe(true);
  });
  it('adds annotation markers outside the legend, a hidden select toolbox, and pins the range', () => {
    const option = buildTimeSeriesOption({
      series: makeSeries(3, 10),
      kind: 'line',
      stacked: false,
      unit: 'short',
      palette: FALLBACK_PALETTE,
      range: { fromMs: T0, toMs: T0 + 3_600_000 },
      annotations: [{ time: T0 + 60_000, label: 'deploy v1.2', kind: 'deploy' }],
      thresholds: [{ value: 2, tone: 'danger' }],
      selectable: true,
    });
    const series = option.series as LineSeriesOption[];
    const markers = series.find((s) => s.name === ANNOTATION_SERIES);
    expect(markers?.markLine?.data).toHaveLength(2);
    expect((option.legend as { data: string[] }).data).toEqual(['svc-0', 'svc-1', 'svc-2']);
    expect(option.xAxis).toMatchObject({ min: T0, max: T0 + 3_600_000 });
    expect(option.toolbox).toMatchObject({ show: false });
  });
});

describe('tooltipHtml', () => {
  it('lists the largest values first, caps rows and escapes names', () => {
    const params = Array.from({ length: 15 }, (_, i) => ({
      seriesName: i === 14 ? '<img onerror=x>' : `s${i}`,
      value: [T0, i],
      color: '#000',
      axisValue: T0,
    }));
    const html = tooltipHtml(params, 10, 'short', 'UTC', 'en-US');
    expect(html).toContain('+5 more');
    expect(html).not.toContain('<img');
    expect(html.indexOf('&#60;img')).toBeLessThan(html.indexOf('>s13<'));
  });
});

describe('summaries and tables', () => {
  it('computes stats ignoring gaps', () => {
    const s: TimeSeries = {
      name: 'a',
      points: [
        [1, 2],
        [2, null],
        [3, 6],
      ],
    };
    expect(seriesStats(s)).toEqual({ name: 'a', min: 2, max: 6, avg: 4, last: 6, count: 2 });
    expect(seriesStats({ name: 'e', points: [] }).count).toBe(0);
  });
  it('describes a chart in words', () => {
    const text = describeTimeSeries('Requests', makeSeries(5, 10), 'short', 'UTC', 'en-US');
    expect(text).toMatch(/^Requests: 5 series from Mar 1, 2026, 10:00:00 to/);
    expect(text).toContain('svc-4 peaks at');
    expect(describeTimeSeries('Empty', [], 'short')).toBe('Empty: no data.');
  });
  it('outer-joins series on time for the table view', () => {
    const table = seriesToWideTable([
      {
        name: 'a',
        points: [
          [2, 1],
          [1, 5],
        ],
      },
      {
        name: 'b',
        points: [
          [2, 3],
          [3, 4],
        ],
      },
    ]);
    expect(table.columns).toEqual(['a', 'b']);
    expect(table.rows).toEqual([
      { time: 1, values: [5, null] },
      { time: 2, values: [1, 3] },
      { time: 3, values: [null, 4] },
    ]);
  });
  it('downsamples sparklines keeping spikes', () => {
    const values = Array.from({ length: 1000 }, (_, i) => (i === 500 ? 100 : 1));
    const out = downsampleMinMax(values, 60);
    expect(out.length).toBeLessThanOrEqual(60);
    expect(Math.max(...out)).toBe(100);
    expect(downsampleMinMax([1, 2, 3], 60)).toEqual([1, 2, 3]);
    expect(sparklinePath([0, 10], 100, 20)).toBe('M0.0,19.0L100.0,1.0');
    expect(sparklinePath([], 100, 20)).toBe('');
  });
});

describe('other options', () => {
  it('colours gauge bands by threshold', () => {
    const option = buildGaugeOption({
      value: 91,
      min: 0,
      max: 100,
      unit: 'percent',
      palette: FALLBACK_PALETTE,
      thresholds: [
        { value: 80, tone: 'warning' },
        { value: 95, tone: 'danger' },
      ],
    });
    const gauge = (option.series as Array<{ axisLine: { lineStyle: { color: unknown } } }>)[0];
    expect(gauge?.axisLine.lineStyle.color).toEqual([
      [0.8, FALLBACK_PALETTE.success],
      [0.95, FALLBACK_PALETTE.warning],
      [1, FALLBACK_PALETTE.danger],
    ]);
  });
  it('does not animate when the system asks for reduced motion', () => {
    const input = { series: makeSeries(2, 10), kind: 'line' as const, stacked: false };
    const build = () =>
      buildTimeSeriesOption({ ...input, unit: 'short', palette: FALLBACK_PALETTE }).animation;
    expect(build()).toBe(true);
    const g = globalThis as { matchMedia?: unknown };
    g.matchMedia = (q: string) => ({ matches: q === '(prefers-reduced-motion: reduce)' });
    try {
      expect(build()).toBe(false);
    } finally {
      delete g.matchMedia;
    }
  });
  it('gives count charts whole-number steps on the value axis', () => {
    const base = { series: makeSeries(1, 10), kind: 'bar' as const, stacked: true };
    const counts = buildTimeSeriesOption({ ...base, unit: 'count', palette: FALLBACK_PALETTE });
    expect(counts.yAxis).toMatchObject({ minInterval: 1 });
    const seconds = buildTimeSeriesOption({ ...base, unit: 's', palette: FALLBACK_PALETTE });
    expect((seconds.yAxis as { minInterval?: number }).minInterval).toBeUndefined();
  });
  it('scales the heatmap colour range to the densest cell', () => {
    const option = buildHeatmapOption({
      data: {
        times: [T0, T0 + 60_000],
        buckets: ['<10ms', '<100ms'],
        cells: [
          [0, 0, 3],
          [1, 1, 42],
        ],
      },
      palette: FALLBACK_PALETTE,
      unit: 'count',
      timeZone: 'UTC',
    });
    expect(option.visualMap).toMatchObject({ min: 0, max: 42 });
  });
});
