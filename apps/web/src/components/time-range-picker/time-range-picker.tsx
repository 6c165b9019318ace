import { useEffect, useId, useRef, useState } from 'react';
import {
  REFRESH_INTERVALS,
  RELATIVE_PRESETS,
  absoluteRange,
  describeTimeRange,
  fromDateTimeLocalValue,
  refreshToMs,
  resolveTimeRange,
  toDateTimeLocalValue,
} from '../../lib/time-range.ts';
import type { RefreshInterval, TimeRangeState } from '../../lib/time-range.ts';
import { Button, IconButton } from '../button.tsx';
import { Popover } from '../popover.tsx';
import { Select } from '../select.tsx';
import { useTimeZone } from '../time-zone.tsx';
import './time-range-picker.css';

export interface TimeRangePickerProps {
  value: TimeRangeState;
  onChange: (next: TimeRangeState) => void;
  /** Re-run queries now (the refresh button); auto refresh calls it too. */
  onRefresh?: () => void;
  timeZone?: string;
  /** Injected clock for tests and demos. */
  now?: () => number;
}

const REFRESH_LABELS: Record<RefreshInterval, string> = {
  off: 'Auto refresh off',
  '5s': 'Every 5s',
  '10s': 'Every 10s',
  '30s': 'Every 30s',
  '1m': 'Every 1m',
  '5m': 'Every 5m',
};

/** Relative presets, absolute from/to in the user's zone, manual and automatic refresh. */
export function TimeRangePicker({
  value,
  onChange,
  onRefresh,
  timeZone: tz,
  now = Date.now,
}: TimeRangePickerProps) {
  const timeZone = useTimeZone(tz);
  useAutoRefresh(value.refresh, onRefresh);
  return (
    <div className="px-trp" role="group" aria-label="Time range">
      <Popover
        label="Choose time range"
        trigger={
          <>
            {describeTimeRange(value, timeZone)} <span className="px-trp-zone">{timeZone}</span>
          </>
        }
      >
        {(close) => (
          <RangePanel
            value={value}
            timeZone={timeZone}
            now={now}
            onApply={(range) => {
              onChange({ ...value, ...range });
              close();
            }}
          />
        )}
      </Popover>
      {onRefresh && (
        <IconButton label="Refresh now" icon="⟳" variant="secondary" onClick={onRefresh} />
      )}
      <Select
        label="Auto refresh"
        hideLabel
        value={value.refresh}
        options={REFRESH_INTERVALS.map((r) => ({ value: r, label: REFRESH_LABELS[r] }))}
        onChange={(refresh) => onChange({ ...value, refresh })}
      />
    </div>
  );
}

interface RangePanelProps {
  value: TimeRangeState;
  timeZone: string;
  now: () => number;
  onApply: (range: { from: string; to: string }) => void;
}

function RangePanel({ value, timeZone, now, onApply }: RangePanelProps) {
  const [initial] = useState(() => resolveTimeRange(value, now()));
  const [from, setFrom] = useState(() =>
    initial ? toDateTimeLocalValue(initial.fromMs, timeZone) : '',
  );
  const [to, setTo] = useState(() => (initial ? toDateTimeLocalValue(initial.toMs, timeZone) : ''));
  const [error, setError] = useState<string | null>(null);
  const errorId = useId();
  const fromId = useId();
  const toId = useId();
  const apply = () => {
    const fromMs = fromDateTimeLocalValue(from, timeZone);
    const toMs = fromDateTimeLocalValue(to, timeZone);
    if (fromMs === null || toMs === null) return setError('Enter both times as date and time.');
    if (fromMs >= toMs) return setError('The start must be before the end.');
    setError(null);
    onApply(absoluteRange(fromMs, toMs));
  };
  return (
    <div className="px-trp-panel">
      <ul className="px-trp-presets" aria-label="Relative ranges">
        {RELATIVE_PRESETS.map((p) => (
          <li key={p.from}>
            <button
              type="button"
              className="px-trp-preset"
              aria-current={value.from === p.from && value.to === 'now' ? 'true' : undefined}
              onClick={() => onApply({ from: p.from, to: 'now' })}
            >
              {p.label}
            </button>
          </li>
        ))}
      </ul>
      <form
        className="px-trp-abs"
        onSubmit={(e) => {
          e.preventDefault();
          apply();
        }}
      >
        <p className="px-label">Absolute range ({timeZone})</p>
        <label htmlFor={fromId} className="px-label">
          From
        </label>
        <input
          id={fromId}
          className="px-input"
          type="datetime-local"
          step={1}
          value={from}
          aria-invalid={error !== null}
          aria-describedby={error ? errorId : undefined}
          onChange={(e) => setFrom(e.target.value)}
        />
        <label htmlFor={toId} className="px-label">
          To
        </label>
        <input
          id={toId}
          className="px-input"
          type="datetime-local"
          step={1}
          value={to}
          aria-invalid={error !== null}
          aria-describedby={error ? errorId : undefined}
          onChange={(e) => setTo(e.target.value)}
        />
        {error && (
          <p id={errorId} className="px-trp-error" role="alert">
            {error}
          </p>
        )}
        <Button type="submit" variant="primary" size="sm">
          Apply
        </Button>
      </form>
    </div>
  );
}

/** Calls `onTick` every `refresh` interval while the tab is visible; skips when refresh is off. */
export function useAutoRefresh(refresh: RefreshInterval, onTick: (() => void) | undefined): void {
  const tick = useRef(onTick);
  useEffect(() => {
    tick.current = onTick;
  }, [onTick]);
  useEffect(() => {
    const ms = refreshToMs(refresh);
    if (ms === null) return;
    const id = window.setInterval(() => {
      // A hidden tab does not need fresh data; it refreshes on the next tick after it is shown.
      if (document.visibilityState === 'visible') tick.current?.();
    }, ms);
    return () => window.clearInterval(id);
  }, [refresh]);
}
