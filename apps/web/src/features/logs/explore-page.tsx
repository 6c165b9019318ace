import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useMemo, useState, useSyncExternalStore } from 'react';
import { useSearchParams } from 'react-router-dom';
import { Button } from '../../components/button.tsx';
import { QueryBar } from '../../components/query-bar/query-bar.tsx';
import { Tabs } from '../../components/tabs.tsx';
import { TimeRangePicker } from '../../components/time-range-picker/time-range-picker.tsx';
import {
  FACET_FIELDS,
  getLogContext,
  queryErrorOf,
  type LogRecord,
  type SearchWindow,
} from './api.ts';
import { FacetsPanel } from './facets-panel.tsx';
import { LogDetail } from './log-detail.tsx';
import { LogHistogram } from './log-histogram.tsx';
import { logRowId } from './log-columns.tsx';
import { LogResults } from './log-results.tsx';
import { PatternsPanel } from './patterns-panel.tsx';
import { addTerm, appendFilter, patternFilter } from './query-text.ts';
import { useLiveTail } from './use-live-tail.ts';
import { useSearchWindow } from './use-search-window.ts';
import '../common/tables.css';
import './logs.css';

const FIELD_SUGGESTIONS = [
  ...FACET_FIELDS,
  'message',
  'trace_id',
  'request_id',
  'status_code',
  'attributes.',
  'resource.',
];

/** Explore logs: query, time range, histogram, results with detail, facets, tail and patterns. */
export function ExplorePage() {
  const s = useSearchWindow();
  const [draft, setDraft] = useState(s.q);
  const [open, setOpen] = useOpenRecord();
  const [tailOn, setTailOn] = useState(false);
  const tail = useLiveTail(s.q, tailOn);
  const client = useQueryClient();

  // Back/forward and links change the query in the URL: the bar follows.
  const [shownQ, setShownQ] = useState(s.q);
  if (shownQ !== s.q) {
    setShownQ(s.q);
    setDraft(s.q);
  }

  const run = (q: string) => {
    if (q.trim() === s.q) {
      s.refresh();
      void client.invalidateQueries({ queryKey: ['logs-search'] });
    } else s.setQuery(q);
  };
  const filter = useCallback(
    (field: string, value: string, exclude: boolean) =>
      s.setQuery(addTerm(s.q, field, value, exclude)),
    [s],
  );
  const suggest = useCallback(async (prefix: string) => {
    const token = prefix.split(/\s/).pop()?.replace(/^-/, '') ?? '';
    if (!token || token.includes(':')) return [];
    return FIELD_SUGGESTIONS.filter((f) => f.startsWith(token) && f !== token).map((f) =>
      f.endsWith('.') ? f : `${f}:`,
    );
  }, []);

  const w = s.window;
  const searchError = useSearchError(w);

  return (
    <section className="page explore-page" aria-labelledby="page-title">
      <header className="page-header">
        <h1 id="page-title">Explore logs</h1>
        <TimeRangePicker value={s.range} onChange={s.setRange} onRefresh={s.refresh} />
        <Button
          size="sm"
          variant={tailOn ? 'primary' : 'secondary'}
          aria-pressed={tailOn}
          onClick={() => setTailOn(!tailOn)}
        >
          {tailOn ? 'Stop live tail' : 'Live tail'}
        </Button>
      </header>
      <QueryBar
        label="Search logs"
        value={draft}
        onChange={setDraft}
        onSubmit={run}
        historyKey="pharos.logs.history"
        suggest={suggest}
        error={searchError}
        placeholder='level:error service:api "timed out"   (press / to focus)'
      />
      {w === null ? (
        <p role="alert">The time range is not valid.</p>
      ) : (
        <div className="explore-body">
          <FacetsPanel window={w} onFilter={filter} />
          <div className="explore-main">
            <LogHistogram window={w} onZoom={s.zoom} />
            <Tabs
              label="Results"
              selected={s.tab}
              onSelect={s.setTab}
              tabs={[
                {
                  id: 'logs',
                  label: 'Records',
                  content: (
                    <LogResults
                      window={w}
                      tail={tail}
                      tailOn={tailOn}
                      selectedId={open ? logRowId(open) : null}
                      onOpen={setOpen}
                    />
                  ),
                },
                {
                  id: 'patterns',
                  label: 'Patterns',
                  content: (
                    <PatternsPanel
                      window={w}
                      onPick={(t) => {
                        s.setQuery(appendFilter(s.q, patternFilter(t)), 'logs');
                      }}
                    />
                  ),
                },
              ]}
            />
          </div>
        </div>
      )}
      <LogDetail record={open} onClose={() => setOpen(null)} />
    </section>
  );
}

/**
 * The record open in the detail drawer, kept in the URL (`record=<time>/<id>`) so that a link
 * or a reload opens it again (fetched by id when it is not among the loaded rows) and Back
 * closes it.
 */
function useOpenRecord(): [LogRecord | null, (r: LogRecord | null) => void] {
  const [params, setParams] = useSearchParams();
  const key = params.get('record');
  const [picked, setPicked] = useState<LogRecord | null>(null);
  const known = picked && key === logRowId(picked) ? picked : null;
  const slash = key ? key.lastIndexOf('/') : -1;
  const linked = useQuery({
    queryKey: ['log-record', key],
    queryFn: ({ signal }) =>
      getLogContext({ time: key!.slice(0, slash), record_id: key!.slice(slash + 1) }, signal).then(
        (c) => c.record,
      ),
    enabled: slash > 0 && !known,
    staleTime: Infinity,
    retry: false,
  });
  const setOpen = useCallback(
    (r: LogRecord | null) => {
      setPicked(r);
      setParams((p) => {
        const n = new URLSearchParams(p);
        if (r) n.set('record', logRowId(r));
        else n.delete('record');
        return n;
      });
    },
    [setParams, setPicked],
  );
  return [key ? (known ?? linked.data ?? null) : null, setOpen];
}

/** The syntax error of the current search, read from the search query's cache. */
function useSearchError(w: SearchWindow | null) {
  const client = useQueryClient();
  const subscribe = useCallback((fn: () => void) => client.getQueryCache().subscribe(fn), [client]);
  const error = useSyncExternalStore(subscribe, () => {
    const state = w ? client.getQueryState(['logs-search', w]) : undefined;
    return state?.status === 'error' ? state.error : null;
  });
  return useMemo(() => queryErrorOf(error), [error]);
}
