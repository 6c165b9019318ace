import { useQuery } from '@tanstack/react-query';
import { api } from '../../lib/api.ts';
import { ErrorState } from '../../components/states.tsx';
import { Time } from '../common/time.tsx';
import { MonitorStatusPill } from './shared.tsx';
import '../../components/table.css';

interface ServiceHealth {
  service: string;
  serviceType: string;
  status: 'healthy' | 'degraded' | 'unhealthy' | 'down';
  statusReported: boolean;
  stale: boolean;
  checkedAt: string;
  cpuUsagePercent: number | null;
  memoryUsageMb: number | null;
  diskUsagePercent: number | null;
  responseTimeMs: number | null;
  errorRate: number | null;
  throughput: number | null;
  lastErrorMessage: string | null;
}
interface SystemHealth {
  overall: string;
  summary: Record<'total' | 'healthy' | 'degraded' | 'unhealthy' | 'down' | 'stale', number>;
  services: ServiceHealth[];
}

/** A percentage as a small bar with its number (the bar is decoration; the number is read). */
function Usage({ value, label }: { value: number | null; label: string }) {
  if (value === null) return <span className="muted">—</span>;
  const level = value >= 95 ? 'down' : value >= 85 ? 'degraded' : 'ok';
  return (
    <span className="sh-usage" title={`${label} ${value.toFixed(1)}%`}>
      <span className="sh-usage-bar" aria-hidden="true">
        <span
          className={`sh-usage-fill sh-${level}`}
          style={{ width: `${Math.min(100, value)}%` }}
        />
      </span>
      {value.toFixed(0)}%
    </span>
  );
}

const num = (v: number | null, unit: string, digits = 0) =>
  v === null ? '—' : `${v.toFixed(digits)}${unit}`;

/**
 * Resource figures that services and hosts report (POST /api/v1/ingest/system-health): the
 * newest report of each, with its status. Hidden until something reports, apart from a hint.
 */
export function SystemHealthPanel() {
  const q = useQuery({
    queryKey: ['system-health'],
    queryFn: () => api<SystemHealth>('/system-health'),
    refetchInterval: 30_000,
  });
  if (q.isPending) return null;
  if (q.isError) return <ErrorState error={q.error} onRetry={() => void q.refetch()} />;
  const { summary, services } = q.data;
  if (!services.length) {
    return (
      <p className="muted sh-hint">
        Services and hosts can report CPU, memory, disk, response time and error rate to{' '}
        <code>POST /api/v1/ingest/system-health</code> with an ingest key; they appear here and as
        metrics (<code>system_cpu_usage_percent</code>, …).
      </p>
    );
  }
  return (
    <section className="sh-panel" aria-labelledby="sh-title">
      <h2 id="sh-title">
        System health{' '}
        <span className="muted sh-counts">
          {summary.healthy} healthy · {summary.degraded} degraded ·{' '}
          {summary.unhealthy + summary.down} unhealthy
          {summary.stale ? ` · ${summary.stale} not reporting` : ''}
        </span>
      </h2>
      <div className="table-wrap">
        <table className="table sh-table" aria-labelledby="sh-title">
          <thead>
            <tr>
              <th scope="col">Status</th>
              <th scope="col">Service</th>
              <th scope="col">CPU</th>
              <th scope="col">Memory</th>
              <th scope="col">Disk</th>
              <th scope="col">Response</th>
              <th scope="col">Errors</th>
              <th scope="col">Throughput</th>
              <th scope="col">Reported</th>
            </tr>
          </thead>
          <tbody>
            {services.map((s) => (
              <tr key={s.service}>
                <td>
                  {s.stale ? (
                    <MonitorStatusPill status="unknown" />
                  ) : (
                    <MonitorStatusPill status={s.status} />
                  )}
                </td>
                <th scope="row">
                  {s.service} <span className="muted">{s.serviceType}</span>
                  {s.lastErrorMessage && (
                    <div className="sh-error" title={s.lastErrorMessage}>
                      {s.lastErrorMessage}
                    </div>
                  )}
                </th>
                <td>
                  <Usage value={s.cpuUsagePercent} label="CPU" />
                </td>
                <td>{num(s.memoryUsageMb, ' MB')}</td>
                <td>
                  <Usage value={s.diskUsagePercent} label="Disk" />
                </td>
                <td>{num(s.responseTimeMs, ' ms')}</td>
                <td>{num(s.errorRate, '%', 1)}</td>
                <td>{num(s.throughput, '/s', 1)}</td>
                <td>
                  <Time iso={s.checkedAt} relative />
                  {s.stale && <span className="muted"> (stale)</span>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
