import type { SpanRecord } from './repository.ts';
import type { WaterfallSpan } from './schemas.ts';

/**
 * Orders a trace's spans for a waterfall: depth-first from the roots, siblings by start time.
 * A span whose parent is not in the trace is shown as a root (orphan: true). Pure.
 */
export function buildWaterfall(spans: SpanRecord[]): WaterfallSpan[] {
  if (!spans.length) return [];
  const byStart = [...spans].sort(
    (a, b) => a.start_ms - b.start_ms || a.span_id.localeCompare(b.span_id),
  );
  const ids = new Set(byStart.map((s) => s.span_id));
  const children = new Map<string, SpanRecord[]>();
  const roots: SpanRecord[] = [];
  for (const s of byStart) {
    const p = s.parent_span_id;
    if (p && ids.has(p) && p !== s.span_id) {
      const list = children.get(p) ?? [];
      list.push(s);
      children.set(p, list);
    } else roots.push(s);
  }
  const t0 = byStart[0]!.start_ms;
  const out: WaterfallSpan[] = [];
  const visited = new Set<string>();
  const stack: Array<{ s: SpanRecord; depth: number }> = roots
    .map((s) => ({ s, depth: 0 }))
    .reverse();
  while (stack.length) {
    const { s, depth } = stack.pop()!;
    if (visited.has(s.span_id)) continue;
    visited.add(s.span_id);
    const { start_ms, ...rest } = s;
    out.push({
      ...rest,
      depth,
      orphan: depth === 0 && s.parent_span_id !== null,
      offset_ms: Math.round((start_ms - t0) * 1000) / 1000,
    });
    const kids = children.get(s.span_id) ?? [];
    for (let i = kids.length - 1; i >= 0; i--) stack.push({ s: kids[i]!, depth: depth + 1 });
  }
  // Spans in a parent cycle are unreachable from any root; list them at the end.
  for (const s of byStart) {
    if (visited.has(s.span_id)) continue;
    const { start_ms, ...rest } = s;
    out.push({ ...rest, depth: 0, orphan: true, offset_ms: start_ms - t0 });
  }
  return out;
}
