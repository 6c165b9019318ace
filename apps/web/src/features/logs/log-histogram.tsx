import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { TimeSeriesChart } from '../../components/index.ts';
import type { TimeSeries } from '../../components/index.ts';
import { Time } from '../common/time.tsx';
import { getHistogram, type Histogram, type SearchWindow } from './api.ts';

const LEVEL_ORDER = ['fatal', 'critical', 'error', 'warning', 'warn', 'info', 'debug', 'trace'];
export const LEVEL_COLORS: Record<string, string> = {
  fatal: '#9b1c1c',
  critical: '#9b1c1c',
  warning: '#d9922e',
  error: '#d64545',
  warn: '#d9922e',
  info: '#3b82c4',
  debug: '#8a8f98',
  trace: '#b4b8bf',
};

/** One series per level (stacked bars), most severe first. */
export function histogramSeries(h: Histogram): TimeSeries[] {
  const levels = new Set<string>();
  for (const b of h.buckets) for (const l of Object.keys(b.counts)) levels.add(l);
  const ordered = [...levels].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  return ordered.map((level) => {
    const s: TimeSeries = {
      name: level,
      points: h.buckets.map((b) => [Date.parse(b.time), b.counts[level] ?? 0] as const),
    };
    const color = LEVEL_COLORS[level];
    return color ? { ...s, color } : s;
  });
}

const rank = (level: string) => {
  const i = LEVEL_ORDER.indexOf(level);
  return i < 0 ? LEVEL_ORDER.length : i;
};

/** Matching records over time by level; dragging across it zooms the time range. */
export function LogHistogram({
  window: w,
  onZoom,
}: {
  window: SearchWindow;
  onZoom: (r: { fromMs: number; toMs: number }) => void;
}) {
  const hist = useQuery({
    queryKey: ['logs-histogram', w],
    queryFn: ({ signal }) => getHistogram(w, signal),
    retry: false,
  });
  const series = useMemo(() => (hist.data ? histogramSeries(hist.data) : []), [hist.data]);
  const range = useMemo(() => ({ fromMs: Date.parse(w.from), toMs: Date.parse(w.to) }), [w]);
  const total = hist.data?.buckets.reduce((n, b) => n + b.total, 0);
  const sample = hist.data?.sample ?? null;
  const partial = hist.data?.partial ?? null;
  const title =
    total === undefined
      ? 'Records by level'
      : sample
        ? `Records by level (about ${Math.round(total)} total, estimated)`
        : `Records by level (${total} total)`;
  return (
    <div className="logs-histogram" data-testid="logs-histogram" data-total={total ?? ''}>
      <TimeSeriesChart
        title={title}
        series={series}
        kind="bar"
        stacked
        unit="count"
        height={140}
        range={range}
        onRangeSelect={onZoom}
        loading={hist.isPending}
        error={hist.isError ? hist.error : undefined}
        onRetry={() => void hist.refetch()}
        emptyDescription="No records in this range."
      />
      {sample ? (
        <p className="muted logs-histogram-note" data-testid="logs-histogram-note">
          {sample.reason}
        </p>
      ) : partial ? (
        <p className="muted logs-histogram-note" data-testid="logs-histogram-note">
          Counted from <Time iso={partial.scanned_from} /> on: {partial.reason}
        </p>
      ) : null}
    </div>
  );
}
