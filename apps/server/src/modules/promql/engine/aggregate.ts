// Aggregation operators (Prometheus' engine.go aggregation), per step over each group.
import type { Labels } from '../types.ts';
import { PromQLError } from '../types.ts';
import type { AggregateNode } from './ast.ts';
import { stringValue } from './ast.ts';
import type { Evaluator } from './eval.ts';
import { formatFloat } from './format.ts';
import { isValidLabelName, labelsKey, NAME } from './labels.ts';
import { quantile } from './quantile.ts';
import type { Grid, StepSeries, Value } from './series.ts';
import { newStepSeries, setPoint } from './series.ts';
import { STREAMING_AGGREGATIONS, streamAggregate } from './aggregate-stream.ts';
import { selectK } from './go-order.ts';

interface Group {
  labels: Labels;
  members: StepSeries[];
}

function groupLabels(l: Labels, grouping: string[], without: boolean): Labels {
  if (without) {
    const out = { ...l };
    for (const g of grouping) delete out[g];
    delete out[NAME];
    return out;
  }
  const out: Labels = {};
  for (const g of grouping) if (l[g] !== undefined && l[g] !== '') out[g] = l[g];
  return out;
}

function groupSeries(series: StepSeries[], grouping: string[], without: boolean): Group[] {
  const map = new Map<string, Group>();
  for (const s of series) {
    const labels = groupLabels(s.labels, grouping, without);
    const key = labelsKey(labels);
    let g = map.get(key);
    if (!g) map.set(key, (g = { labels, members: [] }));
    g.members.push(s);
  }
  return [...map.values()];
}

/** topk/bottomk: per step the k largest/smallest of each group keep their series. */
function topK(
  ev: Evaluator,
  e: AggregateNode,
  groups: Group[],
  k: Float64Array,
  g: Grid,
): StepSeries[] {
  const out = new Map<StepSeries, StepSeries>();
  const order: StepSeries[] = [];
  for (let i = 0; i < g.n; i++) {
    const kk = Math.trunc(k[i]!);
    if (!(kk >= 1)) continue;
    for (const grp of groups) {
      const present = grp.members.filter((s) => s.has[i]);
      const kept = selectK(
        present.map((s) => s.vals[i]!),
        kk,
        e.op === 'topk',
      );
      for (const idx of kept) {
        const s = present[idx]!;
        let r = out.get(s);
        if (!r) out.set(s, (r = newStepSeries(s.labels, g.n, ev.ctx.budget)));
        if (g.n === 1) order.push(r);
        setPoint(r, i, s.vals[i]!);
      }
    }
  }
  return g.n === 1 ? order : [...out.values()];
}

function countValues(
  ev: Evaluator,
  e: AggregateNode,
  series: StepSeries[],
  label: string,
  g: Grid,
): StepSeries[] {
  if (!isValidLabelName(label))
    throw new PromQLError('execution', `invalid label name ${JSON.stringify(label)}`);
  const grouping = e.without ? e.grouping : [...e.grouping, label];
  const out = new Map<string, StepSeries>();
  for (let i = 0; i < g.n; i++) {
    for (const s of series) {
      if (!s.has[i]) continue;
      const labels = groupLabels(
        { ...s.labels, [label]: formatFloat(s.vals[i]!) },
        grouping,
        e.without,
      );
      const key = labelsKey(labels);
      let r = out.get(key);
      if (!r) out.set(key, (r = newStepSeries(labels, g.n, ev.ctx.budget)));
      r.has[i] = 1;
      r.vals[i] = (r.vals[i] ?? 0) + 1;
    }
  }
  return [...out.values()];
}

export function evalAggregate(ev: Evaluator, e: AggregateNode, g: Grid): Value {
  const series = ev.evalVector(e.expr, g);
  if (e.op === 'count_values') {
    const p = stringValue(e.param);
    return { kind: 'vector', series: countValues(ev, e, series, p, g) };
  }
  const param = e.param ? ev.evalScalar(e.param, g) : undefined;
  const groups = groupSeries(series, e.grouping, e.without);
  if (e.op === 'topk' || e.op === 'bottomk')
    return { kind: 'vector', series: topK(ev, e, groups, param!, g) };
  const out: StepSeries[] = [];
  if (STREAMING_AGGREGATIONS.has(e.op)) {
    for (const grp of groups) {
      const r = newStepSeries(grp.labels, g.n, ev.ctx.budget);
      streamAggregate(e.op, grp.members, r);
      out.push(r);
    }
    return { kind: 'vector', series: out };
  }
  if (e.op !== 'quantile') throw new PromQLError('bad_data', `unknown aggregation ${e.op}`);
  const vals: number[] = [];
  for (const grp of groups) {
    const r = newStepSeries(grp.labels, g.n, ev.ctx.budget);
    for (let i = 0; i < g.n; i++) {
      vals.length = 0;
      for (const s of grp.members) if (s.has[i]) vals.push(s.vals[i]!);
      if (vals.length > 0) setPoint(r, i, quantile(param![i]!, vals));
    }
    out.push(r);
  }
  return { kind: 'vector', series: out };
}
