import { useCallback, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { useTimeRangeParams } from '../../components/time-range-picker/use-time-range-params.ts';
import { absoluteRange, resolveTimeRange, type TimeRangeState } from '../../lib/time-range.ts';
import type { SearchWindow } from './api.ts';

export const LOGS_DEFAULT_RANGE: TimeRangeState = { from: 'now-1h', to: 'now', refresh: 'off' };

/**
 * The search the Explore page shows, all in its URL: `q` (the query as last run) and the time
 * range. Relative ranges are resolved against an anchor that moves on refresh and on every new
 * search, so the histogram, the results and the facets cover the same window.
 */
export function useSearchWindow() {
  const [params, setParams] = useSearchParams();
  const [range, setRangeParams] = useTimeRangeParams(LOGS_DEFAULT_RANGE);
  const [anchor, setAnchor] = useState(() => Date.now());
  const q = params.get('q') ?? '';
  const tab = params.get('tab') === 'patterns' ? 'patterns' : 'logs';

  const window = useMemo<SearchWindow | null>(() => {
    const r = resolveTimeRange(range, anchor);
    if (!r) return null;
    return { q, from: new Date(r.fromMs).toISOString(), to: new Date(r.toMs).toISOString() };
  }, [q, range, anchor]);

  const refresh = useCallback(() => setAnchor(Date.now()), []);
  const setQuery = useCallback(
    (next: string, tab?: 'logs' | 'patterns') => {
      setAnchor(Date.now());
      setParams((p) => {
        const n = new URLSearchParams(p);
        if (next.trim()) n.set('q', next.trim());
        else n.delete('q');
        if (tab === 'logs') n.delete('tab');
        else if (tab) n.set('tab', tab);
        return n;
      });
    },
    [setParams],
  );
  const setRange = useCallback(
    (next: TimeRangeState) => {
      setAnchor(Date.now());
      setRangeParams(next);
    },
    [setRangeParams],
  );
  const zoom = useCallback(
    (r: { fromMs: number; toMs: number }) =>
      setRange({ ...range, ...absoluteRange(Math.floor(r.fromMs), Math.ceil(r.toMs)) }),
    [range, setRange],
  );
  const setTab = useCallback(
    (next: 'logs' | 'patterns') =>
      setParams(
        (p) => {
          const n = new URLSearchParams(p);
          if (next === 'patterns') n.set('tab', next);
          else n.delete('tab');
          return n;
        },
        { replace: true },
      ),
    [setParams],
  );
  return { q, tab, range, window, refresh, setQuery, setRange, zoom, setTab } as const;
}
