import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useMemo, useState, type ReactNode } from 'react';
import { useSearchParams } from 'react-router-dom';
import { ErrorState, LoadingState } from '../../components/states.tsx';
import { Tabs } from '../../components/tabs.tsx';
import { TimeRangePicker } from '../../components/time-range-picker/time-range-picker.tsx';
import { ApiError } from '../../lib/api.ts';
import { chooseStep, type TimeRangeState } from '../../lib/time-range.ts';
import { patchParams, useRangeWindow } from '../traces/use-range-window.ts';
import {
  labelNamesQuery,
  labelValuesQuery,
  MetricBrowser,
  metricNamesQuery,
} from './metric-browser.tsx';
import { errorPosition, instantQuery, rangeQuery } from './prom-api.ts';
import {
  addMatcher,
  identifierCompletions,
  labelNameCompletions,
  labelValueCompletions,
  type CompletionContext,
} from './promql-complete.ts';
import { PromqlEditor } from './promql-editor.tsx';
import { InstantResult, RangeResult } from './results.tsx';
import './metrics.css';

const DEFAULT_RANGE: TimeRangeState = { from: 'now-1h', to: 'now', refresh: 'off' };
type Tab = 'graph' | 'table';

/** Metrics explorer: metric and label browser, PromQL editor, graph (range) and table (instant). */
export function MetricsPage() {
  const [params, setParams] = useSearchParams();
  const { range, window: w, refresh, setRange, zoom } = useRangeWindow(DEFAULT_RANGE);
  const q = params.get('q') ?? '';
  const tab: Tab = params.get('tab') === 'table' ? 'table' : 'graph';
  const metric = params.get('metric') ?? '';
  const [draft, setDraft] = useState(q);
  const [shownQ, setShownQ] = useState(q);
  if (shownQ !== q) {
    setShownQ(q);
    setDraft(q);
  }
  const client = useQueryClient();

  const run = (text: string) => {
    const next = text.trim();
    if (next === q) {
      refresh();
      void client.invalidateQueries({ queryKey: ['promql'] });
    } else setParams((p) => patchParams(p, { q: next }));
  };
  const stepMs = w ? chooseStep(w, 250, 1000) : 60_000;
  const graph = useQuery({
    queryKey: ['promql', 'range', q, w?.fromMs, w?.toMs, stepMs],
    queryFn: ({ signal }) => rangeQuery(q, { fromMs: w!.fromMs, toMs: w!.toMs, stepMs }, signal),
    enabled: tab === 'graph' && q !== '' && w !== null,
    retry: false,
  });
  const table = useQuery({
    queryKey: ['promql', 'instant', q, w?.toMs],
    queryFn: ({ signal }) => instantQuery(q, w!.toMs, signal),
    enabled: tab === 'table' && q !== '' && w !== null,
    retry: false,
  });
  const current = tab === 'graph' ? graph : table;
  const error = useMemo(() => {
    if (!current.isError) return null;
    const message = current.error.message;
    // Syntax and evaluation errors belong under the editor; others (network, 5xx) in the result.
    if (!(current.error instanceof ApiError) || current.error.status >= 500) return null;
    return { message, position: errorPosition(message, q), query: q };
  }, [current.isError, current.error, q]);

  const complete = useCallback(
    async (ctx: Exclude<CompletionContext, { kind: 'none' }>) => {
      if (ctx.kind === 'identifier')
        return identifierCompletions(ctx.prefix, await client.fetchQuery(metricNamesQuery));
      if (ctx.kind === 'label-name') {
        const names = await client.fetchQuery(labelNamesQuery(ctx.metric));
        return labelNameCompletions(ctx.prefix, names, ctx.inBraces);
      }
      const values = await client.fetchQuery(labelValuesQuery(ctx.metric, ctx.label));
      return labelValueCompletions(ctx.prefix, values);
    },
    [client],
  );

  const selectMetric = (m: string) => {
    setParams((p) => patchParams(p, { metric: m, ...(q ? {} : { q: m }) }));
    if (!q) setDraft(m);
  };
  const onMatcher = (m: string, label: string, value: string) => {
    const next = addMatcher(draft, m, label, value);
    setDraft(next);
    setParams((p) => patchParams(p, { q: next }));
  };

  const body = (result: typeof graph, view: (d: NonNullable<typeof graph.data>) => ReactNode) =>
    q === '' ? (
      <p className="muted metric-start">
        Pick a metric on the left or type a PromQL query, for example{' '}
        <code>rate(http_requests_total[5m])</code>, and press Enter.
      </p>
    ) : result.isPending ? (
      <LoadingState label="Running the query…" />
    ) : result.isError ? (
      error ? (
        <p className="muted">Fix the query above and run it again.</p>
      ) : (
        <ErrorState error={result.error} onRetry={() => void result.refetch()} />
      )
    ) : (
      view(result.data)
    );

  return (
    <section className="page metrics-page" aria-labelledby="page-title">
      <header className="page-header">
        <h1 id="page-title">Metrics explorer</h1>
        <TimeRangePicker value={range} onChange={setRange} onRefresh={refresh} />
      </header>
      <div className="metrics-body">
        <MetricBrowser
          selected={metric}
          onSelect={selectMetric}
          onQuery={(query) => {
            setDraft(query);
            setParams((p) => patchParams(p, { q: query }));
          }}
          onMatcher={onMatcher}
        />
        <div className="metrics-main">
          <PromqlEditor
            value={draft}
            onChange={setDraft}
            onRun={run}
            complete={complete}
            error={error}
            running={current.isFetching}
          />
          {w === null ? (
            <p role="alert">The time range is not valid.</p>
          ) : (
            <Tabs
              label="Result view"
              selected={tab}
              onSelect={(t) =>
                setParams((p) => patchParams(p, { tab: t === 'table' ? 'table' : null }), {
                  replace: true,
                })
              }
              tabs={[
                {
                  id: 'graph',
                  label: 'Graph',
                  content: body(graph, (d) => (
                    <RangeResult data={d} range={w} stepMs={stepMs} onZoom={zoom} />
                  )),
                },
                {
                  id: 'table',
                  label: 'Table',
                  content: body(table, (d) => <InstantResult data={d} />),
                },
              ]}
            />
          )}
        </div>
      </div>
    </section>
  );
}
