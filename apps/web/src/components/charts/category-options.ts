import type { EChartsOption } from 'echarts';
import { formatAxisTime, formatValue } from '../../lib/format.ts';
import type { ValueUnit } from '../../lib/format.ts';
import type { ChartPalette } from './palette.ts';
import { seriesColor } from './palette.ts';
import { escapeHtml } from './time-series-option.ts';
import type { CategoryDatum, Threshold } from './types.ts';
import { motionAllowed } from './motion.ts';

const tooltipBase = (palette: ChartPalette) => ({
  confine: true,
  backgroundColor: palette.tooltipBg,
  borderWidth: 0,
  textStyle: { color: palette.tooltipFg, fontSize: 11 },
});

export interface BarOptionInput {
  data: readonly CategoryDatum[];
  unit: ValueUnit;
  palette: ChartPalette;
  orientation: 'vertical' | 'horizontal';
  locale?: string;
}

export function buildBarOption({
  data,
  unit,
  palette,
  orientation,
  locale,
}: BarOptionInput): EChartsOption {
  const categoryAxis = {
    type: 'category' as const,
    data: data.map((d) => d.name),
    axisLine: { lineStyle: { color: palette.axis } },
    axisTick: { show: false },
    axisLabel: { color: palette.textMuted, hideOverlap: true },
  };
  const valueAxis = {
    type: 'value' as const,
    splitLine: { lineStyle: { color: palette.grid } },
    axisLabel: { color: palette.textMuted, formatter: (v: number) => formatValue(v, unit, locale) },
  };
  return {
    animation: data.length <= 200 && motionAllowed(),
    textStyle: { fontFamily: palette.font },
    grid: { left: 8, right: 16, top: 12, bottom: 8, containLabel: true },
    xAxis: orientation === 'vertical' ? categoryAxis : valueAxis,
    yAxis: orientation === 'vertical' ? valueAxis : { ...categoryAxis, inverse: true },
    tooltip: {
      ...tooltipBase(palette),
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      valueFormatter: (v) => formatValue(typeof v === 'number' ? v : null, unit, locale),
    },
    series: [
      {
        type: 'bar',
        data: data.map((d) => d.value),
        itemStyle: { color: seriesColor(palette, 0) },
        barMaxWidth: 32,
        large: data.length > 400,
      },
    ],
  };
}

export interface PieOptionInput {
  data: readonly CategoryDatum[];
  unit: ValueUnit;
  palette: ChartPalette;
  donut: boolean;
  locale?: string;
}

export function buildPieOption({
  data,
  unit,
  palette,
  donut,
  locale,
}: PieOptionInput): EChartsOption {
  return {
    animation: data.length <= 50 && motionAllowed(),
    textStyle: { fontFamily: palette.font },
    tooltip: {
      ...tooltipBase(palette),
      trigger: 'item',
      valueFormatter: (v) => formatValue(typeof v === 'number' ? v : null, unit, locale),
    },
    legend: {
      type: 'scroll',
      orient: 'vertical',
      right: 0,
      top: 'middle',
      textStyle: { color: palette.text, fontSize: 11 },
      pageTextStyle: { color: palette.textMuted },
    },
    color: palette.series,
    series: [
      {
        type: 'pie',
        radius: donut ? ['50%', '78%'] : '78%',
        center: ['35%', '50%'],
        avoidLabelOverlap: true,
        label: { show: false },
        itemStyle: { borderColor: palette.bg, borderWidth: 1 },
        data: data.map((d) => ({ name: d.name, value: d.value })),
      },
    ],
  };
}

export interface GaugeOptionInput {
  value: number | null;
  min: number;
  max: number;
  unit: ValueUnit;
  palette: ChartPalette;
  /** Bands from low to high; the gauge arc takes each band's tone up to its value. */
  thresholds: readonly Threshold[];
  locale?: string;
}

export function buildGaugeOption(input: GaugeOptionInput): EChartsOption {
  const { value, min, max, unit, palette, thresholds, locale } = input;
  const span = max - min || 1;
  // Each stop colours the arc up to its position: green below the first threshold, then each
  // threshold's tone until the next one.
  const sorted = [...thresholds].sort((a, b) => a.value - b.value);
  const toneColor = (t: Threshold | undefined): string =>
    t === undefined ? palette.success : t.tone === 'warning' ? palette.warning : palette.danger;
  const stops: Array<[number, string]> = [
    ...sorted.map((t, i): [number, string] => [
      Math.min(Math.max((t.value - min) / span, 0), 1),
      toneColor(sorted[i - 1]),
    ]),
    [1, sorted.length === 0 ? palette.accent : toneColor(sorted[sorted.length - 1])],
  ];
  return {
    animation: false,
    textStyle: { fontFamily: palette.font },
    series: [
      {
        type: 'gauge',
        min,
        max,
        startAngle: 210,
        endAngle: -30,
        radius: '95%',
        center: ['50%', '60%'],
        progress: { show: false },
        pointer: { width: 3, length: '60%', itemStyle: { color: palette.text } },
        axisLine: { lineStyle: { width: 10, color: stops } },
        axisTick: { show: false },
        splitLine: { length: 6, lineStyle: { color: palette.axis } },
        axisLabel: {
          distance: 14,
          color: palette.textMuted,
          fontSize: 10,
          formatter: (v: number) => formatValue(v, unit, locale),
        },
        detail: {
          valueAnimation: false,
          offsetCenter: [0, '35%'],
          fontSize: 18,
          fontWeight: 600,
          color: palette.text,
          formatter: () => formatValue(value, unit, locale),
        },
        data: [{ value: value ?? min }],
      },
    ],
  };
}

export interface HeatmapData {
  /** Bucket start times (x). */
  times: readonly number[];
  /** Bucket labels (y), e.g. latency bounds `<10ms`, `<50ms`. */
  buckets: readonly string[];
  /** [timeIndex, bucketIndex, count]. */
  cells: ReadonlyArray<readonly [number, number, number]>;
}

export interface HeatmapOptionInput {
  data: HeatmapData;
  palette: ChartPalette;
  unit: ValueUnit;
  timeZone?: string;
  locale?: string;
}

export function buildHeatmapOption({
  data,
  palette,
  unit,
  timeZone,
  locale,
}: HeatmapOptionInput): EChartsOption {
  let max = 0;
  for (const c of data.cells) if (c[2] > max) max = c[2];
  const span = (data.times[data.times.length - 1] ?? 0) - (data.times[0] ?? 0);
  return {
    animation: false,
    textStyle: { fontFamily: palette.font },
    grid: { left: 8, right: 16, top: 12, bottom: 8, containLabel: true },
    xAxis: {
      type: 'category',
      data: data.times.map((t) => formatAxisTime(t, span, timeZone, locale)),
      axisLabel: { color: palette.textMuted, hideOverlap: true },
      axisLine: { lineStyle: { color: palette.axis } },
      axisTick: { show: false },
    },
    yAxis: {
      type: 'category',
      data: [...data.buckets],
      axisLabel: { color: palette.textMuted },
      axisLine: { lineStyle: { color: palette.axis } },
      axisTick: { show: false },
    },
    visualMap: {
      show: false,
      min: 0,
      max: Math.max(max, 1),
      inRange: { color: [palette.bg, seriesColor(palette, 0)] },
    },
    tooltip: {
      ...tooltipBase(palette),
      trigger: 'item',
      formatter: (raw: unknown) => {
        const p = raw as { value?: [number, number, number] };
        const [x, y, v] = p.value ?? [0, 0, 0];
        const time = data.times[x];
        const label = time === undefined ? '' : formatAxisTime(time, 0, timeZone, locale);
        return `${escapeHtml(label)} · ${escapeHtml(data.buckets[y] ?? '')}: <b>${escapeHtml(formatValue(v, unit, locale))}</b>`;
      },
    },
    series: [
      {
        type: 'heatmap',
        data: data.cells as Array<[number, number, number]>,
        progressive: 2000,
        emphasis: { disabled: true },
      },
    ],
  };
}
