import { useCallback, useMemo, useState } from 'react';
import { useTimeRangeParams } from '../../components/time-range-picker/use-time-range-params.ts';
import {
  absoluteRange,
  resolveTimeRange,
  type ResolvedTimeRange,
  type TimeRangeState,
} from '../../lib/time-range.ts';

export interface RangeWindow extends ResolvedTimeRange {
  from: string;
  to: string;
}

/**
 * The time range in the URL, resolved against an anchor that moves on refresh and on every range
 * change, so relative ranges ("last hour") mean the same instant for every query of a page.
 */
export function useRangeWindow(defaults: TimeRangeState) {
  const [range, setRangeParams] = useTimeRangeParams(defaults);
  const [anchor, setAnchor] = useState(() => Date.now());
  const window = useMemo<RangeWindow | null>(() => {
    const r = resolveTimeRange(range, anchor);
    if (!r || r.fromMs >= r.toMs) return null;
    return { ...r, from: new Date(r.fromMs).toISOString(), to: new Date(r.toMs).toISOString() };
  }, [range, anchor]);
  const refresh = useCallback(() => setAnchor(Date.now()), []);
  const setRange = useCallback(
    (next: TimeRangeState) => {
      setAnchor(Date.now());
      setRangeParams(next);
    },
    [setRangeParams],
  );
  const zoom = useCallback(
    (r: ResolvedTimeRange) =>
      setRange({ ...range, ...absoluteRange(Math.floor(r.fromMs), Math.ceil(r.toMs)) }),
    [range, setRange],
  );
  return { range, window, refresh, setRange, zoom } as const;
}

/** Sets or deletes URL parameters in one history entry ('' and null delete). */
export function patchParams(
  current: URLSearchParams,
  patch: Record<string, string | null>,
): URLSearchParams {
  const next = new URLSearchParams(current);
  for (const [k, v] of Object.entries(patch)) {
    if (v === null || v === '') next.delete(k);
    else next.set(k, v);
  }
  return next;
}
