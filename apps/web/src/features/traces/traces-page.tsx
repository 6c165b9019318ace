import { useQuery } from '@tanstack/react-query';
import { useMemo, useState, type FormEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { Button } from '../../components/button.tsx';
import { DataTable } from '../../components/data-table/data-table.tsx';
import { TextField } from '../../components/form-field.tsx';
import { EmptyState, ErrorState, LoadingState } from '../../components/states.tsx';
import { TimeRangePicker } from '../../components/time-range-picker/time-range-picker.tsx';
import type { TimeRangeState } from '../../lib/time-range.ts';
import { listTraces, TRACE_ID_PATTERN, type TraceFilters } from './api.ts';
import { traceColumns } from './trace-columns.tsx';
import { patchParams, useRangeWindow } from './use-range-window.ts';
import '../common/tables.css';
import './traces.css';

const DEFAULT_RANGE: TimeRangeState = { from: 'now-1h', to: 'now', refresh: 'off' };

function readMinDuration(p: URLSearchParams): number | null {
  const v = Number(p.get('min_ms'));
  return p.get('min_ms') !== null && Number.isFinite(v) && v >= 0 ? v : null;
}

/** Recent traces with filters (service, slower than, errors only, time range) in the URL. */
export function TracesPage() {
  const [params, setParams] = useSearchParams();
  const navigate = useNavigate();
  const { range, window: w, refresh, setRange } = useRangeWindow(DEFAULT_RANGE);
  const service = params.get('service') ?? '';
  const minDurationMs = readMinDuration(params);
  const errorsOnly = params.get('errors') === '1';
  const filters: TraceFilters | null = w
    ? { service, minDurationMs, errorsOnly, from: w.from, to: w.to }
    : null;
  const traces = useQuery({
    queryKey: ['traces', filters],
    queryFn: ({ signal }) => listTraces(filters as TraceFilters, signal),
    enabled: filters !== null,
  });
  // The API filters errors_only itself.
  const rows = useMemo(() => traces.data?.items ?? [], [traces.data]);
  const columns = useMemo(
    () => traceColumns(rows.reduce((m, t) => Math.max(m, t.duration_ms), 0)),
    [rows],
  );

  const [text, setText] = useState({
    service,
    min: minDurationMs === null ? '' : String(minDurationMs),
  });
  const [minError, setMinError] = useState<string | undefined>();
  const apply = (e: FormEvent) => {
    e.preventDefault();
    const min = text.min.trim();
    if (min !== '' && !(Number(min) >= 0)) {
      setMinError('A number of milliseconds, 0 or more.');
      return;
    }
    setMinError(undefined);
    setParams((p) => patchParams(p, { service: text.service.trim(), min_ms: min }));
  };
  const filtered = service !== '' || minDurationMs !== null || errorsOnly;

  return (
    <section className="page traces-page" aria-labelledby="page-title">
      <header className="page-header">
        <h1 id="page-title">Traces</h1>
        {traces.data && (
          <span className="muted" aria-live="polite">
            {rows.length} traces
          </span>
        )}
        <TimeRangePicker value={range} onChange={setRange} onRefresh={refresh} />
      </header>
      <div className="traces-toolbar">
        <form className="traces-filters" onSubmit={apply} aria-label="Trace filters">
          <TextField
            label="Service"
            value={text.service}
            onChange={(v) => setText({ ...text, service: v })}
            placeholder="any"
          />
          <TextField
            label="Slower than (ms)"
            value={text.min}
            inputMode="decimal"
            onChange={(v) => setText({ ...text, min: v })}
            error={minError}
            placeholder="0"
          />
          <label className="checkbox traces-errors-only">
            <input
              type="checkbox"
              checked={errorsOnly}
              onChange={(e) =>
                setParams((p) => patchParams(p, { errors: e.target.checked ? '1' : null }))
              }
            />{' '}
            Errors only
          </label>
          <Button type="submit" size="sm">
            Apply
          </Button>
        </form>
        <OpenTraceForm />
      </div>
      {w === null ? (
        <p role="alert">The time range is not valid.</p>
      ) : traces.isPending ? (
        <LoadingState label="Loading traces…" />
      ) : traces.isError ? (
        <ErrorState error={traces.error} onRetry={() => void traces.refetch()} />
      ) : (
        <DataTable
          label="Traces"
          rows={rows}
          columns={columns}
          getRowId={(t) => t.trace_id}
          defaultSort={{ columnId: 'start', direction: 'desc' }}
          onRowActivate={(t) => void navigate(`/traces/${t.trace_id}`)}
          rowHeight={32}
          height="max(320px, calc(100vh - 280px))"
          empty={filtered ? <NoMatch /> : <TracesHowTo />}
        />
      )}
    </section>
  );
}

function NoMatch() {
  return (
    <EmptyState
      compact
      title="No traces match"
      description="Widen the time range, or clear the service, duration or errors-only filter."
    />
  );
}

function TracesHowTo() {
  return (
    <EmptyState
      title="No traces in this time range"
      description={
        <>
          <p>
            Widen the time range, or send spans: create an API key with the <em>ingest</em> scope in{' '}
            <Link to="/settings/api-keys">Settings → API keys</Link> and point an OpenTelemetry
            exporter at Pharos:
          </p>
          <pre className="mono">{`OTEL_EXPORTER_OTLP_TRACES_ENDPOINT=${window.location.origin}/v1/traces
OTEL_EXPORTER_OTLP_HEADERS="Authorization=Bearer <key>"`}</pre>
        </>
      }
    />
  );
}

/** Jump straight to a trace id copied from a log line or another tool. */
function OpenTraceForm() {
  const navigate = useNavigate();
  const [id, setId] = useState('');
  const [error, setError] = useState<string | undefined>();
  return (
    <form
      className="traces-open"
      aria-label="Open a trace by id"
      onSubmit={(e) => {
        e.preventDefault();
        const t = id.trim();
        if (!TRACE_ID_PATTERN.test(t)) return setError('32 hexadecimal characters.');
        setError(undefined);
        void navigate(`/traces/${t.toLowerCase()}`);
      }}
    >
      <TextField
        label="Trace id"
        value={id}
        onChange={setId}
        error={error}
        placeholder="4bf92f3577b34da6a3ce929d0e0e4736"
        spellCheck={false}
      />
      <Button type="submit" size="sm">
        Open
      </Button>
    </form>
  );
}
