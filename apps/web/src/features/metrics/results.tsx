import { useMemo } from 'react';
import { TimeSeriesChart } from '../../components/charts/time-series-chart.tsx';
import type { TimeSeries } from '../../components/charts/types.ts';
import { DataTable } from '../../components/data-table/data-table.tsx';
import type { ColumnDef } from '../../components/data-table/types.ts';
import { EmptyState } from '../../components/states.tsx';
import { formatDateTime, formatNumber } from '../../lib/format.ts';
import type { ResolvedTimeRange } from '../../lib/time-range.ts';
import { useTimeZone } from '../../components/time-zone.tsx';
import { formatSeries, sampleValue, type Labels, type QueryData } from './prom-api.ts';

/** More series than this are not drawn (the legend and the browser would choke). */
export const MAX_CHART_SERIES = 100;

const NO_DATA =
  'The query returned no series in this range. Widen the range or check the selector.';

/** query_range's matrix as a time series chart with a legend of label sets. */
export function RangeResult({
  data,
  range,
  stepMs,
  onZoom,
}: {
  data: QueryData;
  range: ResolvedTimeRange;
  stepMs: number;
  onZoom: (r: ResolvedTimeRange) => void;
}) {
  const series = useMemo<TimeSeries[]>(() => {
    if (data.resultType !== 'matrix') return [];
    return data.result.slice(0, MAX_CHART_SERIES).map((s) => ({
      name: formatSeries(s.metric),
      points: s.values.map(([t, v]) => {
        const n = sampleValue(v);
        return [t * 1000, Number.isFinite(n) ? n : null] as const;
      }),
    }));
  }, [data]);
  const total = data.resultType === 'matrix' ? data.result.length : 0;
  return (
    <div className="metric-result">
      <TimeSeriesChart
        title={`Result (step ${formatStep(stepMs)})`}
        series={series}
        range={range}
        unit="none"
        height={320}
        onRangeSelect={onZoom}
        emptyDescription={NO_DATA}
      />
      {total > MAX_CHART_SERIES && (
        <p className="muted">
          Showing {MAX_CHART_SERIES} of {total} series: aggregate (for example{' '}
          <code>sum by (job) (…)</code>) or add label matchers to see them all.
        </p>
      )}
      {series.length > 0 && (
        <section aria-labelledby="legend-title" className="metric-legend">
          <h3 id="legend-title">Series ({total})</h3>
          <ul>
            {series.map((s, i) => (
              <li key={s.name}>
                <span
                  className="metric-legend-swatch"
                  style={{ background: `var(--chart-${(i % 6) + 1})` }}
                  aria-hidden="true"
                />
                <span className="mono">{s.name}</span>
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}

interface Row {
  key: string;
  labels: Labels;
  value: string;
  time: number;
}

/** An instant query's vector (or scalar) as a table: label set, value, sample time. */
export function InstantResult({ data }: { data: QueryData }) {
  const tz = useTimeZone();
  const rows = useMemo<Row[]>(() => {
    if (data.resultType === 'vector')
      return data.result.map((s) => ({
        key: formatSeries(s.metric),
        labels: s.metric,
        value: s.value[1],
        time: s.value[0],
      }));
    if (data.resultType === 'matrix')
      return data.result.map((s) => {
        const last = s.values[s.values.length - 1] ?? [0, ''];
        return { key: formatSeries(s.metric), labels: s.metric, value: last[1], time: last[0] };
      });
    return [{ key: data.resultType, labels: {}, value: data.result[1], time: data.result[0] }];
  }, [data]);
  const columns = useMemo<ColumnDef<Row>[]>(
    () => [
      {
        id: 'series',
        header: 'Series',
        value: (r) => r.key,
        cell: (r) => <span className="mono">{r.key}</span>,
        width: 620,
        hideable: false,
      },
      {
        id: 'value',
        header: 'Value',
        value: (r) => sampleValue(r.value),
        cell: (r) => {
          const n = sampleValue(r.value);
          return (
            <span className="mono" title={r.value}>
              {Number.isFinite(n) ? formatNumber(n, undefined, 6) : r.value}
            </span>
          );
        },
        width: 160,
        align: 'end',
      },
      {
        id: 'time',
        header: 'Time',
        value: (r) => r.time,
        cell: (r) => formatDateTime(r.time * 1000, tz),
        width: 190,
      },
    ],
    [tz],
  );
  return (
    <DataTable
      label="Query result"
      rows={rows}
      columns={columns}
      getRowId={(r) => r.key}
      rowHeight={30}
      height={rows.length === 0 ? 200 : Math.min(520, 38 + 30 * rows.length)}
      empty={<EmptyState compact title="No series" description={NO_DATA} />}
      toolbar={<span className="muted">{rows.length} series</span>}
    />
  );
}

function formatStep(ms: number): string {
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000}h`;
  if (ms % 60_000 === 0) return `${ms / 60_000}m`;
  return `${ms / 1000}s`;
}
