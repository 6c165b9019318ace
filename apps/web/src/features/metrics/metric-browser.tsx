import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { Badge } from '../../components/badge.tsx';
import { Button } from '../../components/button.tsx';
import { ErrorState, LoadingState } from '../../components/states.tsx';
import {
  listLabelNames,
  listLabelValues,
  listMetadata,
  listMetricNames,
  metadataOf,
} from './prom-api.ts';
import { starterQuery } from './promql-complete.ts';

const SHOWN = 200;

export const metricNamesQuery = {
  queryKey: ['prom-names'],
  queryFn: ({ signal }: { signal: AbortSignal }) => listMetricNames(signal),
  staleTime: 60_000,
} as const;
export const metadataQuery = {
  queryKey: ['prom-metadata'],
  queryFn: ({ signal }: { signal: AbortSignal }) => listMetadata(signal),
  staleTime: 60_000,
} as const;
export const labelNamesQuery = (metric: string) =>
  ({
    queryKey: ['prom-labels', metric],
    queryFn: ({ signal }: { signal: AbortSignal }) => listLabelNames(metric, signal),
    staleTime: 60_000,
  }) as const;
export const labelValuesQuery = (metric: string, label: string) =>
  ({
    queryKey: ['prom-label-values', metric, label],
    queryFn: ({ signal }: { signal: AbortSignal }) => listLabelValues(metric, label, signal),
    staleTime: 60_000,
  }) as const;

/** Metric names with their type and help; the chosen metric's labels and their values. */
export function MetricBrowser({
  selected,
  onSelect,
  onQuery,
  onMatcher,
}: {
  selected: string;
  onSelect: (metric: string) => void;
  /** Replace the query with a starter query of the metric (e.g. its rate) and run it. */
  onQuery: (query: string) => void;
  onMatcher: (metric: string, label: string, value: string) => void;
}) {
  const names = useQuery(metricNamesQuery);
  const meta = useQuery(metadataQuery);
  const [filter, setFilter] = useState('');
  const matching = useMemo(() => {
    const f = filter.trim().toLowerCase();
    return (names.data ?? []).filter((n) => n.toLowerCase().includes(f));
  }, [names.data, filter]);
  const selectedMeta = metadataOf(meta.data, selected);

  return (
    <aside className="metric-browser" aria-labelledby="metric-browser-title">
      <h2 id="metric-browser-title">Metrics</h2>
      <input
        className="px-input"
        type="search"
        aria-label="Filter metrics"
        placeholder="Filter metrics"
        value={filter}
        onChange={(e) => setFilter(e.target.value)}
      />
      {names.isPending ? (
        <LoadingState label="Loading metric names…" />
      ) : names.isError ? (
        <ErrorState error={names.error} onRetry={() => void names.refetch()} />
      ) : names.data.length === 0 ? (
        <p className="muted metric-browser-empty">
          No metrics yet. Point Prometheus&apos; <code>remote_write</code> at{' '}
          <code>/api/v1/write</code>, or send OTLP metrics to <code>/v1/metrics</code>, with an
          ingest API key.
        </p>
      ) : (
        <>
          <p className="muted metric-browser-count" aria-live="polite">
            {matching.length} of {names.data.length} metrics
          </p>
          <ul className="metric-list">
            {matching.slice(0, SHOWN).map((n) => {
              const m = metadataOf(meta.data, n);
              return (
                <li key={n}>
                  <button
                    type="button"
                    className={`metric-item${n === selected ? ' is-selected' : ''}`}
                    aria-pressed={n === selected}
                    title={m?.help || undefined}
                    onClick={() => onSelect(n)}
                  >
                    <span className="metric-item-name mono">{n}</span>
                    {m?.type && m.type !== 'unknown' && (
                      <span className="metric-type">{m.type}</span>
                    )}
                  </button>
                </li>
              );
            })}
          </ul>
          {matching.length > SHOWN && (
            <p className="muted">{matching.length - SHOWN} more: refine the filter.</p>
          )}
        </>
      )}
      {selected && (
        <section className="label-browser" aria-labelledby="label-browser-title">
          <h2 id="label-browser-title">
            Labels of <span className="mono">{selected}</span>
          </h2>
          {selectedMeta && (
            <p className="metric-help">
              {selectedMeta.type && <Badge>{selectedMeta.type}</Badge>} {selectedMeta.help}
              {selectedMeta.unit ? ` (${selectedMeta.unit})` : ''}
            </p>
          )}
          <Button size="sm" onClick={() => onQuery(starterQuery(selected, selectedMeta?.type))}>
            Query this metric
          </Button>
          <LabelList metric={selected} onMatcher={onMatcher} />
        </section>
      )}
    </aside>
  );
}

function LabelList({
  metric,
  onMatcher,
}: {
  metric: string;
  onMatcher: (metric: string, label: string, value: string) => void;
}) {
  const labels = useQuery(labelNamesQuery(metric));
  if (labels.isPending) return <LoadingState label="Loading labels…" />;
  if (labels.isError)
    return <ErrorState error={labels.error} onRetry={() => void labels.refetch()} />;
  if (labels.data.length === 0) return <p className="muted">This metric has no labels.</p>;
  return (
    <ul className="label-list">
      {labels.data.map((l) => (
        <LabelValues key={l} metric={metric} label={l} onMatcher={onMatcher} />
      ))}
    </ul>
  );
}

function LabelValues({
  metric,
  label,
  onMatcher,
}: {
  metric: string;
  label: string;
  onMatcher: (metric: string, label: string, value: string) => void;
}) {
  const [open, setOpen] = useState(false);
  const values = useQuery({ ...labelValuesQuery(metric, label), enabled: open });
  return (
    <li>
      <details onToggle={(e) => setOpen(e.currentTarget.open)}>
        <summary className="mono">{label}</summary>
        {values.isPending ? (
          open && <LoadingState label={`Loading values of ${label}…`} />
        ) : values.isError ? (
          <ErrorState error={values.error} onRetry={() => void values.refetch()} />
        ) : (
          <ul className="label-values">
            {values.data.slice(0, 100).map((v) => (
              <li key={v}>
                <button
                  type="button"
                  className="label-value mono"
                  title={`Add ${label}="${v}" to the query`}
                  onClick={() => onMatcher(metric, label, v)}
                >
                  {v}
                </button>
              </li>
            ))}
          </ul>
        )}
      </details>
    </li>
  );
}
