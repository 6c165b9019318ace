import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { useCan } from '../../app/session.tsx';
import { Button } from '../../components/button.tsx';
import { StatPanel } from '../../components/charts/stat-panel.tsx';
import { TimeSeriesChart } from '../../components/charts/time-series-chart.tsx';
import { Dialog } from '../../components/dialog.tsx';
import { ErrorState, LoadingState } from '../../components/states.tsx';
import { TimeRangePicker } from '../../components/time-range-picker/time-range-picker.tsx';
import { useTimeRangeParams } from '../../components/time-range-picker/use-time-range-params.ts';
import { useToast } from '../../components/toast.tsx';
import { parseTimePoint, resolveTimeRange, type TimeRangeState } from '../../lib/time-range.ts';
import { errorText } from '../common/errors.ts';
import { Time } from '../common/time.tsx';
import {
  deleteMonitor,
  getMonitor,
  getStats,
  listResults,
  testMonitor,
  updateMonitor,
  type Monitor,
  type ResultWindow,
} from './api.ts';
import { MonitorFormDialog } from './monitor-form-dialog.tsx';
import { CertificateDetails, CheckLog, MonitorEvents, TestOutcome } from './monitor-panels.tsx';
import { barsFromResults, KIND_LABEL, MonitorStatusPill, UptimeBars } from './shared.tsx';
import './monitors.css';

const DEFAULT_RANGE: TimeRangeState = { from: 'now-24h', to: 'now', refresh: 'off' };
const H = 3_600_000;

/** The smallest results window of the API that covers the range's start. */
function windowFor(range: TimeRangeState, mountedAt: number): ResultWindow {
  const p = parseTimePoint(range.from);
  const age = !p ? 24 * H : p.kind === 'relative' ? -p.offsetMs : mountedAt - p.ms;
  return age <= 24 * H ? '24h' : age <= 7 * 24 * H ? '7d' : '30d';
}

export function MonitorPage() {
  const { id = '' } = useParams();
  const monitor = useQuery({
    queryKey: ['monitors', 'one', id],
    queryFn: () => getMonitor(id),
    refetchInterval: 30_000,
  });
  if (monitor.isPending) return <LoadingState label="Loading the monitor…" />;
  if (monitor.isError)
    return (
      <section className="page">
        <ErrorState error={monitor.error} onRetry={() => void monitor.refetch()} />
        <Link to="/monitors">Back to monitors</Link>
      </section>
    );
  return <MonitorView m={monitor.data} />;
}

function MonitorView({ m }: { m: Monitor }) {
  const [range, setRange] = useTimeRangeParams(DEFAULT_RANGE);
  const [mountedAt] = useState(() => Date.now());
  const window = windowFor(range, mountedAt);
  const canWrite = useCan('telemetry.write');
  const qc = useQueryClient();
  const toast = useToast();
  const navigate = useNavigate();
  const [editing, setEditing] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);

  const results = useQuery({
    queryKey: ['monitors', 'results', m.id, window],
    queryFn: () => listResults(m.id, window, 5000),
    refetchInterval: 30_000,
  });
  const daily = useQuery({
    queryKey: ['monitors', 'results', m.id, '30d'],
    queryFn: () => listResults(m.id, '30d', 5000),
    refetchInterval: 60_000,
  });
  const stats = useQuery({
    queryKey: ['monitors', 'stats', m.id, window],
    queryFn: () => getStats(m.id, window),
    refetchInterval: 30_000,
  });
  const refresh = () => void qc.invalidateQueries({ queryKey: ['monitors'] });

  const test = useMutation({
    mutationFn: () => testMonitor(m.id),
    onSuccess: () => refresh(),
    onError: (e) => toast.error(`The test could not run: ${errorText(e)}`),
  });
  const toggle = useMutation({
    mutationFn: () => updateMonitor(m.id, { name: m.name, is_active: !m.is_active }),
    onSuccess: (u) => {
      toast.success(u.is_active ? `Resumed ${u.name}` : `Paused ${u.name}`);
      refresh();
    },
    onError: (e) => toast.error(errorText(e)),
  });
  const remove = useMutation({
    mutationFn: () => deleteMonitor(m.id),
    onSuccess: async () => {
      toast.success(`Deleted ${m.name}`);
      qc.removeQueries({ queryKey: ['monitors', 'one', m.id] });
      await qc.invalidateQueries({ queryKey: ['monitors', 'list'] });
      void navigate('/monitors');
    },
    onError: (e) => toast.error(errorText(e)),
  });

  const resolved = useMemo(
    () => resolveTimeRange(range, results.dataUpdatedAt || mountedAt) ?? undefined,
    [range, results.dataUpdatedAt, mountedAt],
  );
  const inRange = useMemo(
    () =>
      (results.data?.items ?? []).filter((r) => {
        const t = Date.parse(r.checked_at);
        return !resolved || (t >= resolved.fromMs && t <= resolved.toMs);
      }),
    [results.data, resolved],
  );
  const series = useMemo(
    () => [
      {
        name: 'Response time',
        points: inRange
          .map((r) => [Date.parse(r.checked_at), r.response_time] as const)
          .sort((a, b) => a[0] - b[0]),
      },
    ],
    [inRange],
  );
  const bars = useMemo(
    () => barsFromResults(daily.data?.items ?? [], 30, daily.dataUpdatedAt || mountedAt),
    [daily.data, daily.dataUpdatedAt, mountedAt],
  );
  const s = stats.data;
  const rt = s?.response_time;

  return (
    <section className="page monitor-page" aria-labelledby="page-title">
      <nav aria-label="Breadcrumb" className="mon-crumbs">
        <Link to="/monitors">Monitors</Link> / {m.name}
      </nav>
      <header className="page-header">
        <h1 id="page-title">{m.name}</h1>
        <MonitorStatusPill status={m.status} paused={!m.is_active} />
        <span className="muted">
          {KIND_LABEL[m.kind] ?? m.kind}
          {m.url ? ` · ${m.url}` : ''} · every {m.check_interval}s · last checked{' '}
          <Time iso={m.last_check} />
        </span>
      </header>
      {canWrite && (
        <div className="mon-actions">
          <Button variant="primary" busy={test.isPending} onClick={() => test.mutate()}>
            Test now
          </Button>
          <Button onClick={() => setEditing(true)}>Edit</Button>
          <Button busy={toggle.isPending} onClick={() => toggle.mutate()}>
            {m.is_active ? 'Pause' : 'Resume'}
          </Button>
          <Button variant="danger" onClick={() => setConfirmDelete(true)}>
            Delete
          </Button>
        </div>
      )}
      {test.data && <TestOutcome result={test.data} />}
      {m.last_error && m.status !== 'healthy' && (
        <p className="mon-last-error" role="note">
          Last error: {m.last_error}
        </p>
      )}
      <div className="mon-stats">
        <StatPanel
          title="Uptime 24h"
          value={s?.uptime['24h'] ?? null}
          unit="percent"
          loading={stats.isPending}
        />
        <StatPanel
          title="Uptime 7d"
          value={s?.uptime['7d'] ?? null}
          unit="percent"
          loading={stats.isPending}
        />
        <StatPanel
          title="Uptime 30d"
          value={s?.uptime['30d'] ?? null}
          unit="percent"
          loading={stats.isPending}
        />
        <StatPanel
          title="Uptime 1y"
          value={s?.uptime['1y'] ?? null}
          unit="percent"
          loading={stats.isPending}
        />
        <StatPanel
          title={`Average (${window})`}
          value={rt?.avg ?? null}
          unit="ms"
          loading={stats.isPending}
        />
        <StatPanel
          title={`p50 (${window})`}
          value={rt?.p50 ?? null}
          unit="ms"
          loading={stats.isPending}
        />
        <StatPanel
          title={`p95 (${window})`}
          value={rt?.p95 ?? null}
          unit="ms"
          loading={stats.isPending}
        />
        <StatPanel
          title={`p99 (${window})`}
          value={rt?.p99 ?? null}
          unit="ms"
          loading={stats.isPending}
        />
      </div>
      <section className="mon-card" aria-labelledby="mon-bars">
        <h2 id="mon-bars">Uptime, last 30 days</h2>
        <UptimeBars bars={bars} label={`Daily uptime of ${m.name} over the last 30 days`} />
      </section>
      <section className="mon-card" aria-labelledby="mon-chart">
        <div className="mon-card-head">
          <h2 id="mon-chart">Response time</h2>
          <TimeRangePicker value={range} onChange={setRange} onRefresh={refresh} />
        </div>
        <TimeSeriesChart
          title={`Response time of ${m.name}`}
          series={series}
          unit="ms"
          {...(resolved ? { range: resolved } : {})}
          onRangeSelect={(r) =>
            setRange({
              from: new Date(r.fromMs).toISOString(),
              to: new Date(r.toMs).toISOString(),
              refresh: range.refresh,
            })
          }
          loading={results.isPending}
          error={results.error ?? undefined}
          onRetry={() => void results.refetch()}
          emptyDescription="No checks in this range. Use “Test now” or widen the range."
        />
      </section>
      <CertificateDetails results={results.data?.items ?? []} />
      <section className="mon-card" aria-labelledby="mon-log">
        <h2 id="mon-log">Check log</h2>
        <CheckLog results={inRange} />
      </section>
      <MonitorEvents monitorId={m.id} />
      <MonitorFormDialog open={editing} onClose={() => setEditing(false)} monitor={m} />
      <Dialog
        open={confirmDelete}
        onClose={() => setConfirmDelete(false)}
        title={`Delete ${m.name}?`}
        description="Its check history goes with it. Status pages stop showing it."
        footer={
          <>
            <Button onClick={() => setConfirmDelete(false)}>Cancel</Button>
            <Button variant="danger" busy={remove.isPending} onClick={() => remove.mutate()}>
              Delete monitor
            </Button>
          </>
        }
      />
    </section>
  );
}
