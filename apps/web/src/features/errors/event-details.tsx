import { Link } from 'react-router-dom';
import { JsonTree } from '../common/json-tree.tsx';
import { Time } from '../common/time.tsx';
import type { ErrorEvent } from './api.ts';

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
const text = (v: unknown) => (v == null ? '' : typeof v === 'string' ? v : JSON.stringify(v));

function crumbTime(ts: unknown): string | null {
  if (typeof ts === 'number') return new Date(ts * 1000).toISOString();
  if (typeof ts === 'string') return ts;
  return null;
}

export function Breadcrumbs({ breadcrumbs }: { breadcrumbs: unknown }) {
  const crumbs = Array.isArray(breadcrumbs) ? breadcrumbs.filter(isRecord) : [];
  if (!crumbs.length) return <p className="muted">No breadcrumbs.</p>;
  return (
    <table className="simple-table">
      <caption className="visually-hidden">Breadcrumbs, oldest first</caption>
      <thead>
        <tr>
          <th scope="col">Time</th>
          <th scope="col">Category</th>
          <th scope="col">Level</th>
          <th scope="col">Message or data</th>
        </tr>
      </thead>
      <tbody>
        {crumbs.map((c, i) => (
          <tr key={i}>
            <td className="nowrap">
              <Time iso={crumbTime(c.timestamp)} />
            </td>
            <td>{text(c.category ?? c.type)}</td>
            <td>{text(c.level)}</td>
            <td className="mono">{text(c.message) || text(c.data)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function KeyValues({ value, label }: { value: unknown; label: string }) {
  const entries = isRecord(value) ? Object.entries(value) : [];
  if (!entries.length) return <p className="muted">None.</p>;
  return (
    <dl className="kv-list" aria-label={label}>
      {entries.map(([k, v]) => (
        <div key={k}>
          <dt>{k}</dt>
          <dd className="mono">{text(v)}</dd>
        </div>
      ))}
    </dl>
  );
}

/** Who and what: the user, the HTTP request and correlation ids (with pivot links). */
export function EventContext({ event }: { event: ErrorEvent }) {
  const user = {
    ...(isRecord(event.user_data) ? event.user_data : {}),
    ...(event.user_id ? { id: event.user_id } : {}),
    ...(event.ip_address ? { ip_address: event.ip_address } : {}),
  };
  const request = {
    ...(event.method ? { method: event.method } : {}),
    ...(event.url ? { url: event.url } : {}),
    ...(event.status_code != null ? { status_code: event.status_code } : {}),
    ...(event.user_agent ? { user_agent: event.user_agent } : {}),
  };
  return (
    <div className="event-context">
      <section aria-labelledby="ev-user">
        <h3 id="ev-user">User</h3>
        <KeyValues value={user} label="User" />
      </section>
      <section aria-labelledby="ev-request">
        <h3 id="ev-request">Request</h3>
        <KeyValues value={request} label="Request" />
        {isRecord(event.request) && Object.keys(event.request).length > 0 && (
          <JsonTree value={event.request} label="Request details" />
        )}
        {(event.request_id || event.trace_id) && (
          <p className="event-pivots">
            {event.request_id && (
              <Link to={`/explore/pivot?request_id=${encodeURIComponent(event.request_id)}`}>
                Logs and spans of request {event.request_id}
              </Link>
            )}{' '}
            {event.trace_id && (
              <Link to={`/explore/pivot?trace_id=${encodeURIComponent(event.trace_id)}`}>
                Everything in trace {event.trace_id.slice(0, 16)}…
              </Link>
            )}
          </p>
        )}
      </section>
      <section aria-labelledby="ev-contexts">
        <h3 id="ev-contexts">Contexts</h3>
        <JsonTree value={event.context} label="Contexts" />
      </section>
      <p className="muted">
        Event {event.event_id} at <Time iso={event.occurred_at} />
        {event.release ? ` · release ${event.release}` : ''}
      </p>
    </div>
  );
}
