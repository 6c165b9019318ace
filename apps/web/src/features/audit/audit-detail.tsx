import { useQuery } from '@tanstack/react-query';
import { Badge } from '../../components/badge.tsx';
import { CopyButton } from '../../components/copy-button.tsx';
import { Drawer } from '../../components/dialog.tsx';
import { ErrorState, LoadingState } from '../../components/states.tsx';
import { Time } from '../common/time.tsx';
import { getAuditEvent, type AuditEvent } from './api.ts';
import { diffJson, showJson } from './diff.ts';
import '../../components/table.css';

/** The drawer with one event: who, what, where from, and the before/after diff of the change. */
export function AuditDetail({ id, onClose }: { id: string | null; onClose: () => void }) {
  const event = useQuery({
    queryKey: ['audit-event', id],
    queryFn: () => getAuditEvent(id ?? ''),
    enabled: id !== null,
    staleTime: Infinity,
  });
  return (
    <Drawer open={id !== null} onClose={onClose} title="Audit event" width={560}>
      {event.isPending ? (
        <LoadingState />
      ) : event.isError ? (
        <ErrorState error={event.error} onRetry={() => void event.refetch()} />
      ) : (
        <EventBody e={event.data} />
      )}
    </Drawer>
  );
}

function EventBody({ e }: { e: AuditEvent }) {
  const rows = diffJson(e.before_data, e.after_data);
  const changed = rows.filter((r) => r.kind !== 'same');
  return (
    <div className="audit-detail">
      <p className="audit-detail-title">
        <code>{e.action}</code>{' '}
        {e.outcome === 'success' ? (
          <Badge tone="success">success</Badge>
        ) : (
          <Badge tone="danger">failure</Badge>
        )}
      </p>
      <p>{e.description}</p>
      {e.failure_reason && <p className="audit-failure">{e.failure_reason}</p>}
      <dl className="audit-fields">
        <dt>Time</dt>
        <dd>
          <Time iso={e.occurred_at} />
        </dd>
        <dt>Actor</dt>
        <dd>
          {e.user_email ?? e.actor_type}
          {e.user_role ? ` (${e.user_role})` : ''}
          {e.api_key_id ? ` via API key ${e.api_key_id.slice(0, 8)}` : ''}
        </dd>
        <dt>Resource</dt>
        <dd className="mono">
          {e.resource_type}
          {e.resource_id ? ` ${e.resource_id}` : ''}
          {e.resource_name ? ` (${e.resource_name})` : ''}
        </dd>
        <dt>IP address</dt>
        <dd className="mono">{e.ip_address ?? '—'}</dd>
        <dt>Request id</dt>
        <dd className="mono">
          {e.request_id ?? '—'}{' '}
          {e.request_id && <CopyButton text={e.request_id} label="Copy request id" />}
        </dd>
        <dt>User agent</dt>
        <dd className="audit-ua">{e.user_agent ?? '—'}</dd>
      </dl>
      <h3>Changes</h3>
      {rows.length === 0 ? (
        <p className="muted">This event records no before or after state.</p>
      ) : (
        <table className="table audit-diff" aria-label="Before and after">
          <thead>
            <tr>
              <th scope="col">Field</th>
              <th scope="col">Before</th>
              <th scope="col">After</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.path} className={`diff-${r.kind}`}>
                <th scope="row" className="mono">
                  {r.path}
                  <span className="visually-hidden"> ({r.kind})</span>
                </th>
                <td className="mono wrap diff-before">{showJson(r.before)}</td>
                <td className="mono wrap diff-after">{showJson(r.after)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {rows.length > 0 && (
        <p className="muted">
          {changed.length} field{changed.length === 1 ? '' : 's'} changed.
        </p>
      )}
      {Object.keys(e.metadata).length > 0 && (
        <>
          <h3>Metadata</h3>
          <pre className="audit-json">{JSON.stringify(e.metadata, null, 2)}</pre>
        </>
      )}
    </div>
  );
}
