import { useQuery } from '@tanstack/react-query';
import { useCallback, useMemo } from 'react';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { Button } from '../../components/button.tsx';
import { DataTable } from '../../components/data-table/data-table.tsx';
import type { ColumnDef } from '../../components/data-table/types.ts';
import { EmptyState, ErrorState, LoadingState } from '../../components/states.tsx';
import { TimeRangePicker } from '../../components/time-range-picker/time-range-picker.tsx';
import { formatValue } from '../../lib/format.ts';
import { getEndpoints, getServices, type EndpointPerformance, type Totals } from './api.ts';
import { keepRange, tableHeight, totalsColumns, useUrlSort } from './columns.tsx';
import { EnvironmentFilter } from './environment-filter.tsx';
import { SlowestEndpoints } from './slowest-endpoints.tsx';
import { TrendCharts } from './trend-charts.tsx';
import { usePerfWindow } from './use-perf-window.ts';
import '../common/tables.css';
import './performance.css';

const endpointId = (e: { method: string; endpoint: string }) => `${e.method} ${e.endpoint}`;

/** One service: its trends, its endpoints (sortable), the slowest ones, and an endpoint drill-down. */
export function ServicePage() {
  const { service = '' } = useParams();
  const w = usePerfWindow();
  const [, setParams] = useSearchParams();
  const endpoint = w.params.get('endpoint');
  const method = w.params.get('method') ?? '';
  const drill = endpoint ? { endpoint, method } : null;
  const endpoints = useQuery({
    queryKey: ['perf-endpoints', w.perf, service],
    queryFn: ({ signal }) => getEndpoints(w.perf!, service, signal),
    enabled: w.perf !== null,
  });
  const rows = useMemo(() => endpoints.data?.endpoints ?? [], [endpoints.data]);
  const [sort, setSort] = useUrlSort('sort', { columnId: 'requests', direction: 'desc' });
  const choose = useCallback(
    (e: { endpoint: string; method: string } | null) =>
      setParams((p) => {
        const n = new URLSearchParams(p);
        if (e) {
          n.set('endpoint', e.endpoint);
          n.set('method', e.method);
        } else {
          n.delete('endpoint');
          n.delete('method');
        }
        return n;
      }),
    [setParams],
  );
  const columns = useMemo(() => endpointColumns(choose), [choose]);
  const current = drill
    ? rows.find((r) => r.endpoint === drill.endpoint && r.method === drill.method)
    : null;
  const services = useQuery({
    queryKey: ['perf-services', w.perf],
    queryFn: ({ signal }) => getServices(w.perf!, signal),
    enabled: w.perf !== null && !drill,
  });
  const totals: Totals | null = drill
    ? (current ?? null)
    : (services.data?.services.find((s) => s.service === service) ?? null);

  return (
    <section className="page perf-page" aria-labelledby="page-title">
      <nav className="perf-crumbs" aria-label="Breadcrumb">
        <Link to={keepRange('/performance', w.params)}>Services performance</Link> ›{' '}
        {drill ? (
          <Link to={keepRange(`/performance/${encodeURIComponent(service)}`, w.params)}>
            {service}
          </Link>
        ) : (
          service
        )}
        {drill && <> › {endpointId(drill)}</>}
      </nav>
      <header className="page-header">
        <h1 id="page-title">
          {drill ? (
            <>
              <span className="perf-method">{drill.method}</span> {drill.endpoint}{' '}
              <span className="muted">{service}</span>
            </>
          ) : (
            service
          )}
        </h1>
        <Link
          className="perf-traces-link"
          to={keepRange('/traces', w.params, {
            service,
            ...(drill && current?.p95 ? { min_ms: String(Math.floor(current.p95)) } : {}),
          })}
        >
          {drill ? 'Slowest traces' : 'Traces'}
        </Link>
        {drill && (
          <Button size="sm" onClick={() => choose(null)}>
            Whole service
          </Button>
        )}
        <TimeRangePicker value={w.range} onChange={w.setRange} onRefresh={w.refresh} />
      </header>
      <EnvironmentFilter value={w.environment} onApply={w.setEnvironment} />
      {w.perf === null || w.window === null ? (
        <p role="alert">The time range is not valid.</p>
      ) : (
        <>
          {totals && <TotalsStrip totals={totals} />}
          <TrendCharts
            window={w.perf}
            range={w.window}
            target={drill ? { service, ...drill } : { service }}
            onZoom={w.zoom}
          />
          <section className="perf-card" aria-labelledby="endpoints-title">
            <h2 id="endpoints-title">Endpoints</h2>
            {endpoints.isPending ? (
              <LoadingState label="Loading endpoints…" />
            ) : endpoints.isError ? (
              <ErrorState error={endpoints.error} onRetry={() => void endpoints.refetch()} />
            ) : (
              <DataTable
                label="Endpoints"
                rows={rows}
                columns={columns}
                getRowId={endpointId}
                sort={sort}
                onSortChange={setSort}
                selectedRowId={drill ? endpointId(drill) : null}
                onRowActivate={(e) => choose(e)}
                rowHeight={30}
                height={tableHeight(rows.length, 30, 420)}
                empty={
                  <EmptyState
                    compact
                    title={`No requests to ${service} in this range`}
                    description="Widen the time range or clear the environment filter."
                  />
                }
              />
            )}
          </section>
          <SlowestEndpoints window={w.perf} service={service} params={w.params} />
        </>
      )}
    </section>
  );
}

function endpointColumns(
  choose: (e: EndpointPerformance) => void,
): ColumnDef<EndpointPerformance>[] {
  return [
    {
      id: 'endpoint',
      header: 'Endpoint',
      value: (e) => endpointId(e),
      cell: (e) => (
        <button type="button" className="perf-link" onClick={() => choose(e)}>
          <span className="perf-method">{e.method}</span> {e.endpoint}
        </button>
      ),
      width: 340,
      hideable: false,
    },
    ...totalsColumns<EndpointPerformance>(),
  ];
}

function TotalsStrip({ totals }: { totals: Totals }) {
  const items: Array<[string, string]> = [
    ['Requests', formatValue(totals.requests, 'count')],
    ['Throughput', formatValue(totals.throughput, 'reqps')],
    ['Error rate', formatValue(totals.errorRate, 'percent')],
    ['p50', formatValue(totals.p50, 'ms')],
    ['p95', formatValue(totals.p95, 'ms')],
    ['p99', formatValue(totals.p99, 'ms')],
  ];
  return (
    <dl className="perf-totals">
      {items.map(([k, v]) => (
        <div key={k}>
          <dt>{k}</dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  );
}
