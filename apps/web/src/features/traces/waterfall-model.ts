/** The part of a span the waterfall layout needs. */
export interface SpanShape {
  span_id: string;
  depth: number;
  offset_ms: number;
  duration_ms: number;
}

export interface WaterfallRow<S extends SpanShape> {
  span: S;
  /** Has children (in the depth-first order the API gives, they follow it at depth + 1). */
  hasChildren: boolean;
  /** Index of the parent row in the full list, -1 for roots. */
  parentIndex: number;
}

/** Annotates depth-first spans with their children and parents. Pure. */
export function toRows<S extends SpanShape>(spans: readonly S[]): WaterfallRow<S>[] {
  const rows: WaterfallRow<S>[] = [];
  const stack: number[] = []; // indexes of the open ancestors, one per depth
  spans.forEach((span, i) => {
    stack.length = Math.min(stack.length, span.depth);
    const parentIndex = span.depth > 0 ? (stack[span.depth - 1] ?? -1) : -1;
    rows.push({ span, hasChildren: false, parentIndex });
    if (parentIndex >= 0) rows[parentIndex]!.hasChildren = true;
    stack[span.depth] = i;
  });
  return rows;
}

/** The rows left when the spans in `collapsed` hide their descendants. */
export function visibleRows<S extends SpanShape>(
  rows: readonly WaterfallRow<S>[],
  collapsed: ReadonlySet<string>,
): WaterfallRow<S>[] {
  const out: WaterfallRow<S>[] = [];
  let hideBelow = Number.POSITIVE_INFINITY; // depth under which rows are hidden
  for (const r of rows) {
    if (r.span.depth > hideBelow) continue;
    hideBelow = Number.POSITIVE_INFINITY;
    out.push(r);
    if (r.hasChildren && collapsed.has(r.span.span_id)) hideBelow = r.span.depth;
  }
  return out;
}

/** Bar position as percentages of the trace duration; at least a sliver so 0 ms spans show. */
export function barGeometry(
  offsetMs: number,
  durationMs: number,
  totalMs: number,
): { left: number; width: number } {
  const total = totalMs > 0 ? totalMs : 1;
  const left = Math.min(Math.max((offsetMs / total) * 100, 0), 100);
  const width = Math.max((durationMs / total) * 100, 0.2);
  return { left: Math.min(left, 99.8), width: Math.min(width, 100 - Math.min(left, 99.8)) };
}

/** Evenly spaced axis ticks at round millisecond values covering [0, totalMs]. */
export function axisTicks(totalMs: number, count = 5): number[] {
  if (!(totalMs > 0)) return [0];
  const raw = totalMs / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? raw;
  const ticks: number[] = [];
  for (let t = 0; t <= totalMs + 1e-9; t += step) ticks.push(Math.round(t * 1e6) / 1e6);
  return ticks;
}

/**
 * Spans to start collapsed: none for a trace of at most `maxRows` spans; otherwise every parent
 * below the top level, so a huge trace opens as its roots and their direct children.
 */
export function initiallyCollapsed<S extends SpanShape>(
  rows: readonly WaterfallRow<S>[],
  maxRows = 500,
): Set<string> {
  if (rows.length <= maxRows) return new Set();
  return new Set(rows.filter((r) => r.hasChildren && r.span.depth >= 1).map((r) => r.span.span_id));
}
