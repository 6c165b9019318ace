import type { BarSeriesOption, EChartsOption, LineSeriesOption } from 'echarts';
import { formatAxisTime, formatDateTime, formatValue } from '../../lib/format.ts';
import type { ValueUnit } from '../../lib/format.ts';
import { motionAllowed } from './motion.ts';
import type { ChartPalette } from './palette.ts';
import { seriesColor } from './palette.ts';
import type { Annotation, Threshold, TimeSeries } from './types.ts';

export type TimeSeriesKind = 'line' | 'area' | 'bar';

export interface TimeSeriesOptionInput {
  series: readonly TimeSeries[];
  kind: TimeSeriesKind;
  stacked: boolean;
  unit: ValueUnit;
  palette: ChartPalette;
  timeZone?: string;
  locale?: string;
  /** Pins the x axis to the selected range, so gaps at either end stay visible. */
  range?: { fromMs: number; toMs: number };
  annotations?: readonly Annotation[];
  thresholds?: readonly Threshold[];
  /** Legend selection to keep across rebuilds (series name -> shown). */
  legendSelected?: Record<string, boolean>;
  /** Series rows a tooltip lists before "+N more". */
  tooltipRows?: number;
  /** Arms drag-to-select on the x axis (a hidden toolbox data-zoom). */
  selectable?: boolean;
}

/** Above this many points in all, animation is off: it costs frames and helps nobody. */
export const ANIMATION_POINT_LIMIT = 2_000;
/** Bars switch to ECharts' large mode (one path per series) above this many per series. */
export const LARGE_BAR_THRESHOLD = 400;

export const escapeHtml = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Name of the hidden series carrying annotation markers; never listed in the legend. */
export const ANNOTATION_SERIES = '\u200bannotations';

interface AxisTooltipParam {
  seriesName?: string;
  value?: unknown;
  color?: unknown;
  axisValue?: unknown;
}

export function buildTimeSeriesOption(input: TimeSeriesOptionInput): EChartsOption {
  const { series, kind, stacked, unit, palette, timeZone, locale } = input;
  const totalPoints = series.reduce((n, s) => n + s.points.length, 0);
  const animate = totalPoints <= ANIMATION_POINT_LIMIT && motionAllowed();
  const span = input.range ? input.range.toMs - input.range.fromMs : spanOf(series);
  const tooltipRows = input.tooltipRows ?? 10;

  const built: Array<LineSeriesOption | BarSeriesOption> = series.map((s, i) => {
    const color = s.color ?? seriesColor(palette, i);
    // Past the six theme colours, dashes tell the repeats apart.
    const dashed = i >= palette.series.length && kind !== 'bar';
    if (kind === 'bar') {
      const bar: BarSeriesOption = {
        type: 'bar',
        name: s.name,
        data: s.points as Array<[number, number | null]>,
        stack: stacked ? 'total' : undefined,
        itemStyle: { color },
        large: s.points.length > LARGE_BAR_THRESHOLD,
        largeThreshold: LARGE_BAR_THRESHOLD,
        barMaxWidth: 24,
        emphasis: { disabled: true },
      };
      return bar;
    }
    const line: LineSeriesOption = {
      type: 'line',
      name: s.name,
      data: s.points as Array<[number, number | null]>,
      stack: stacked ? 'total' : undefined,
      showSymbol: false,
      symbolSize: 4,
      // Largest-triangle-three-buckets keeps peaks when there are more points than pixels.
      sampling: 'lttb',
      connectNulls: false,
      lineStyle: { width: 1.25, color, type: dashed ? 'dashed' : 'solid' },
      itemStyle: { color },
      areaStyle: kind === 'area' ? { opacity: stacked ? 0.5 : 0.15, color } : undefined,
      emphasis: { disabled: true },
      animation: animate,
    };
    return line;
  });

  if (input.annotations?.length || input.thresholds?.length) {
    built.push(markerSeries(input, palette));
  }

  const names = series.map((s) => s.name);
  return {
    animation: animate,
    backgroundColor: 'transparent',
    textStyle: { fontFamily: palette.font, color: palette.textMuted, fontSize: 11 },
    grid: { left: 8, right: 16, top: 16, bottom: series.length > 1 ? 36 : 8, containLabel: true },
    xAxis: {
      type: 'time',
      min: input.range?.fromMs,
      max: input.range?.toMs,
      axisLine: { lineStyle: { color: palette.axis } },
      axisTick: { show: false },
      splitLine: { show: false },
      // Set on the axis: ECharts takes only style fields from tooltip.axisPointer. The pointer
      // gets its own canvas layer, so moving it repaints one line instead of every series under
      // it, and hovering highlights no series (50 hover symbols and a repaint on every move).
      axisPointer: { zlevel: 1, triggerEmphasis: false },
      axisLabel: {
        color: palette.textMuted,
        hideOverlap: true,
        formatter: (value: number) => formatAxisTime(value, span, timeZone, locale),
      },
    },
    yAxis: {
      type: 'value',
      // Counts are whole: no 0.2-steps (labelled "0 0 0 1 1 1") on a small or empty chart.
      minInterval: unit === 'count' ? 1 : undefined,
      splitLine: { lineStyle: { color: palette.grid } },
      axisLabel: {
        color: palette.textMuted,
        formatter: (value: number) => formatValue(value, unit, locale),
      },
    },
    legend: {
      show: series.length > 1,
      type: 'scroll',
      bottom: 0,
      data: names,
      selected: input.legendSelected,
      icon: 'roundRect',
      itemWidth: 10,
      itemHeight: 4,
      textStyle: { color: palette.text, fontSize: 11 },
      pageTextStyle: { color: palette.textMuted },
    },
    tooltip: {
      trigger: 'axis',
      confine: true,
      backgroundColor: palette.tooltipBg,
      borderWidth: 0,
      textStyle: { color: palette.tooltipFg, fontSize: 11 },
      // No CSS transition: the box follows the pointer at once instead of animating each move.
      transitionDuration: 0,
      axisPointer: { type: 'line', lineStyle: { color: palette.axis } },
      formatter: (raw: unknown) => {
        const params = (Array.isArray(raw) ? raw : [raw]) as AxisTooltipParam[];
        return tooltipHtml(params, tooltipRows, unit, timeZone, locale);
      },
    },
    toolbox: input.selectable
      ? { show: false, feature: { dataZoom: { yAxisIndex: 'none', xAxisIndex: 0 } } }
      : undefined,
    series: built,
  };
}

function spanOf(series: readonly TimeSeries[]): number {
  let min = Infinity;
  let max = -Infinity;
  for (const s of series) {
    const a = s.points[0]?.[0];
    const b = s.points[s.points.length - 1]?.[0];
    if (a !== undefined) min = Math.min(min, a);
    if (b !== undefined) max = Math.max(max, b);
  }
  return Number.isFinite(max - min) ? max - min : 3_600_000;
}

/** Largest values first, at most `rows` of them, so 50 series still fit on screen. */
export function tooltipHtml(
  params: readonly AxisTooltipParam[],
  rows: number,
  unit: ValueUnit,
  timeZone?: string,
  locale?: string,
): string {
  const valueOf = (p: AxisTooltipParam): number | null => {
    const v = Array.isArray(p.value) ? (p.value[1] as unknown) : p.value;
    return typeof v === 'number' && Number.isFinite(v) ? v : null;
  };
  const items = params
    .filter((p) => p.seriesName !== ANNOTATION_SERIES)
    .map((p) => ({ name: p.seriesName ?? '', value: valueOf(p), color: String(p.color ?? '') }))
    .filter((p) => p.value !== null)
    .sort((a, b) => (b.value ?? 0) - (a.value ?? 0));
  const axis = params[0]?.axisValue;
  const head =
    typeof axis === 'number'
      ? formatDateTime(axis, timeZone, locale)
      : escapeHtml(String(axis ?? ''));
  const lines = items
    .slice(0, rows)
    .map(
      (p) =>
        `<div style="display:flex;gap:8px;justify-content:space-between">` +
        `<span><span style="display:inline-block;width:8px;height:8px;border-radius:2px;margin-right:4px;background:${escapeHtml(p.color)}"></span>${escapeHtml(p.name)}</span>` +
        `<b>${escapeHtml(formatValue(p.value, unit, locale))}</b></div>`,
    );
  const more =
    items.length > rows ? `<div style="opacity:.7">+${items.length - rows} more</div>` : '';
  return `<div style="min-width:160px"><div style="opacity:.8;margin-bottom:4px">${head}</div>${lines.join('')}${more}</div>`;
}

function markerSeries(input: TimeSeriesOptionInput, palette: ChartPalette): LineSeriesOption {
  const annotationColor = (a: Annotation): string =>
    a.kind === 'incident'
      ? palette.danger
      : a.kind === 'deploy'
        ? palette.accent
        : palette.textMuted;
  return {
    type: 'line',
    name: ANNOTATION_SERIES,
    data: [],
    silent: false,
    tooltip: { show: false },
    markLine: {
      symbol: 'none',
      animation: false,
      silent: false,
      label: { show: true, position: 'insideEndTop', fontSize: 10, color: palette.textMuted },
      data: [
        ...(input.annotations ?? []).map((a) => ({
          xAxis: a.time,
          name: a.label,
          label: { formatter: a.label },
          lineStyle: { color: annotationColor(a), type: 'dashed' as const, width: 1 },
        })),
        ...(input.thresholds ?? []).map((t) => ({
          yAxis: t.value,
          name: t.label ?? String(t.value),
          label: { formatter: t.label ?? formatValue(t.value, input.unit, input.locale) },
          lineStyle: {
            color: t.tone === 'warning' ? palette.warning : palette.danger,
            type: 'dotted' as const,
            width: 1,
          },
        })),
      ],
    },
  };
}
