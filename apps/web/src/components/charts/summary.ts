import { formatDateTime, formatValue } from '../../lib/format.ts';
import type { ValueUnit } from '../../lib/format.ts';
import type { CategoryDatum, TimeSeries } from './types.ts';

export interface SeriesStats {
  name: string;
  min: number | null;
  max: number | null;
  avg: number | null;
  last: number | null;
  /** Points with a value (gaps excluded). */
  count: number;
}

export function seriesStats(series: TimeSeries): SeriesStats {
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  let count = 0;
  let last: number | null = null;
  for (const [, v] of series.points) {
    if (v === null || !Number.isFinite(v)) continue;
    if (v < min) min = v;
    if (v > max) max = v;
    sum += v;
    count += 1;
    last = v;
  }
  return count === 0
    ? { name: series.name, min: null, max: null, avg: null, last: null, count }
    : { name: series.name, min, max, avg: sum / count, last, count };
}

/**
 * A sentence or three a screen reader can use instead of the picture: span, number of series
 * and the few with the highest peaks.
 */
export function describeTimeSeries(
  title: string,
  series: readonly TimeSeries[],
  unit: ValueUnit,
  timeZone?: string,
  locale?: string,
): string {
  if (series.length === 0) return `${title}: no data.`;
  let first = Infinity;
  let lastT = -Infinity;
  for (const s of series) {
    const a = s.points[0]?.[0];
    const b = s.points[s.points.length - 1]?.[0];
    if (a !== undefined && a < first) first = a;
    if (b !== undefined && b > lastT) lastT = b;
  }
  const stats = series.map(seriesStats).filter((s) => s.count > 0);
  if (stats.length === 0) return `${title}: ${series.length} series, no values.`;
  const top = [...stats].sort((a, b) => (b.max ?? 0) - (a.max ?? 0)).slice(0, 3);
  const span = `${formatDateTime(first, timeZone, locale)} to ${formatDateTime(lastT, timeZone, locale)}`;
  const parts = top.map(
    (s) =>
      `${s.name} peaks at ${formatValue(s.max, unit, locale)}, last ${formatValue(s.last, unit, locale)}`,
  );
  return `${title}: ${series.length} series from ${span}. ${parts.join('; ')}.`;
}

export function describeCategories(
  title: string,
  data: readonly CategoryDatum[],
  unit: ValueUnit,
  locale?: string,
): string {
  if (data.length === 0) return `${title}: no data.`;
  const top = [...data].sort((a, b) => b.value - a.value).slice(0, 5);
  const total = data.reduce((acc, d) => acc + d.value, 0);
  const list = top.map((d) => `${d.name} ${formatValue(d.value, unit, locale)}`).join(', ');
  return `${title}: ${data.length} categories, total ${formatValue(total, unit, locale)}. Largest: ${list}.`;
}

export interface WideTable {
  /** Series names, one column each after the time column. */
  columns: string[];
  rows: Array<{ time: number; values: Array<number | null> }>;
}

/** Joins series on timestamp (outer join, sorted by time) for the "view as table" fallback. */
export function seriesToWideTable(series: readonly TimeSeries[]): WideTable {
  const byTime = new Map<number, Array<number | null>>();
  series.forEach((s, col) => {
    for (const [t, v] of s.points) {
      let row = byTime.get(t);
      if (!row) {
        row = new Array<number | null>(series.length).fill(null);
        byTime.set(t, row);
      }
      row[col] = v;
    }
  });
  const rows = [...byTime.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([time, values]) => ({ time, values }));
  return { columns: series.map((s) => s.name), rows };
}

/**
 * Picks at most `maxPoints` values for a sparkline: the min and max of each bucket, in order,
 * so spikes survive the downsampling.
 */
export function downsampleMinMax(values: readonly number[], maxPoints: number): number[] {
  if (values.length <= maxPoints || maxPoints < 2) return [...values];
  const buckets = Math.floor(maxPoints / 2);
  const size = values.length / buckets;
  const out: number[] = [];
  for (let b = 0; b < buckets; b++) {
    const start = Math.floor(b * size);
    const end = Math.min(values.length, Math.floor((b + 1) * size));
    let minI = start;
    let maxI = start;
    for (let i = start; i < end; i++) {
      if ((values[i] ?? 0) < (values[minI] ?? 0)) minI = i;
      if ((values[i] ?? 0) > (values[maxI] ?? 0)) maxI = i;
    }
    const [a, c] = minI <= maxI ? [minI, maxI] : [maxI, minI];
    out.push(values[a] ?? 0);
    if (c !== a) out.push(values[c] ?? 0);
  }
  return out;
}

/** SVG path `d` for a sparkline of `values` in a width x height box (y grows downwards). */
export function sparklinePath(values: readonly number[], width: number, height: number): string {
  if (values.length === 0) return '';
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const range = max - min || 1;
  const stepX = values.length > 1 ? width / (values.length - 1) : 0;
  const pad = 1; // keep the stroke inside the box
  return values
    .map((v, i) => {
      const x = i * stepX;
      const y = pad + (height - 2 * pad) * (1 - (v - min) / range);
      return `${i === 0 ? 'M' : 'L'}${x.toFixed(1)},${y.toFixed(1)}`;
    })
    .join('');
}
