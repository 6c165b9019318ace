// Function calls: range functions over windows, and instant-vector/scalar functions per step.
import type { Labels } from '../types.ts';
import { PromQLError } from '../types.ts';
import type { CallNode, Expr, MatrixSelectorNode, SubqueryNode } from './ast.ts';
import type { Evaluator } from './eval.ts';
import { unwrapParens } from './eval.ts';
import { cleanLabels, dropName, NAME } from './labels.ts';
import { labelFunction } from './label-functions.ts';
import { RANGE_FUNCTIONS } from './range-functions.ts';
import type { Window } from './range-functions.ts';
import type { Grid, StepSeries, Value } from './series.ts';
import {
  gridEnd,
  gridTime,
  lowerBound,
  mergeSameLabels,
  newStepSeries,
  setPoint,
  upperBound,
} from './series.ts';
import { histogramQuantile } from './histogram.ts';
import { MATH_FUNCTIONS, mapFunction } from './math-functions.ts';
import { goSort, heapLess } from './go-order.ts';

/** Labels of absent()'s answer: the selector's equality matchers (Prometheus' rule). */
function absentLabels(arg: Expr): Labels {
  const sel = arg.type === 'vector' ? arg : arg.type === 'matrix' ? arg.vector : undefined;
  if (!sel) return {};
  const out: Labels = {};
  const drop = new Set<string>();
  for (const m of sel.matchers) {
    if (m.name === NAME) continue;
    if (m.op === '=' && !(m.name in out)) out[m.name] = m.value;
    else drop.add(m.name);
  }
  for (const d of drop) delete out[d];
  return cleanLabels(out);
}

function evalRangeCall(ev: Evaluator, e: CallNode, g: Grid): Value {
  const fn = RANGE_FUNCTIONS[e.func]!;
  const argIdx = e.func === 'quantile_over_time' ? 1 : 0;
  const node = unwrapParens(e.args[argIdx]!) as MatrixSelectorNode | SubqueryNode;
  const scalarArg = (i: number) => (e.args[i] ? ev.evalScalar(e.args[i], g) : undefined);
  const p1 = e.func === 'quantile_over_time' ? scalarArg(0) : scalarArg(1);
  const p2 = e.func === 'holt_winters' ? scalarArg(2) : undefined;
  const p = ev.rangeParams(node);
  const first = ev.selTime(g.start, p.offset, p.at);
  const last = ev.selTime(gridEnd(g), p.offset, p.at);
  const source = ev.rangeSource(node, first, last);
  const keepName = e.func === 'last_over_time';
  const out: StepSeries[] = [];
  const present = new Uint8Array(g.n);
  const fixed = p.at !== undefined;
  const fixedEnd = ev.selTime(g.start, p.offset, p.at);
  // One window object reused for every step (no allocation per point).
  const w: Window = {
    ts: new Float64Array(0),
    vs: new Float64Array(0),
    lo: 0,
    hi: 0,
    resets: undefined,
    rangeStart: 0,
    rangeEnd: 0,
    range: p.range,
    evalTime: 0,
    param: 0,
    param2: 0,
  };
  for (const s of source) {
    const r = newStepSeries(keepName ? s.labels : dropName(s.labels), g.n, ev.ctx.budget);
    const { ts } = s;
    const len = ts.length;
    w.ts = ts;
    w.vs = s.vs;
    w.resets = undefined;
    let lo = 0;
    let hi = 0;
    for (let i = 0; i < g.n; i++) {
      const end = fixed ? fixedEnd : g.start + i * g.interval - p.offset;
      const start = end - p.range;
      if (fixed) {
        lo = lowerBound(ts, start);
        hi = upperBound(ts, end, lo);
      } else {
        // Both bounds only move forward: advance linearly (amortised O(samples)).
        while (lo < len && ts[lo]! < start) lo++;
        if (hi < lo) hi = lo;
        while (hi < len && ts[hi]! <= end) hi++;
      }
      if (hi === lo) continue;
      present[i] = 1;
      if (e.func === 'absent_over_time') continue;
      w.lo = lo;
      w.hi = hi;
      w.rangeStart = start;
      w.rangeEnd = end;
      w.evalTime = g.start + i * g.interval;
      w.param = p1?.[i] ?? 0;
      w.param2 = p2?.[i] ?? 0;
      const v = fn(w);
      if (v !== undefined) setPoint(r, i, v);
    }
    out.push(r);
  }
  if (e.func === 'absent_over_time') {
    const r = newStepSeries(absentLabels(node), g.n, ev.ctx.budget);
    for (let i = 0; i < g.n; i++) if (!present[i]) setPoint(r, i, 1);
    return { kind: 'vector', series: [r] };
  }
  return { kind: 'vector', series: mergeSameLabels(out, true) };
}

export function evalCall(ev: Evaluator, e: CallNode, g: Grid): Value {
  const f = e.func;
  if (f in RANGE_FUNCTIONS || f === 'absent_over_time') return evalRangeCall(ev, e, g);
  const times = () => Float64Array.from({ length: g.n }, (_, i) => gridTime(g, i) / 1000);
  switch (f) {
    case 'time':
      return { kind: 'scalar', vals: times() };
    case 'pi':
      return { kind: 'scalar', vals: new Float64Array(g.n).fill(Math.PI) };
    case 'vector': {
      const vals = ev.evalScalar(e.args[0]!, g);
      ev.ctx.budget.add(g.n);
      return { kind: 'vector', series: [{ labels: {}, vals, has: new Uint8Array(g.n).fill(1) }] };
    }
    case 'scalar': {
      const series = ev.evalVector(e.args[0]!, g);
      const vals = new Float64Array(g.n);
      for (let i = 0; i < g.n; i++) {
        let count = 0;
        let v = NaN;
        for (const s of series) {
          if (!s.has[i]) continue;
          count++;
          v = s.vals[i]!;
        }
        vals[i] = count === 1 ? v : NaN;
      }
      return { kind: 'scalar', vals };
    }
    case 'absent': {
      const series = ev.evalVector(e.args[0]!, g);
      const r = newStepSeries(absentLabels(unwrapParens(e.args[0]!)), g.n, ev.ctx.budget);
      for (let i = 0; i < g.n; i++) {
        if (!series.some((s) => s.has[i])) setPoint(r, i, 1);
      }
      return { kind: 'vector', series: [r] };
    }
    case 'timestamp': {
      const arg = e.args[0]!;
      // A selector's own sample times, not the step times (Prometheus special-cases this).
      if (arg.type === 'vector') {
        const series = ev
          .vectorSelector(arg, g, true)
          .map((s) => ({ ...s, labels: dropName(s.labels) }));
        return { kind: 'vector', series: mergeSameLabels(series) };
      }
      const t = times();
      const series = ev
        .evalVector(arg, g)
        .map((s) => ({ labels: dropName(s.labels), has: s.has, vals: t.slice() }));
      return { kind: 'vector', series: mergeSameLabels(series) };
    }
    case 'sort':
    case 'sort_desc': {
      const series = ev.evalVector(e.args[0]!, g);
      if (g.n !== 1) return { kind: 'vector', series };
      // sort: sort.Sort(sort.Reverse(vectorByReverseValueHeap)); sort_desc: of vectorByValueHeap.
      const less = heapLess(f === 'sort_desc');
      const sorted = series.filter((s) => s.has[0]);
      goSort(sorted, (a, b) => less(b.vals[0]!, a.vals[0]!));
      return { kind: 'vector', series: sorted };
    }
    case 'label_replace':
    case 'label_join':
      return labelFunction(ev, e, g);
    case 'histogram_quantile':
      return histogramQuantile(ev, e, g);
  }
  if (f in MATH_FUNCTIONS) return mapFunction(ev, e, g);
  throw new PromQLError('bad_data', `unknown function ${f}`);
}
