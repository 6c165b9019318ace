import { useQueries, useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { DataTable } from '../../components/data-table/data-table.tsx';
import type { ColumnDef } from '../../components/data-table/types.ts';
import { EmptyState, ErrorState, LoadingState } from '../../components/states.tsx';
import { TimeRangePicker } from '../../components/time-range-picker/time-range-picker.tsx';
import { Sparkline } from '../errors/sparkline.tsx';
import { getServices, getTrend, type ServicePerformance, type Trend } from './api.ts';
import { keepRange, tableHeight, totalsColumns, useUrlSort } from './columns.tsx';
import { EnvironmentFilter } from './environment-filter.tsx';
import { SlowestEndpoints } from './slowest-endpoints.tsx';
import { usePerfWindow } from './use-perf-window.ts';
import './performance.css';

/** Trends are fetched for the busiest services only: one request each. */
const SPARKLINE_SERVICES = 25;

/** Every service's traffic, errors and latency, with trends, and the slowest endpoints. */
export function ServicesPage() {
  const w = usePerfWindow();
  const navigate = useNavigate();
  const services = useQuery({
    queryKey: ['perf-services', w.perf],
    queryFn: ({ signal }) => getServices(w.perf!, signal),
    enabled: w.perf !== null,
  });
  const rows = useMemo(() => services.data?.services ?? [], [services.data]);
  const busiest = useMemo(
    () =>
      [...rows]
        .sort((a, b) => b.requests - a.requests)
        .slice(0, SPARKLINE_SERVICES)
        .map((s) => s.service),
    [rows],
  );
  const trends = useQueries({
    queries: busiest.map((service) => ({
      queryKey: ['perf-trend', w.perf, { service }],
      queryFn: ({ signal }: { signal: AbortSignal }) => getTrend(w.perf!, { service }, signal),
      enabled: w.perf !== null,
      staleTime: 30_000,
    })),
    // Memoised by the query client: a new array only when a trend arrives.
    combine: combineTrends,
  });
  const columns = useMemo(
    () => serviceColumns(new Map(busiest.map((s, i) => [s, trends[i]])), w.params),
    [busiest, trends, w.params],
  );
  const [sort, setSort] = useUrlSort('sort', { columnId: 'requests', direction: 'desc' });

  return (
    <section className="page perf-page" aria-labelledby="page-title">
      <header className="page-header">
        <h1 id="page-title">Services performance</h1>
        <TimeRangePicker value={w.range} onChange={w.setRange} onRefresh={w.refresh} />
      </header>
      <EnvironmentFilter value={w.environment} onApply={w.setEnvironment} />
      {w.perf === null ? (
        <p role="alert">The time range is not valid.</p>
      ) : services.isPending ? (
        <LoadingState label="Loading services…" />
      ) : services.isError ? (
        <ErrorState error={services.error} onRetry={() => void services.refetch()} />
      ) : (
        <>
          <DataTable
            label="Services"
            rows={rows}
            columns={columns}
            getRowId={(s) => s.service}
            sort={sort}
            onSortChange={setSort}
            onRowActivate={(s) =>
              void navigate(keepRange(`/performance/${encodeURIComponent(s.service)}`, w.params))
            }
            rowHeight={34}
            height={tableHeight(rows.length, 34, 480)}
            empty={<NoServices filtered={w.environment !== ''} />}
          />
          <SlowestEndpoints window={w.perf} params={w.params} />
        </>
      )}
    </section>
  );
}

const combineTrends = (results: ReadonlyArray<{ data?: Trend | undefined }>) =>
  results.map((r) => r.data);

function serviceColumns(
  trends: Map<string, Trend | undefined>,
  params: URLSearchParams,
): ColumnDef<ServicePerformance>[] {
  const spark = (s: string, key: 'throughput' | 'p95', what: string) => {
    const points = trends.get(s)?.points;
    if (!points) return <span className="muted">—</span>;
    return (
      <Sparkline values={points.map((p) => p[key] ?? 0)} label={`${what} of ${s} over the range`} />
    );
  };
  return [
    {
      id: 'service',
      header: 'Service',
      value: (s) => s.service,
      cell: (s) => (
        <Link to={keepRange(`/performance/${encodeURIComponent(s.service)}`, params)}>
          {s.service}
        </Link>
      ),
      width: 220,
      hideable: false,
    },
    {
      id: 'traffic',
      header: 'Traffic',
      cell: (s) => spark(s.service, 'throughput', 'Throughput'),
      width: 100,
      sortable: false,
    },
    ...totalsColumns<ServicePerformance>(),
    {
      id: 'latency',
      header: 'p95 trend',
      cell: (s) => spark(s.service, 'p95', 'p95 latency'),
      width: 100,
      sortable: false,
    },
  ];
}

function NoServices({ filtered }: { filtered: boolean }) {
  return filtered ? (
    <EmptyState
      compact
      title="No services in this environment"
      description="Clear the environment filter or widen the time range."
    />
  ) : (
    <EmptyState
      title="No requests in this time range"
      description={
        <p>
          Endpoint statistics are computed every minute from server spans (send them to{' '}
          <code>/v1/traces</code>, see <Link to="/traces">Traces</Link>) or from request logs with a
          method, path and status. Widen the time range if you sent them earlier.
        </p>
      }
    />
  );
}
