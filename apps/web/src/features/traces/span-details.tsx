import { Link } from 'react-router-dom';
import { Badge } from '../../components/badge.tsx';
import { CopyButton } from '../../components/copy-button.tsx';
import { formatDuration } from '../../lib/format.ts';
import { JsonTree } from '../common/json-tree.tsx';
import { Time } from '../common/time.tsx';
import { levelTone } from '../logs/log-columns.tsx';
import type { TraceError, TraceLog, WaterfallSpan } from './api.ts';

interface SpanEvent {
  time?: string | null;
  name?: string;
  attributes?: unknown;
}
interface SpanLink {
  trace_id?: string;
  span_id?: string;
  attributes?: unknown;
}

const asList = <T,>(v: unknown): T[] => (Array.isArray(v) ? (v as T[]) : []);

export const statusTone = (status: string) =>
  status === 'error' ? 'danger' : status === 'ok' ? 'success' : 'neutral';

/** Everything about one span: status, timing, attributes, events, links, its logs and errors. */
export function SpanDetails({
  span,
  logs,
  errors,
}: {
  span: WaterfallSpan;
  logs: readonly TraceLog[];
  errors: readonly TraceError[];
}) {
  const events = asList<SpanEvent>(span.events);
  const links = asList<SpanLink>(span.links);
  const ownLogs = logs.filter((l) => l.span_id === span.span_id);
  const ownErrors = errors.filter((e) => e.span_id === span.span_id);
  return (
    <section className="span-details" aria-labelledby="span-details-title">
      <h2 id="span-details-title">{span.name}</h2>
      <p className="span-details-sub">
        <Badge tone={statusTone(span.status)}>{span.status}</Badge> {span.service} · {span.kind} ·{' '}
        {formatDuration(span.duration_ms)}
      </p>
      {span.status_message && <p className="span-status-message">{span.status_message}</p>}
      <dl className="kv-list">
        <Field name="Span id" value={span.span_id} copy mono />
        <Field name="Parent" value={span.parent_span_id ?? '—'} mono />
        {span.orphan && <Field name="Note" value="The parent span was not received." />}
        <div>
          <dt>Start</dt>
          <dd>
            <Time iso={span.start_time} /> (+{formatDuration(span.offset_ms)})
          </dd>
        </div>
        <Field name="Duration" value={formatDuration(span.duration_ms)} />
        {span.method && <Field name="Method" value={span.method} />}
        {span.route && <Field name="Route" value={span.route} mono />}
        {span.status_code !== null && <Field name="HTTP status" value={String(span.status_code)} />}
        {span.environment && <Field name="Environment" value={span.environment} />}
      </dl>
      {ownErrors.length > 0 && (
        <>
          <h3>Errors</h3>
          <ul className="span-list">
            {ownErrors.map((e) => (
              <li key={e.event_id}>
                <Link to={`/errors/${e.group_id}`}>{e.error_type ?? 'Error'}</Link>{' '}
                <span className="muted">{e.message}</span>
              </li>
            ))}
          </ul>
        </>
      )}
      <h3>Attributes</h3>
      <JsonTree value={span.attributes} label="Span attributes" />
      <h3>Events ({events.length})</h3>
      {events.length === 0 ? (
        <p className="muted">None</p>
      ) : (
        <ol className="span-list">
          {events.map((e, i) => (
            <li key={i}>
              <strong>{e.name || '(unnamed)'}</strong>{' '}
              {e.time && (
                <span className="muted">
                  +{formatDuration(Date.parse(e.time) - Date.parse(span.start_time))}
                </span>
              )}
              <JsonTree value={e.attributes} label={`Attributes of event ${e.name ?? i}`} />
            </li>
          ))}
        </ol>
      )}
      <h3>Links ({links.length})</h3>
      {links.length === 0 ? (
        <p className="muted">None</p>
      ) : (
        <ul className="span-list">
          {links.map((l, i) => (
            <li key={i}>
              {l.trace_id ? (
                <Link to={`/traces/${l.trace_id}`} className="mono">
                  {l.trace_id}
                </Link>
              ) : null}{' '}
              <span className="mono muted">span {l.span_id}</span>
            </li>
          ))}
        </ul>
      )}
      {ownLogs.length > 0 && (
        <>
          <h3>Logs ({ownLogs.length})</h3>
          <ul className="span-list">
            {ownLogs.map((l) => (
              <li key={l.record_id}>
                <Badge tone={levelTone(l.level)}>{l.level}</Badge>{' '}
                <span className="mono">{l.message}</span>
              </li>
            ))}
          </ul>
        </>
      )}
      <h3>Resource</h3>
      <JsonTree value={span.resource} label="Resource attributes" />
    </section>
  );
}

function Field({
  name,
  value,
  copy,
  mono,
}: {
  name: string;
  value: string;
  copy?: boolean;
  mono?: boolean;
}) {
  return (
    <div>
      <dt>{name}</dt>
      <dd>
        <span className={mono ? 'mono' : undefined}>{value}</span>
        {copy && <CopyButton text={value} label={`Copy ${name.toLowerCase()}`} />}
      </dd>
    </div>
  );
}
