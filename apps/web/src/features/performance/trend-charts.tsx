import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { TimeSeriesChart } from '../../components/charts/time-series-chart.tsx';
import type { ResolvedTimeRange } from '../../lib/time-range.ts';
import { getTrend, trendSeries, type PerfWindow, type TrendTarget } from './api.ts';

const LATENCY = [
  { key: 'p50', name: 'p50' },
  { key: 'p95', name: 'p95' },
  { key: 'p99', name: 'p99' },
] as const;
const THROUGHPUT = [{ key: 'throughput', name: 'Throughput' }] as const;
// A fixed red: ECharts draws on a canvas, which cannot read CSS variables.
const ERRORS = [{ key: 'errorRate', name: 'Error rate', color: '#d92d20' }] as const;

/** Latency percentiles, throughput and error rate over time for a service or one endpoint. */
export function TrendCharts({
  window: w,
  range,
  target,
  onZoom,
}: {
  window: PerfWindow;
  range: ResolvedTimeRange;
  target: TrendTarget;
  onZoom: (r: ResolvedTimeRange) => void;
}) {
  const trend = useQuery({
    queryKey: ['perf-trend', w, target],
    queryFn: ({ signal }) => getTrend(w, target, signal),
  });
  const points = trend.data?.points;
  const series = useMemo(() => {
    const p = points ?? [];
    return {
      latency: trendSeries(p, LATENCY),
      throughput: trendSeries(p, THROUGHPUT),
      errors: trendSeries(p, ERRORS),
    };
  }, [points]);
  const common = {
    range,
    loading: trend.isPending,
    error: trend.isError ? trend.error : undefined,
    onRetry: () => void trend.refetch(),
    onRangeSelect: onZoom,
    height: 220,
    emptyDescription: 'No requests in this time range. Widen it, or pick another endpoint.',
  };
  const step = trend.data ? ` (per ${trend.data.interval})` : '';
  return (
    <div className="perf-charts">
      <TimeSeriesChart {...common} title={`Latency${step}`} series={series.latency} unit="ms" />
      <TimeSeriesChart
        {...common}
        title={`Throughput${step}`}
        series={series.throughput}
        unit="reqps"
        kind="area"
      />
      <TimeSeriesChart
        {...common}
        title={`Error rate${step}`}
        series={series.errors}
        unit="percent"
      />
    </div>
  );
}
