import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { Badge } from '../../components/badge.tsx';
import { CopyButton } from '../../components/copy-button.tsx';
import { Drawer } from '../../components/dialog.tsx';
import { ErrorState, LoadingState } from '../../components/states.tsx';
import { JsonTree } from '../common/json-tree.tsx';
import { Time } from '../common/time.tsx';
import { getLogContext, type LogRecord } from './api.ts';
import { levelTone } from './log-columns.tsx';

const SKIP = new Set(['attributes', 'resource', 'message']);

export const pivotHref = (by: 'request_id' | 'trace_id', id: string) =>
  `/explore/pivot?${by}=${encodeURIComponent(id)}`;

/** Every field of one record, its JSON attributes, the lines around it and pivot links. */
export function LogDetail({ record, onClose }: { record: LogRecord | null; onClose: () => void }) {
  return (
    <Drawer
      open={record !== null}
      onClose={onClose}
      title={record ? `${record.level} · ${record.service}` : 'Log record'}
      width={640}
    >
      {record && <LogDetailBody record={record} />}
    </Drawer>
  );
}

function LogDetailBody({ record }: { record: LogRecord }) {
  const fields = Object.entries(record).filter(([k, v]) => !SKIP.has(k) && v !== null && v !== '');
  return (
    <div className="log-detail">
      <div className="log-detail-message">
        <pre>{record.message}</pre>
        <CopyButton text={record.message} label="Copy message" />
      </div>
      {(record.request_id || record.trace_id) && (
        <nav className="log-detail-pivots" aria-label="Related telemetry">
          {record.request_id && (
            <Link to={pivotHref('request_id', record.request_id)}>
              Everything with request id {record.request_id}
            </Link>
          )}
          {record.trace_id && (
            <Link to={pivotHref('trace_id', record.trace_id)}>
              Everything in trace {record.trace_id.slice(0, 16)}…
            </Link>
          )}
          {record.trace_id && <Link to={`/traces/${record.trace_id}`}>Trace waterfall</Link>}
        </nav>
      )}
      <h3>Fields</h3>
      <dl className="kv-list">
        {fields.map(([k, v]) => (
          <div key={k}>
            <dt>{k}</dt>
            <dd>
              {k === 'time' ? (
                <Time iso={String(v)} />
              ) : k === 'level' ? (
                <Badge tone={levelTone(String(v))}>{String(v)}</Badge>
              ) : (
                <span className="mono">{Array.isArray(v) ? v.join(', ') : String(v)}</span>
              )}
              <CopyButton text={Array.isArray(v) ? v.join(', ') : String(v)} label={`Copy ${k}`} />
            </dd>
          </div>
        ))}
      </dl>
      <h3>Attributes</h3>
      <JsonTree value={record.attributes} label="Attributes" />
      <h3>Resource</h3>
      <JsonTree value={record.resource} label="Resource" />
      <div className="log-detail-copy">
        <CopyButton text={JSON.stringify(record, null, 2)} label="Copy record as JSON" />
      </div>
      <LogContextLines record={record} />
    </div>
  );
}

function LogContextLines({ record }: { record: LogRecord }) {
  const ctx = useQuery({
    queryKey: ['log-context', record.time, record.record_id],
    queryFn: ({ signal }) => getLogContext(record, signal),
  });
  return (
    <section aria-labelledby="log-context-title">
      <h3 id="log-context-title">Context (same service and host)</h3>
      {ctx.isPending ? (
        <LoadingState label="Loading the lines around it…" />
      ) : ctx.isError ? (
        <ErrorState error={ctx.error} onRetry={() => void ctx.refetch()} />
      ) : (
        <ol className="log-context">
          {[...ctx.data.before, ctx.data.record, ...ctx.data.after].map((r) => (
            <li
              key={r.record_id}
              className={r.record_id === record.record_id ? 'is-current' : undefined}
              aria-current={r.record_id === record.record_id ? 'true' : undefined}
            >
              <Time iso={r.time} /> <Badge tone={levelTone(r.level)}>{r.level}</Badge>{' '}
              <span className="mono">{r.message}</span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
