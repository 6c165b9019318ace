import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';
import {
  DEFAULT_TIME_RANGE,
  readTimeRangeParams,
  writeTimeRangeParams,
} from '../../lib/time-range.ts';
import type { TimeRangeState } from '../../lib/time-range.ts';

/**
 * The time range kept in the URL (`from`, `to`, `refresh`), so a link shows the same window.
 * Range changes push a history entry (Back undoes a zoom); refresh changes replace it.
 */
export function useTimeRangeParams(
  defaults: TimeRangeState = DEFAULT_TIME_RANGE,
): [TimeRangeState, (next: TimeRangeState) => void] {
  const [params, setParams] = useSearchParams();
  const state = useMemo(() => readTimeRangeParams(params, defaults), [params, defaults]);
  const setState = useCallback(
    (next: TimeRangeState) => {
      const rangeChanged = next.from !== state.from || next.to !== state.to;
      setParams((current) => writeTimeRangeParams(next, current), { replace: !rangeChanged });
    },
    [setParams, state.from, state.to],
  );
  return [state, setState];
}
