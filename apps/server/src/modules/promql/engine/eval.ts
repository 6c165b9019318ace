// The evaluator: every node is evaluated over a whole grid of steps at once (as Prometheus'
// rangeEval), selectors reading data fetched up front (fetch.ts).
import type { AtSpec, Expr, MatrixSelectorNode, SubqueryNode, VectorSelectorNode } from './ast.ts';
import { evalAggregate } from './aggregate.ts';
import { evalBinary } from './binary.ts';
import { evalCall } from './functions.ts';
import { dropName } from './labels.ts';
import type { Budget, Grid, SampleSeries, StepSeries, Value } from './series.ts';
import {
  gridEnd,
  gridTime,
  lowerBound,
  mergeSameLabels,
  newStepSeries,
  setPoint,
  upperBound,
} from './series.ts';

/** Default subquery step when none is given (Prometheus' global evaluation_interval). */
export const DEFAULT_SUBQUERY_STEP = 60_000;

export interface EvalContext {
  queryStart: number;
  queryEnd: number;
  lookback: number;
  data: Map<VectorSelectorNode, SampleSeries[]>;
  budget: Budget;
}

export function resolveAt(at: AtSpec, ctx: Pick<EvalContext, 'queryStart' | 'queryEnd'>): number {
  return at === 'start' ? ctx.queryStart : at === 'end' ? ctx.queryEnd : at;
}

/** The inner grid of a subquery evaluated for outer steps whose shifted times span [from, to]. */
export function subqueryGrid(node: SubqueryNode, from: number, to: number): Grid {
  const step = node.step || DEFAULT_SUBQUERY_STEP;
  const lowest = from - node.range;
  let start = Math.floor(lowest / step) * step;
  if (start < lowest) start += step;
  return { start, interval: step, n: Math.max(0, Math.floor((to - start) / step) + 1) };
}

export const unwrapParens = (e: Expr): Expr => (e.type === 'paren' ? unwrapParens(e.expr) : e);

export class Evaluator {
  constructor(readonly ctx: EvalContext) {}

  /** The selection time of a selector at outer time t (after @ and offset). */
  selTime(t: number, offset: number, at: AtSpec | undefined): number {
    return (at !== undefined ? resolveAt(at, this.ctx) : t) - offset;
  }

  eval(e: Expr, g: Grid): Value {
    switch (e.type) {
      case 'number':
        return { kind: 'scalar', vals: new Float64Array(g.n).fill(e.value) };
      case 'string':
        return { kind: 'string', value: e.value };
      case 'paren':
        return this.eval(e.expr, g);
      case 'vector':
        return { kind: 'vector', series: this.vectorSelector(e, g, false) };
      case 'matrix':
      case 'subquery':
        return { kind: 'matrix', series: this.rangeSeries(e, gridEnd(g)) };
      case 'unary': {
        const v = this.eval(e.expr, g);
        if (e.op === '+') return v;
        if (v.kind === 'scalar') return { kind: 'scalar', vals: v.vals.map((x) => -x) };
        if (v.kind !== 'vector') return v;
        const series = v.series.map((s) => ({
          labels: dropName(s.labels),
          vals: s.vals.map((x) => -x),
          has: s.has,
        }));
        return { kind: 'vector', series: mergeSameLabels(series) };
      }
      case 'call':
        return evalCall(this, e, g);
      case 'aggregate':
        return evalAggregate(this, e, g);
      case 'binary':
        return evalBinary(this, e, g);
    }
  }

  evalScalar(e: Expr, g: Grid): Float64Array {
    const v = this.eval(e, g);
    if (v.kind === 'scalar') return v.vals;
    throw new Error(`expected scalar, got ${v.kind}`);
  }

  evalVector(e: Expr, g: Grid): StepSeries[] {
    const v = this.eval(e, g);
    if (v.kind === 'vector') return v.series;
    throw new Error(`expected vector, got ${v.kind}`);
  }

  /**
   * Instant selector: per step the newest sample at or before the selection time and no older
   * than the lookback delta. `timestamps` yields the sample's time (s) instead of its value.
   */
  vectorSelector(node: VectorSelectorNode, g: Grid, timestamps: boolean): StepSeries[] {
    const raw = this.ctx.data.get(node) ?? [];
    const out: StepSeries[] = [];
    const lookback = this.ctx.lookback;
    const fixed = node.at !== undefined;
    const first = this.selTime(g.start, node.offset, node.at);
    for (const s of raw) {
      const r = newStepSeries(s.labels, g.n, this.ctx.budget);
      const { ts, vs } = s;
      const len = ts.length;
      let idx = 0; // first sample after the selection time; only moves forward
      for (let i = 0; i < g.n; i++) {
        const t = fixed ? first : first + i * g.interval;
        while (idx < len && ts[idx]! <= t) idx++;
        const j = idx - 1;
        if (j >= 0 && ts[j]! >= t - lookback) setPoint(r, i, timestamps ? ts[j]! / 1000 : vs[j]!);
      }
      out.push(r);
    }
    return out;
  }

  /** The raw series behind a range argument: the selector's samples or the subquery's points. */
  rangeSource(node: MatrixSelectorNode | SubqueryNode, from: number, to: number): SampleSeries[] {
    if (node.type === 'matrix') return this.ctx.data.get(node.vector) ?? [];
    const inner = subqueryGrid(node, from, to);
    // Charged before anything is allocated per inner step (`vector(1)[1000d:1ms]`).
    this.ctx.budget.add(inner.n);
    const v = this.eval(node.expr, inner);
    const series = v.kind === 'vector' ? v.series : [];
    return series.flatMap((s) => {
      const ts: number[] = [];
      const vs: number[] = [];
      for (let i = 0; i < inner.n; i++) {
        if (!s.has[i]) continue;
        ts.push(gridTime(inner, i));
        vs.push(s.vals[i]!);
      }
      return ts.length
        ? [{ labels: s.labels, ts: Float64Array.from(ts), vs: Float64Array.from(vs) }]
        : [];
    });
  }

  /** Range node parameters: its selection shift and range. */
  rangeParams(node: MatrixSelectorNode | SubqueryNode): {
    offset: number;
    at?: AtSpec;
    range: number;
  } {
    const sel = node.type === 'matrix' ? node.vector : node;
    return { offset: sel.offset, at: sel.at, range: node.range };
  }

  /** A range vector evaluated at a single time t: each series' samples in [t - range, t]. */
  rangeSeries(node: MatrixSelectorNode | SubqueryNode, t: number): SampleSeries[] {
    const p = this.rangeParams(node);
    const end = this.selTime(t, p.offset, p.at);
    const out: SampleSeries[] = [];
    for (const s of this.rangeSource(node, end, end)) {
      const lo = lowerBound(s.ts, end - p.range);
      const hi = upperBound(s.ts, end);
      if (hi > lo) out.push({ labels: s.labels, ts: s.ts.slice(lo, hi), vs: s.vs.slice(lo, hi) });
    }
    return out;
  }
}
