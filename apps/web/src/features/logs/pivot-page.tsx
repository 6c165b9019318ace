import { useQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router-dom';
import { Badge } from '../../components/badge.tsx';
import { EmptyState, ErrorState, LoadingState } from '../../components/states.tsx';
import { Time } from '../common/time.tsx';
import { getPivot, type PivotResult } from './api.ts';
import { levelTone } from './log-columns.tsx';
import '../common/tables.css';
import './logs.css';

const str = (v: unknown) => (typeof v === 'string' ? v : v == null ? '' : String(v));

/** Every log record, error event and span carrying one request id or trace id (last 7 days). */
export function PivotPage() {
  const [params] = useSearchParams();
  const requestId = params.get('request_id') ?? '';
  const traceId = params.get('trace_id') ?? '';
  const by = requestId ? { request_id: requestId } : traceId ? { trace_id: traceId } : null;
  const pivot = useQuery({
    queryKey: ['pivot', by],
    queryFn: ({ signal }) => getPivot(by ?? {}, signal),
    enabled: by !== null,
  });
  const what = requestId ? `request id ${requestId}` : `trace ${traceId}`;
  return (
    <section className="page pivot-page" aria-labelledby="page-title">
      <header className="page-header">
        <h1 id="page-title">Everything with {what}</h1>
        <Link to="/explore">Back to Explore</Link>
      </header>
      {by === null ? (
        <EmptyState
          title="Nothing to pivot on"
          description="Open a log record and choose a request id or trace id."
        />
      ) : pivot.isPending ? (
        <LoadingState label="Collecting logs, errors and spans…" />
      ) : pivot.isError ? (
        <ErrorState error={pivot.error} onRetry={() => void pivot.refetch()} />
      ) : (
        <PivotLists data={pivot.data} />
      )}
    </section>
  );
}

function PivotLists({ data }: { data: PivotResult }) {
  return (
    <div className="pivot-lists">
      {data.truncated && (
        <p role="note" className="muted">
          A list reached its limit of 500; narrow the search in Explore for the rest.
        </p>
      )}
      {data.trace_ids.length > 0 && (
        <p>
          Traces:{' '}
          {data.trace_ids.map((t) => (
            <Link
              key={t}
              className="mono pivot-trace"
              to={`/explore/pivot?trace_id=${encodeURIComponent(t)}`}
            >
              {t}
            </Link>
          ))}
        </p>
      )}
      <section aria-labelledby="pivot-logs">
        <h2 id="pivot-logs">Log records ({data.logs.length})</h2>
        {data.logs.length === 0 ? (
          <p className="muted">No log records.</p>
        ) : (
          <ul className="pivot-list">
            {data.logs.map((r) => (
              <li key={r.record_id}>
                <Time iso={r.time} /> <Badge tone={levelTone(r.level)}>{r.level}</Badge>{' '}
                <span className="muted">{r.service}</span> <span className="mono">{r.message}</span>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="pivot-errors">
        <h2 id="pivot-errors">Error events ({data.errors.length})</h2>
        {data.errors.length === 0 ? (
          <p className="muted">No error events.</p>
        ) : (
          <ul className="pivot-list">
            {data.errors.map((e) => (
              <li key={str(e.event_id)}>
                <Time iso={str(e.occurred_at) || null} />{' '}
                <Link to={`/errors/${str(e.group_id)}`}>
                  {str(e.error_type) || 'Error'}: {str(e.message)}
                </Link>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="pivot-spans">
        <h2 id="pivot-spans">Spans ({data.spans.length})</h2>
        {data.spans.length === 0 ? (
          <p className="muted">No spans.</p>
        ) : (
          <ul className="pivot-list">
            {data.spans.map((s) => (
              <li key={`${str(s.trace_id)}/${str(s.span_id)}`}>
                <Time iso={str(s.start_time) || null} />{' '}
                <span className="muted">{str(s.service)}</span>{' '}
                <span className="mono">{str(s.name)}</span>{' '}
                {s.duration_ms != null && <span className="muted">{str(s.duration_ms)} ms</span>}
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
