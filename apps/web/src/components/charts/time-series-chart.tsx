import { useCallback, useMemo } from 'react';
import type { ValueUnit } from '../../lib/format.ts';
import { formatDateTime, formatValue } from '../../lib/format.ts';
import type { ResolvedTimeRange } from '../../lib/time-range.ts';
import { EmptyState, ErrorState, Skeleton } from '../states.tsx';
import { useTimeZone } from '../time-zone.tsx';
import { ChartFrame } from './chart-frame.tsx';
import type { EChartsType } from './load-echarts.ts';
import type { ChartPalette } from './palette.ts';
import { WideTableView } from './series-table.tsx';
import { describeTimeSeries, seriesToWideTable } from './summary.ts';
import { buildTimeSeriesOption } from './time-series-option.ts';
import type { TimeSeriesKind } from './time-series-option.ts';
import type { Annotation, Threshold, TimeSeries } from './types.ts';

export interface TimeSeriesChartProps {
  title: string;
  series: readonly TimeSeries[];
  kind?: TimeSeriesKind;
  stacked?: boolean;
  unit?: ValueUnit;
  height?: number;
  /** The selected time range; pins the x axis. */
  range?: ResolvedTimeRange;
  annotations?: readonly Annotation[];
  thresholds?: readonly Threshold[];
  timeZone?: string;
  /** Drag across the chart to choose a range; typically sets the time-range picker. */
  onRangeSelect?: (range: ResolvedTimeRange) => void;
  loading?: boolean;
  error?: unknown;
  onRetry?: () => void;
  /** What to do when there is no data, e.g. "Widen the time range or check the query." */
  emptyDescription?: string;
}

export function TimeSeriesChart({
  title,
  series,
  kind = 'line',
  stacked = false,
  unit = 'short',
  height = 240,
  range,
  annotations,
  thresholds,
  timeZone: tzProp,
  onRangeSelect,
  loading = false,
  error,
  onRetry,
  emptyDescription = 'Nothing was recorded in this time range. Widen the range or check the query.',
}: TimeSeriesChartProps) {
  const timeZone = useTimeZone(tzProp);
  const selectable = onRangeSelect !== undefined;
  const buildOption = useCallback(
    (palette: ChartPalette) =>
      buildTimeSeriesOption({
        series,
        kind,
        stacked,
        unit,
        palette,
        timeZone,
        range,
        annotations,
        thresholds,
        selectable,
      }),
    [series, kind, stacked, unit, timeZone, range, annotations, thresholds, selectable],
  );

  const onRendered = useCallback(
    (chart: EChartsType) => {
      if (!onRangeSelect) return;
      const arm = () =>
        chart.dispatchAction({
          type: 'takeGlobalCursor',
          key: 'dataZoomSelect',
          dataZoomSelectActive: true,
        });
      arm();
      const onZoom = (event: unknown) => {
        // Only the toolbox brush carries startValue/endValue; resets and other zooms do not.
        const batch = (event as { batch?: Array<{ startValue?: number; endValue?: number }> })
          .batch?.[0];
        if (batch?.startValue === undefined || batch.endValue === undefined) return;
        const fromMs = Math.round(batch.startValue);
        const toMs = Math.round(batch.endValue);
        if (toMs - fromMs >= 1000) onRangeSelect({ fromMs, toMs });
      };
      chart.on('datazoom', onZoom);
      return () => {
        chart.off('datazoom', onZoom);
      };
    },
    [onRangeSelect],
  );

  const summary = useMemo(
    () => describeTimeSeries(title, series, unit, timeZone),
    [title, series, unit, timeZone],
  );
  const renderTable = useCallback(
    () => (
      <WideTableView
        caption={title}
        table={seriesToWideTable(series)}
        formatTime={(t) => formatDateTime(t, timeZone)}
        formatCell={(v) => formatValue(v, unit)}
      />
    ),
    [series, title, timeZone, unit],
  );

  const empty = series.every((s) => s.points.length === 0);
  const placeholder =
    error !== undefined && error !== null ? (
      <ErrorState error={error} onRetry={onRetry} />
    ) : loading && empty ? (
      <Skeleton height={height - 16} label={`Loading ${title}`} />
    ) : empty ? (
      <EmptyState compact title="No data" description={emptyDescription} />
    ) : undefined;

  return (
    <ChartFrame
      title={title}
      height={height}
      summary={summary}
      buildOption={buildOption}
      renderTable={renderTable}
      onRendered={onRendered}
      placeholder={placeholder}
    />
  );
}
