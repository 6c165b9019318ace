import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { useCan } from '../../app/session.tsx';
import { Button } from '../../components/button.tsx';
import { DataTable } from '../../components/data-table/data-table.tsx';
import type { ColumnDef } from '../../components/data-table/types.ts';
import { Select } from '../../components/select.tsx';
import { EmptyState, ErrorState, LoadingState } from '../../components/states.tsx';
import { Time } from '../common/time.tsx';
import { listMonitors, listRecentChecks, type Monitor } from './api.ts';
import { MonitorFormDialog } from './monitor-form-dialog.tsx';
import { formatUptime, KIND_LABEL, MonitorStatusPill, Sparkline } from './shared.tsx';
import { SystemHealthPanel } from './system-health-panel.tsx';
import './monitors.css';

type Row = Monitor & { spark: number[] };
const STATUSES = ['all', 'healthy', 'degraded', 'down', 'unknown'] as const;
type StatusFilter = (typeof STATUSES)[number];
const STATUS_LABEL: Record<StatusFilter, string> = {
  all: 'All',
  healthy: 'Up',
  degraded: 'Degraded',
  down: 'Down',
  unknown: 'Unknown',
};

const columns: ColumnDef<Row>[] = [
  {
    id: 'status',
    header: 'Status',
    width: 110,
    value: (m) => (m.is_active ? m.status : 'paused'),
    cell: (m) => <MonitorStatusPill status={m.status} paused={!m.is_active} />,
  },
  {
    id: 'name',
    header: 'Name',
    width: 220,
    hideable: false,
    value: (m) => m.name,
    cell: (m) => (
      <Link className="row-link" to={`/monitors/${m.id}`} onClick={(e) => e.stopPropagation()}>
        {m.name}
      </Link>
    ),
  },
  { id: 'kind', header: 'Kind', width: 130, value: (m) => KIND_LABEL[m.kind] ?? m.kind },
  {
    id: 'target',
    header: 'Target',
    width: 260,
    value: (m) => m.url ?? '',
    cell: (m) => (
      <span className="mono" title={m.url ?? ''}>
        {m.url ?? (m.kind === 'heartbeat' ? 'push URL' : '')}
      </span>
    ),
  },
  {
    id: 'uptime24',
    header: 'Uptime 24h',
    width: 110,
    align: 'end',
    value: (m) => m.uptime_24h,
    cell: (m) => formatUptime(m.uptime_24h),
  },
  {
    id: 'uptime30',
    header: 'Uptime 30d',
    width: 110,
    align: 'end',
    value: (m) => m.uptime_30d,
    cell: (m) => formatUptime(m.uptime_30d),
  },
  {
    id: 'response',
    header: 'Response time',
    width: 170,
    value: (m) => m.last_response_time,
    cell: (m) => (
      <span className="mon-response">
        <Sparkline values={m.spark} label={`Response times of the latest checks of ${m.name}`} />
        <span>{m.last_response_time === null ? '' : `${m.last_response_time} ms`}</span>
      </span>
    ),
  },
  {
    id: 'checked',
    header: 'Last checked',
    width: 190,
    value: (m) => (m.last_check ? Date.parse(m.last_check) : null),
    cell: (m) => <Time iso={m.last_check} relative />,
  },
];

export function MonitorsPage() {
  const [params, setParams] = useSearchParams();
  const raw = params.get('status');
  const status: StatusFilter = STATUSES.includes(raw as StatusFilter)
    ? (raw as StatusFilter)
    : 'all';
  const canWrite = useCan('telemetry.write');
  const navigate = useNavigate();
  const [creating, setCreating] = useState(false);
  const monitors = useQuery({
    queryKey: ['monitors', 'list', status],
    queryFn: () => listMonitors(status === 'all' ? undefined : status),
    refetchInterval: 30_000,
  });
  const recent = useQuery({
    queryKey: ['monitors', 'recent-checks'],
    queryFn: listRecentChecks,
    refetchInterval: 30_000,
  });
  const rows = useMemo<Row[]>(() => {
    const spark = new Map(
      (recent.data?.items ?? []).map((r) => [
        r.id,
        r.recent_checks
          .filter((c) => c.response_time !== null)
          .map((c) => ({ t: Date.parse(c.checked_at), v: c.response_time ?? 0 }))
          .sort((a, b) => a.t - b.t)
          .map((c) => c.v),
      ]),
    );
    return (monitors.data?.items ?? []).map((m) => ({ ...m, spark: spark.get(m.id) ?? [] }));
  }, [monitors.data, recent.data]);

  const filtered = status !== 'all';
  return (
    <section className="page monitors-page" aria-labelledby="page-title">
      <header className="page-header">
        <h1 id="page-title">Monitors</h1>
        <Select
          label="Status"
          value={status}
          onChange={(v) =>
            setParams(
              (p) => {
                if (v === 'all') p.delete('status');
                else p.set('status', v);
                return p;
              },
              { replace: true },
            )
          }
          options={STATUSES.map((s) => ({ value: s, label: STATUS_LABEL[s] }))}
        />
        <Link className="px-btn px-btn-secondary px-btn-md" to="/monitors/status-pages">
          Status pages
        </Link>
        {canWrite && (
          <Button variant="primary" onClick={() => setCreating(true)}>
            New monitor
          </Button>
        )}
      </header>
      {monitors.isPending ? (
        <LoadingState label="Loading monitors…" />
      ) : monitors.isError ? (
        <ErrorState error={monitors.error} onRetry={() => void monitors.refetch()} />
      ) : rows.length === 0 && !filtered ? (
        <EmptyState
          title="No monitors yet"
          description="Create a monitor to check a website, API, port, DNS name, certificate or database on an interval. For cron jobs and backups, create a heartbeat monitor: the job calls its push URL and Pharos alerts when a beat is missed."
          {...(canWrite
            ? { action: { label: 'Create a monitor', onClick: () => setCreating(true) } }
            : {})}
        />
      ) : (
        <DataTable
          label="Monitors"
          rows={rows}
          columns={columns}
          getRowId={(m) => m.id}
          defaultSort={{ columnId: 'status', direction: 'asc' }}
          onRowActivate={(m) => void navigate(`/monitors/${m.id}`)}
          height={`max(160px, min(calc(100vh - 220px), ${88 + rows.length * 34}px))`}
          empty={
            <EmptyState
              title={`No monitors are ${STATUS_LABEL[status].toLowerCase()}`}
              description="Choose another status to see the rest."
            />
          }
        />
      )}
      <SystemHealthPanel />
      <MonitorFormDialog open={creating} onClose={() => setCreating(false)} monitor={null} />
    </section>
  );
}
