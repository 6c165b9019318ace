// Data loading before evaluation: every selector's time range is worked out from the tree
// (offset, @, ranges, subquery steps) and its series fetched once through the SeriesSource.
import type { Matcher, SelectHints, SeriesSource } from '../types.ts';
import type { Expr, VectorSelectorNode } from './ast.ts';
import type { EvalContext } from './eval.ts';
import { resolveAt, subqueryGrid } from './eval.ts';
import { compareLabels } from './labels.ts';
import type { Budget, Grid, SampleSeries } from './series.ts';
import { gridEnd } from './series.ts';

interface Need {
  node: VectorSelectorNode;
  hints: SelectHints;
}

type Times = Pick<EvalContext, 'queryStart' | 'queryEnd' | 'lookback'>;

/** Walks the tree like the evaluator, collecting each selector's read range. */
function collect(e: Expr, g: Grid, t: Times, out: Need[], func?: string): void {
  const shifted = (
    offset: number,
    at: Parameters<typeof resolveAt>[0] | undefined,
  ): [number, number] =>
    at !== undefined
      ? [resolveAt(at, t) - offset, resolveAt(at, t) - offset]
      : [g.start - offset, gridEnd(g) - offset];
  switch (e.type) {
    case 'vector': {
      const [from, to] = shifted(e.offset, e.at);
      out.push({
        node: e,
        hints: { start: from - t.lookback, end: to, step: g.interval, range: 0, func },
      });
      return;
    }
    case 'matrix': {
      const [from, to] = shifted(e.vector.offset, e.vector.at);
      out.push({
        node: e.vector,
        hints: { start: from - e.range, end: to, step: g.interval, range: e.range, func },
      });
      return;
    }
    case 'subquery': {
      const [from, to] = shifted(e.offset, e.at);
      collect(e.expr, subqueryGrid(e, from, to), t, out);
      return;
    }
    case 'call':
      for (const a of e.args) collect(a, g, t, out, e.func);
      return;
    case 'aggregate':
      collect(e.expr, g, t, out);
      if (e.param) collect(e.param, g, t, out);
      return;
    case 'binary':
      collect(e.lhs, g, t, out);
      collect(e.rhs, g, t, out);
      return;
    case 'unary':
    case 'paren':
      collect(e.expr, g, t, out, func);
      return;
    default:
      return;
  }
}

const toF64 = (a: Float64Array | number[]): Float64Array =>
  a instanceof Float64Array ? a : Float64Array.from(a);

/** Fetches every selector's series (sorted by labels, as Prometheus' storage returns them). */
export async function fetchSelectors(
  e: Expr,
  g: Grid,
  t: Times,
  source: SeriesSource,
  budget: Budget,
): Promise<Map<VectorSelectorNode, SampleSeries[]>> {
  const needs: Need[] = [];
  collect(e, g, t, needs);
  const data = new Map<VectorSelectorNode, SampleSeries[]>();
  const results = await Promise.all(needs.map((n) => source.select(n.node.matchers, n.hints)));
  needs.forEach((n, i) => {
    const series = results[i]!.map((r) => ({
      labels: r.labels,
      ts: toF64(r.timestamps),
      vs: toF64(r.values),
    }));
    for (const s of series) budget.add(s.ts.length);
    series.sort((a, b) => compareLabels(a.labels, b.labels));
    data.set(n.node, series);
  });
  return data;
}

/** Every selector's matchers, in order of appearance (for /api/v1/series match[]). */
export function selectorMatchers(e: Expr): Matcher[][] {
  const out: Matcher[][] = [];
  const walk = (x: Expr): void => {
    switch (x.type) {
      case 'vector':
        out.push(x.matchers);
        return;
      case 'matrix':
        return walk(x.vector);
      case 'subquery':
      case 'unary':
      case 'paren':
        return walk(x.expr);
      case 'call':
        return x.args.forEach(walk);
      case 'aggregate':
        walk(x.expr);
        if (x.param) walk(x.param);
        return;
      case 'binary':
        walk(x.lhs);
        return walk(x.rhs);
      default:
        return;
    }
  };
  walk(e);
  return out;
}
