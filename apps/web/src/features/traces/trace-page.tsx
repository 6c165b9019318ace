import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { Badge } from '../../components/badge.tsx';
import { CopyButton } from '../../components/copy-button.tsx';
import { EmptyState, ErrorState, LoadingState } from '../../components/states.tsx';
import { countOf, formatDuration } from '../../lib/format.ts';
import { Time } from '../common/time.tsx';
import { levelTone } from '../logs/log-columns.tsx';
import { getTrace, TRACE_ID_PATTERN, type TraceDetail } from './api.ts';
import { serviceColors } from './service-colors.ts';
import { SpanDetails } from './span-details.tsx';
import { patchParams } from './use-range-window.ts';
import { Waterfall } from './waterfall.tsx';
import '../common/tables.css';
import './traces.css';

/** One trace: summary, waterfall with span details (selected span in the URL), logs and errors. */
export function TracePage() {
  const { traceId = '' } = useParams();
  const valid = TRACE_ID_PATTERN.test(traceId);
  const trace = useQuery({
    queryKey: ['trace', traceId.toLowerCase()],
    queryFn: ({ signal }) => getTrace(traceId, signal),
    enabled: valid,
  });
  return (
    <section className="page trace-page" aria-labelledby="page-title">
      <nav className="trace-crumbs" aria-label="Breadcrumb">
        <Link to="/traces">Traces</Link> › <span className="mono">{traceId}</span>
      </nav>
      {!valid ? (
        <>
          <h1 id="page-title">Trace</h1>
          <EmptyState
            title="This is not a trace id"
            description="A W3C trace id has 32 hexadecimal characters. Open traces from the list."
            action={{ label: 'All traces', href: '/traces' }}
          />
        </>
      ) : trace.isPending ? (
        <>
          <h1 id="page-title">Trace</h1>
          <LoadingState label="Loading the trace…" />
        </>
      ) : trace.isError ? (
        <>
          <h1 id="page-title">Trace</h1>
          <ErrorState
            error={trace.error}
            onRetry={() => void trace.refetch()}
            action={{ label: 'All traces', href: '/traces' }}
          />
        </>
      ) : (
        <TraceView trace={trace.data} />
      )}
    </section>
  );
}

function TraceView({ trace }: { trace: TraceDetail }) {
  const [params, setParams] = useSearchParams();
  const colors = useMemo(() => serviceColors(trace.services), [trace.services]);
  const root = trace.spans[0];
  const selected = trace.spans.find((s) => s.span_id === params.get('span')) ?? root ?? null;
  const flagged = useMemo(
    () =>
      new Set(
        [...trace.errors, ...trace.logs.filter((l) => levelTone(l.level) === 'danger')]
          .map((x) => x.span_id)
          .filter((x): x is string => x !== null),
      ),
    [trace.errors, trace.logs],
  );
  return (
    <>
      <header className="page-header">
        <h1 id="page-title">
          {root ? (
            <>
              <span className="muted">{root.service}</span> {root.name}
            </>
          ) : (
            'Trace'
          )}
        </h1>
        {trace.has_error && <Badge tone="danger">error</Badge>}
        <CopyButton text={trace.trace_id} label="Copy trace id" />
      </header>
      <dl className="trace-summary">
        <div>
          <dt>Start</dt>
          <dd>
            <Time iso={trace.start_time} />
          </dd>
        </div>
        <div>
          <dt>Duration</dt>
          <dd>{formatDuration(trace.duration_ms)}</dd>
        </div>
        <div>
          <dt>Spans</dt>
          <dd>{trace.span_count}</dd>
        </div>
        <div>
          <dt>Services</dt>
          <dd className="trace-legend">
            {trace.services.map((s) => (
              <span key={s} className="trace-legend-item">
                <span
                  className="wf-swatch"
                  style={{ background: colors.get(s) }}
                  aria-hidden="true"
                />
                {s}
              </span>
            ))}
          </dd>
        </div>
        <div>
          <dt>Logs · errors</dt>
          <dd>
            <a href="#trace-logs">{countOf(trace.logs.length, 'log')}</a> ·{' '}
            <a href="#trace-errors">{countOf(trace.errors.length, 'error')}</a>
          </dd>
        </div>
      </dl>
      {trace.spans.length === 0 ? (
        <EmptyState
          title="No spans stored for this trace"
          description="Spans may have expired, or the trace's spans have not arrived yet. Try again in a minute."
        />
      ) : (
        <div className="trace-body">
          <Waterfall
            key={trace.trace_id}
            spans={trace.spans}
            durationMs={trace.duration_ms}
            colors={colors}
            selectedId={selected?.span_id ?? null}
            flagged={flagged}
            onSelect={(s) =>
              setParams(
                (p) => patchParams(p, { span: s.span_id === root?.span_id ? null : s.span_id }),
                {
                  replace: true,
                },
              )
            }
          />
          {selected && <SpanDetails span={selected} logs={trace.logs} errors={trace.errors} />}
        </div>
      )}
      <TraceLogs trace={trace} />
      <TraceErrors trace={trace} />
    </>
  );
}

function TraceLogs({ trace }: { trace: TraceDetail }) {
  return (
    <section className="trace-section" aria-labelledby="trace-logs">
      <div className="trace-section-head">
        <h2 id="trace-logs">Logs ({trace.logs.length})</h2>
        <Link to={`/explore/pivot?trace_id=${trace.trace_id}`}>Open in Explore</Link>
      </div>
      {trace.logs.length === 0 ? (
        <p className="muted">
          No log records carry this trace id. Log with the active span's context (OpenTelemetry log
          bridges do) to see them here.
        </p>
      ) : (
        <table className="simple-table">
          <thead>
            <tr>
              <th scope="col">Time</th>
              <th scope="col">Level</th>
              <th scope="col">Service</th>
              <th scope="col">Span</th>
              <th scope="col">Message</th>
            </tr>
          </thead>
          <tbody>
            {trace.logs.map((l) => (
              <tr key={l.record_id}>
                <td className="nowrap">
                  <Time iso={l.time} />
                </td>
                <td>
                  <Badge tone={levelTone(l.level)}>{l.level}</Badge>
                </td>
                <td>{l.service}</td>
                <td className="mono">
                  {l.span_id ? (
                    <Link to={`?span=${l.span_id}`} replace>
                      {l.span_id}
                    </Link>
                  ) : (
                    '—'
                  )}
                </td>
                <td className="mono">{l.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function TraceErrors({ trace }: { trace: TraceDetail }) {
  return (
    <section className="trace-section" aria-labelledby="trace-errors">
      <h2 id="trace-errors">Errors ({trace.errors.length})</h2>
      {trace.errors.length === 0 ? (
        <p className="muted">No error events were reported with this trace id.</p>
      ) : (
        <ul className="trace-errors">
          {trace.errors.map((e) => (
            <li key={e.event_id}>
              <Badge tone="danger">{e.severity}</Badge>{' '}
              <Link to={`/errors/${e.group_id}`}>{e.error_type ?? 'Error'}</Link>{' '}
              <span className="muted">{e.message}</span>{' '}
              <span className="muted">
                · {e.service ?? 'unknown service'} · <Time iso={e.occurred_at} />
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
