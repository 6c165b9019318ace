import { useQuery } from '@tanstack/react-query';
import { Badge } from '../../components/badge.tsx';
import { DataTable } from '../../components/data-table/data-table.tsx';
import type { ColumnDef } from '../../components/data-table/types.ts';
import { EmptyState } from '../../components/states.tsx';
import { Time } from '../common/time.tsx';
import { listMonitorEvents, type CheckResult, type TestResult } from './api.ts';
import { formatMs, MonitorStatusPill } from './shared.tsx';

const logColumns: ColumnDef<CheckResult>[] = [
  {
    id: 'status',
    header: 'Status',
    width: 120,
    value: (r) => r.status,
    cell: (r) => <MonitorStatusPill status={r.status} />,
  },
  {
    id: 'time',
    header: 'Time',
    width: 200,
    hideable: false,
    value: (r) => Date.parse(r.checked_at),
    cell: (r) => <Time iso={r.checked_at} />,
  },
  {
    id: 'response',
    header: 'Response time',
    width: 130,
    align: 'end',
    value: (r) => r.response_time,
    cell: (r) => formatMs(r.response_time),
  },
  { id: 'code', header: 'Code', width: 80, align: 'end', value: (r) => r.status_code },
  {
    id: 'error',
    header: 'Error',
    width: 380,
    value: (r) => r.error_message ?? '',
    cell: (r) => (
      <span title={r.error_message ?? ''}>
        {r.in_maintenance && <Badge>maintenance</Badge>} {r.error_message ?? ''}
      </span>
    ),
  },
];

/** The newest checks first, as a table. */
export function CheckLog({ results }: { results: readonly CheckResult[] }) {
  return (
    <DataTable
      label="Check log"
      rows={results}
      columns={logColumns}
      getRowId={(r, i) => `${r.checked_at}-${i}`}
      defaultSort={{ columnId: 'time', direction: 'desc' }}
      height={360}
      empty={
        <EmptyState
          title="No checks in this time range"
          description="Use “Test now”, or widen the time range."
          compact
        />
      }
    />
  );
}

/** The outcome of "Test now", shown under the actions. */
export function TestOutcome({ result }: { result: TestResult }) {
  return (
    <div className={`mon-test mon-test-${result.status}`} role="status">
      <strong>Test result:</strong> <MonitorStatusPill status={result.status} />
      {result.response_time !== null && <span>{result.response_time} ms</span>}
      {result.status_code !== null && <span>HTTP {result.status_code}</span>}
      {result.error && <span className="mon-test-error">{result.error}</span>}
      {result.status !== result.monitor_status && (
        <span className="muted">
          (the monitor stays {result.monitor_status} until its retries fail too)
        </span>
      )}
    </div>
  );
}

/** Certificate facts from the newest check that has them (HTTPS and TLS monitors). */
export function CertificateDetails({ results }: { results: readonly CheckResult[] }) {
  const d = results.find((r) => r.details && 'tlsValidTo' in r.details)?.details;
  if (!d) return null;
  const days = Number(d.tlsDaysRemaining);
  const str = (v: unknown) => (typeof v === 'string' ? v : '—');
  return (
    <section className="mon-card" aria-labelledby="mon-cert">
      <h2 id="mon-cert">Certificate</h2>
      <dl className="mon-facts">
        <dt>Expires</dt>
        <dd>
          <Time iso={str(d.tlsValidTo)} />{' '}
          <Badge tone={days <= 7 ? 'danger' : days <= 30 ? 'warning' : 'success'}>
            {days} days left
          </Badge>
        </dd>
        <dt>Subject</dt>
        <dd className="mono">{str(d.tlsSubject)}</dd>
        <dt>Issuer</dt>
        <dd className="mono">{str(d.tlsIssuer)}</dd>
      </dl>
    </section>
  );
}

/** Status changes and certificate warnings, newest first. */
export function MonitorEvents({ monitorId }: { monitorId: string }) {
  const events = useQuery({
    queryKey: ['monitors', 'events', monitorId],
    queryFn: () => listMonitorEvents(monitorId),
    refetchInterval: 30_000,
  });
  const items = [...(events.data?.items ?? [])].reverse().slice(0, 50);
  return (
    <section className="mon-card" aria-labelledby="mon-events">
      <h2 id="mon-events">Events</h2>
      {items.length === 0 ? (
        <p className="muted">
          {events.isPending ? 'Loading events…' : 'No status changes recorded yet.'}
        </p>
      ) : (
        <ul className="mon-events">
          {items.map((e) => (
            <li key={e.id}>
              <Time iso={e.occurred_at} />{' '}
              {e.to_status && <MonitorStatusPill status={e.to_status} />} {e.message}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
