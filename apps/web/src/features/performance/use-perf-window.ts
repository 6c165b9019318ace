import { useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';
import type { TimeRangeState } from '../../lib/time-range.ts';
import { useRangeWindow } from '../traces/use-range-window.ts';
import type { PerfWindow } from './api.ts';

const DEFAULT_RANGE: TimeRangeState = { from: 'now-6h', to: 'now', refresh: 'off' };

/** The performance pages' window: time range and environment, both in the URL. */
export function usePerfWindow() {
  const [params, setParams] = useSearchParams();
  const r = useRangeWindow(DEFAULT_RANGE);
  const environment = params.get('environment') ?? '';
  const perf = useMemo<PerfWindow | null>(
    () => (r.window ? { from: r.window.from, to: r.window.to, environment } : null),
    [r.window, environment],
  );
  const setEnvironment = (v: string) =>
    setParams((p) => {
      const n = new URLSearchParams(p);
      if (v.trim()) n.set('environment', v.trim());
      else n.delete('environment');
      return n;
    });
  return { ...r, perf, environment, setEnvironment, params } as const;
}
