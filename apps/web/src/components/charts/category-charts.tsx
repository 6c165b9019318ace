import { useCallback, useMemo } from 'react';
import { formatAxisTime, formatValue } from '../../lib/format.ts';
import type { ValueUnit } from '../../lib/format.ts';
import { EmptyState, ErrorState } from '../states.tsx';
import { useTimeZone } from '../time-zone.tsx';
import {
  buildBarOption,
  buildGaugeOption,
  buildHeatmapOption,
  buildPieOption,
} from './category-options.ts';
import type { HeatmapData } from './category-options.ts';
import { ChartFrame } from './chart-frame.tsx';
import type { ChartPalette } from './palette.ts';
import { describeCategories } from './summary.ts';
import type { CategoryDatum, Threshold } from './types.ts';

interface CommonProps {
  title: string;
  unit?: ValueUnit;
  height?: number;
  error?: unknown;
  onRetry?: () => void;
}

function CategoryTable({ data, unit }: { data: readonly CategoryDatum[]; unit: ValueUnit }) {
  return (
    <table className="px-simple-table">
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">Value</th>
        </tr>
      </thead>
      <tbody>
        {data.map((d) => (
          <tr key={d.name}>
            <td>{d.name}</td>
            <td className="num">{formatValue(d.value, unit)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function placeholderFor(error: unknown, onRetry: (() => void) | undefined, empty: boolean) {
  if (error !== undefined && error !== null) return <ErrorState error={error} onRetry={onRetry} />;
  if (empty)
    return (
      <EmptyState compact title="No data" description="Widen the time range or check the query." />
    );
  return undefined;
}

export interface BarChartProps extends CommonProps {
  data: readonly CategoryDatum[];
  orientation?: 'vertical' | 'horizontal';
}

export function BarChart({
  title,
  data,
  unit = 'short',
  height = 240,
  orientation = 'vertical',
  error,
  onRetry,
}: BarChartProps) {
  const buildOption = useCallback(
    (palette: ChartPalette) => buildBarOption({ data, unit, palette, orientation }),
    [data, unit, orientation],
  );
  const summary = useMemo(() => describeCategories(title, data, unit), [title, data, unit]);
  const renderTable = useCallback(() => <CategoryTable data={data} unit={unit} />, [data, unit]);
  return (
    <ChartFrame
      title={title}
      height={height}
      summary={summary}
      buildOption={buildOption}
      renderTable={renderTable}
      placeholder={placeholderFor(error, onRetry, data.length === 0)}
    />
  );
}

export interface PieChartProps extends CommonProps {
  data: readonly CategoryDatum[];
  donut?: boolean;
}

export function PieChart({
  title,
  data,
  unit = 'short',
  height = 240,
  donut = true,
  error,
  onRetry,
}: PieChartProps) {
  const buildOption = useCallback(
    (palette: ChartPalette) => buildPieOption({ data, unit, palette, donut }),
    [data, unit, donut],
  );
  const summary = useMemo(() => describeCategories(title, data, unit), [title, data, unit]);
  const renderTable = useCallback(() => <CategoryTable data={data} unit={unit} />, [data, unit]);
  return (
    <ChartFrame
      title={title}
      height={height}
      summary={summary}
      buildOption={buildOption}
      renderTable={renderTable}
      placeholder={placeholderFor(error, onRetry, data.length === 0)}
    />
  );
}

export interface GaugeChartProps extends CommonProps {
  value: number | null;
  min?: number;
  max?: number;
  /** Ascending band limits, e.g. warning at 80, danger at 95. */
  thresholds?: readonly Threshold[];
}

export function GaugeChart({
  title,
  value,
  min = 0,
  max = 100,
  unit = 'percent',
  thresholds = [],
  height = 200,
  error,
  onRetry,
}: GaugeChartProps) {
  const buildOption = useCallback(
    (palette: ChartPalette) => buildGaugeOption({ value, min, max, unit, palette, thresholds }),
    [value, min, max, unit, thresholds],
  );
  const text = `${title}: ${formatValue(value, unit)} on a scale of ${formatValue(min, unit)} to ${formatValue(max, unit)}.`;
  const renderTable = useCallback(
    () => <CategoryTable data={[{ name: title, value: value ?? Number.NaN }]} unit={unit} />,
    [title, value, unit],
  );
  return (
    <ChartFrame
      title={title}
      height={height}
      summary={text}
      buildOption={buildOption}
      renderTable={renderTable}
      placeholder={placeholderFor(error, onRetry, false)}
    />
  );
}

export interface HeatmapChartProps extends CommonProps {
  data: HeatmapData;
  timeZone?: string;
}

export function HeatmapChart({
  title,
  data,
  unit = 'count',
  height = 240,
  timeZone: tz,
  error,
  onRetry,
}: HeatmapChartProps) {
  const timeZone = useTimeZone(tz);
  const buildOption = useCallback(
    (palette: ChartPalette) => buildHeatmapOption({ data, palette, unit, timeZone }),
    [data, unit, timeZone],
  );
  const summary = useMemo(() => {
    let total = 0;
    let peak: readonly [number, number, number] | undefined;
    for (const c of data.cells) {
      total += c[2];
      if (!peak || c[2] > peak[2]) peak = c;
    }
    const where = peak
      ? ` Densest: ${data.buckets[peak[1]] ?? ''} at ${formatAxisTime(data.times[peak[0]] ?? 0, 0, timeZone)} (${formatValue(peak[2], unit)}).`
      : '';
    return `${title}: ${data.times.length} time buckets by ${data.buckets.length} value buckets, ${formatValue(total, unit)} in all.${where}`;
  }, [title, data, unit, timeZone]);
  const renderTable = useCallback(
    () => (
      <table className="px-simple-table">
        <thead>
          <tr>
            <th scope="col">Time</th>
            {data.buckets.map((b) => (
              <th scope="col" key={b}>
                {b}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {data.times.map((t, x) => (
            <tr key={t}>
              <th scope="row">{formatAxisTime(t, 0, timeZone)}</th>
              {data.buckets.map((b, y) => (
                <td className="num" key={b}>
                  {formatValue(data.cells.find((c) => c[0] === x && c[1] === y)?.[2] ?? 0, unit)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    ),
    [data, unit, timeZone],
  );
  return (
    <ChartFrame
      title={title}
      height={height}
      summary={summary}
      buildOption={buildOption}
      renderTable={renderTable}
      placeholder={placeholderFor(error, onRetry, data.cells.length === 0)}
    />
  );
}
