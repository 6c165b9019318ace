import { useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { formatDuration } from '../../lib/format.ts';
import type { WaterfallSpan } from './api.ts';
import {
  axisTicks,
  barGeometry,
  initiallyCollapsed,
  toRows,
  visibleRows,
} from './waterfall-model.ts';

export interface WaterfallProps {
  spans: readonly WaterfallSpan[];
  durationMs: number;
  colors: ReadonlyMap<string, string>;
  selectedId: string | null;
  onSelect: (span: WaterfallSpan) => void;
  /** Span ids with error events or error logs, marked in the row. */
  flagged: ReadonlySet<string>;
}

const INDENT_PX = 14;

/**
 * Spans as bars on the trace's time axis, nested by parent. A WAI-ARIA tree: one tab stop, arrow
 * keys move (and select, so the details follow), Left/Right collapse and expand, Home/End jump.
 */
export function Waterfall({
  spans,
  durationMs,
  colors,
  selectedId,
  onSelect,
  flagged,
}: WaterfallProps) {
  const rows = useMemo(() => toRows(spans), [spans]);
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(() => initiallyCollapsed(rows));
  const shown = useMemo(() => visibleRows(rows, collapsed), [rows, collapsed]);
  const ticks = useMemo(() => axisTicks(durationMs), [durationMs]);
  const treeRef = useRef<HTMLDivElement>(null);
  const current = Math.max(
    0,
    shown.findIndex((r) => r.span.span_id === selectedId),
  );

  const focusRow = (index: number) => {
    const row = shown[index];
    if (!row) return;
    onSelect(row.span);
    treeRef.current
      ?.querySelector<HTMLElement>(`[data-span-id="${row.span.span_id}"]`)
      ?.focus({ preventScroll: false });
  };
  const toggle = (id: string, open: boolean) =>
    setCollapsed((c) => {
      const next = new Set(c);
      if (open) next.delete(id);
      else next.add(id);
      return next;
    });

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const row = shown[current];
    if (!row) return;
    const id = row.span.span_id;
    const isOpen = row.hasChildren && !collapsed.has(id);
    let handled = true;
    if (e.key === 'ArrowDown') focusRow(Math.min(current + 1, shown.length - 1));
    else if (e.key === 'ArrowUp') focusRow(Math.max(current - 1, 0));
    else if (e.key === 'Home') focusRow(0);
    else if (e.key === 'End') focusRow(shown.length - 1);
    else if (e.key === 'ArrowRight') {
      if (row.hasChildren && !isOpen) toggle(id, true);
      else if (isOpen) focusRow(current + 1);
    } else if (e.key === 'ArrowLeft') {
      if (isOpen) toggle(id, false);
      else if (row.parentIndex >= 0) {
        const parentId = rows[row.parentIndex]?.span.span_id;
        focusRow(shown.findIndex((r) => r.span.span_id === parentId));
      }
    } else if (e.key === 'Enter' || e.key === ' ') onSelect(row.span);
    else handled = false;
    if (handled) e.preventDefault();
  };

  return (
    <div className="wf">
      <div className="wf-axis" aria-hidden="true">
        <div className="wf-axis-label">Span</div>
        <div className="wf-axis-scale">
          {ticks.map((t) => (
            <span key={t} className="wf-tick" style={{ left: `${(t / (durationMs || 1)) * 100}%` }}>
              {formatDuration(t)}
            </span>
          ))}
        </div>
      </div>
      <div
        ref={treeRef}
        className="wf-rows"
        role="tree"
        aria-label="Spans of the trace"
        onKeyDown={onKeyDown}
      >
        {shown.map((r, i) => {
          const s = r.span;
          const { left, width } = barGeometry(s.offset_ms, s.duration_ms, durationMs);
          const open = r.hasChildren ? !collapsed.has(s.span_id) : undefined;
          const error = s.status === 'error';
          const selected = s.span_id === selectedId;
          return (
            <div
              key={s.span_id}
              data-span-id={s.span_id}
              role="treeitem"
              aria-level={s.depth + 1}
              aria-selected={selected}
              aria-expanded={open}
              tabIndex={i === current ? 0 : -1}
              className={`wf-row${selected ? ' is-selected' : ''}${error ? ' is-error' : ''}`}
              onClick={() => onSelect(s)}
            >
              <div className="wf-label" style={{ paddingLeft: s.depth * INDENT_PX }}>
                {r.hasChildren ? (
                  <span
                    className="wf-twisty"
                    aria-hidden="true"
                    onClick={(e) => {
                      e.stopPropagation();
                      toggle(s.span_id, !open);
                    }}
                  >
                    {open ? '▾' : '▸'}
                  </span>
                ) : (
                  <span className="wf-twisty" aria-hidden="true" />
                )}
                <span
                  className="wf-swatch"
                  style={{ background: colors.get(s.service) }}
                  aria-hidden="true"
                />
                <span className="wf-service">{s.service}</span>
                <span className="wf-name">{s.name}</span>
                {error && <span className="wf-error-mark">error</span>}
                {flagged.has(s.span_id) && !error && <span className="wf-flag">●</span>}
              </div>
              <div className="wf-track">
                <div
                  className="wf-bar"
                  style={{
                    left: `${left}%`,
                    width: `${width}%`,
                    background: colors.get(s.service),
                  }}
                />
                <span
                  className="wf-duration"
                  style={
                    left > 70
                      ? { right: `${100 - left + 0.5}%` }
                      : { left: `${left + width + 0.5}%` }
                  }
                >
                  {formatDuration(s.duration_ms)}
                  <span className="visually-hidden"> at +{formatDuration(s.offset_ms)}</span>
                </span>
                <div
                  className="wf-tip"
                  aria-hidden="true"
                  style={{ left: `${Math.min(left, 60)}%` }}
                >
                  <strong>{s.name}</strong>
                  <span>{s.service}</span>
                  <span>
                    {formatDuration(s.duration_ms)} · starts at +{formatDuration(s.offset_ms)}
                  </span>
                  <span>
                    {s.kind} · {s.status}
                    {s.status_code !== null ? ` · HTTP ${s.status_code}` : ''}
                  </span>
                </div>
              </div>
            </div>
          );
        })}
      </div>
    </div>
  );
}
