import { useCallback, useEffect, useState } from 'react';
import { buildUrl } from '../../lib/api.ts';
import type { LogRecord } from './api.ts';

const MAX_LINES = 2000;

export type TailStatus = 'off' | 'connecting' | 'live' | 'error';

export interface LiveTail {
  status: TailStatus;
  /** Shown lines, newest first. */
  lines: LogRecord[];
  /** Lines that arrived while paused. */
  pending: number;
  /** Records the server dropped (more than a tail may send per second). */
  skipped: number;
  notices: string[];
  paused: boolean;
  setPaused: (paused: boolean) => void;
}

interface TailState {
  key: string;
  status: TailStatus;
  lines: LogRecord[];
  held: LogRecord[];
  skipped: number;
  notices: string[];
  paused: boolean;
}

const initial = (key: string, enabled: boolean): TailState => ({
  key,
  status: enabled ? 'connecting' : 'off',
  lines: [],
  held: [],
  skipped: 0,
  notices: [],
  paused: false,
});

/**
 * A live tail of the records matching `q` (EventSource on /logs/tail). While paused (the user
 * scrolled away from the newest lines) arrivals are held back and counted, then shown on resume.
 */
export function useLiveTail(q: string, enabled: boolean): LiveTail {
  const key = `${enabled ? 'on' : 'off'}:${q}`;
  const [state, setState] = useState<TailState>(() => initial(key, enabled));
  // A new query or toggling starts a fresh tail (state adjusted while rendering, not in an effect).
  if (state.key !== key) setState(initial(key, enabled));

  useEffect(() => {
    if (!enabled) return;
    const update = (fn: (s: TailState) => TailState) =>
      setState((s) => (s.key === key ? fn(s) : s));
    const es = new EventSource(buildUrl('/logs/tail', { q }), { withCredentials: true });
    es.addEventListener('open', () => update((s) => ({ ...s, status: 'live' })));
    es.addEventListener('log', (e) => {
      const rec = JSON.parse((e as MessageEvent<string>).data) as LogRecord;
      update((s) =>
        s.paused
          ? { ...s, held: [rec, ...s.held].slice(0, MAX_LINES) }
          : { ...s, lines: [rec, ...s.lines].slice(0, MAX_LINES) },
      );
    });
    es.addEventListener('skipped', (e) => {
      const data = JSON.parse((e as MessageEvent<string>).data) as { skipped?: number };
      const n = Number(data.skipped ?? 0);
      update((s) => ({
        ...s,
        skipped: s.skipped + n,
        notices: [
          `Skipped ${n} records (more arrived than a tail sends per second)`,
          ...s.notices,
        ].slice(0, 3),
      }));
    });
    es.addEventListener('error', (e) => {
      const data = (e as MessageEvent<unknown>).data;
      const closed = es.readyState === EventSource.CLOSED;
      update((s) => ({
        ...s,
        status: closed ? 'error' : 'connecting',
        notices:
          typeof data === 'string' && data
            ? [`The tail stopped: ${data}`, ...s.notices].slice(0, 3)
            : s.notices,
      }));
    });
    return () => es.close();
  }, [q, enabled, key]);

  const setPaused = useCallback((paused: boolean) => {
    setState((s) =>
      paused
        ? { ...s, paused }
        : { ...s, paused, lines: [...s.held, ...s.lines].slice(0, MAX_LINES), held: [] },
    );
  }, []);

  return {
    status: state.status,
    lines: state.lines,
    pending: state.held.length,
    skipped: state.skipped,
    notices: state.notices,
    paused: state.paused,
    setPaused,
  };
}
