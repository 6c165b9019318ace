// Binary operators: scalar/scalar, vector/scalar, vector/vector with matching, set operators.
import type { Labels } from '../types.ts';
import { PromQLError } from '../types.ts';
import type { BinaryNode, BinaryOp, VectorMatching } from './ast.ts';
import { COMPARISON_OPS } from './ast.ts';
import type { Evaluator } from './eval.ts';
import { dropName, formatLabels, labelsKey, signature } from './labels.ts';
import type { Grid, StepSeries, Value } from './series.ts';
import { mergeSameLabels, newStepSeries, setPoint } from './series.ts';

/** Go's math.Pow where it differs from JS `**` (1^NaN, (-1)^±Inf). */
function pow(x: number, y: number): number {
  if (y === 0 || x === 1) return 1;
  if (x === -1 && (y === Infinity || y === -Infinity)) return 1;
  return x ** y;
}

/** [value, keep] of one operation, as Prometheus' vectorElemBinop / scalarBinop. */
function apply(op: BinaryOp, l: number, r: number): [number, boolean] {
  switch (op) {
    case '+':
      return [l + r, true];
    case '-':
      return [l - r, true];
    case '*':
      return [l * r, true];
    case '/':
      return [l / r, true];
    case '%':
      return [l % r, true];
    case '^':
      return [pow(l, r), true];
    case 'atan2':
      return [Math.atan2(l, r), true];
    case '==':
      return [l, l === r];
    case '!=':
      return [l, l !== r];
    case '>':
      return [l, l > r];
    case '<':
      return [l, l < r];
    case '>=':
      return [l, l >= r];
    case '<=':
      return [l, l <= r];
    default:
      throw new PromQLError('bad_data', `operator ${op} not allowed here`);
  }
}

const isComparison = (op: BinaryOp) => COMPARISON_OPS.has(op);

/** Prometheus 2.42's shouldDropMetricName: arithmetic but not atan2 (measured). */
const dropsName = (op: BinaryOp) => !isComparison(op) && op !== 'atan2';

function scalarScalar(op: BinaryOp, l: Float64Array, r: Float64Array): Float64Array {
  return l.map((x, i) => {
    const [v, keep] = apply(op, x, r[i]!);
    return isComparison(op) ? (keep ? 1 : 0) : v;
  });
}

function vectorScalar(
  ev: Evaluator,
  e: BinaryNode,
  vec: StepSeries[],
  sc: Float64Array,
  swap: boolean,
  g: Grid,
): StepSeries[] {
  const drop = dropsName(e.op) || e.bool;
  const out = vec.map((s) => {
    const r = newStepSeries(drop ? dropName(s.labels) : s.labels, g.n, ev.ctx.budget);
    for (let i = 0; i < g.n; i++) {
      if (!s.has[i]) continue;
      const lv = swap ? sc[i]! : s.vals[i]!;
      const rv = swap ? s.vals[i]! : sc[i]!;
      let [v, keep] = apply(e.op, lv, rv);
      if (isComparison(e.op) && swap) v = rv;
      if (e.bool) {
        v = keep ? 1 : 0;
        keep = true;
      }
      if (!keep) continue;
      r.has[i] = 1;
      r.vals[i] = v;
    }
    return r;
  });
  return mergeSameLabels(out);
}

/** Prometheus' resultMetric: the label set of a matched pair (`many` is the many side). */
function resultLabels(
  many: Labels,
  one: Labels,
  op: BinaryOp,
  m: VectorMatching,
  bool: boolean,
): Labels {
  let out: Labels = dropsName(op) || bool ? dropName(many) : { ...many };
  if (m.card === 'one-to-one') {
    if (m.on) {
      const keep: Labels = {};
      for (const k of m.labels) if (out[k] !== undefined) keep[k] = out[k];
      out = keep;
    } else {
      out = { ...out };
      for (const k of m.labels) delete out[k];
    }
  }
  for (const k of m.include) {
    const v = one[k];
    if (v !== undefined && v !== '') out[k] = v;
    else delete out[k];
  }
  return out;
}

function vectorVector(
  ev: Evaluator,
  e: BinaryNode,
  lhsIn: StepSeries[],
  rhsIn: StepSeries[],
  g: Grid,
): StepSeries[] {
  const m = e.matching ?? { card: 'one-to-one', on: false, labels: [], include: [] };
  const swapped = m.card === 'one-to-many';
  const [lhs, rhs] = swapped ? [rhsIn, lhsIn] : [lhsIn, rhsIn];
  const lsig = lhs.map((s) => signature(s.labels, m.on, m.labels));
  const rsig = rhs.map((s) => signature(s.labels, m.on, m.labels));
  const pairs = new Map<string, { labels: Labels; key: string }>();
  const out = new Map<string, StepSeries>();
  for (let i = 0; i < g.n; i++) {
    // Prometheus' VectorBinop returns early when a side is empty (no duplicate checks then).
    if (!lhs.some((s) => s.has[i]) || !rhs.some((s) => s.has[i])) continue;
    const right = new Map<string, number>();
    rhs.forEach((s, j) => {
      if (!s.has[i]) return;
      const prev = right.get(rsig[j]!);
      if (prev !== undefined)
        throw new PromQLError(
          'execution',
          `found duplicate series for the match group on the ${swapped ? 'left' : 'right'} hand-side of the operation: [${formatLabels(s.labels)}, ${formatLabels(rhs[prev]!.labels)}];many-to-many matching not allowed: matching labels must be unique on one side`,
        );
      right.set(rsig[j]!, j);
    });
    const matched = new Map<string, Set<string> | null>();
    lhs.forEach((s, j) => {
      if (!s.has[i]) return;
      const sig = lsig[j]!;
      const r = right.get(sig);
      if (r === undefined) return;
      let [vl, vr] = [s.vals[i]!, rhs[r]!.vals[i]!];
      if (swapped) [vl, vr] = [vr, vl];
      let [v, keep] = apply(e.op, vl, vr);
      if (e.bool) {
        v = keep ? 1 : 0;
        keep = true;
      }
      if (!keep) return;
      const pk = `${j}\x00${r}`;
      let res = pairs.get(pk);
      if (!res) {
        const labels = resultLabels(s.labels, rhs[r]!.labels, e.op, m, e.bool);
        pairs.set(pk, (res = { labels, key: labelsKey(labels) }));
      }
      const seen = matched.get(sig);
      if (m.card === 'one-to-one') {
        if (seen !== undefined)
          throw new PromQLError(
            'execution',
            'multiple matches for labels: many-to-one matching must be explicit (group_left/group_right)',
          );
        matched.set(sig, null);
      } else {
        const set = seen ?? new Set<string>();
        if (set.has(res.key))
          throw new PromQLError(
            'execution',
            'multiple matches for labels: grouping labels must ensure unique results',
          );
        set.add(res.key);
        matched.set(sig, set);
      }
      let o = out.get(res.key);
      if (!o) out.set(res.key, (o = newStepSeries(res.labels, g.n, ev.ctx.budget)));
      if (o.has[i])
        throw new PromQLError('execution', 'vector cannot contain metrics with the same labelset');
      o.has[i] = 1;
      o.vals[i] = v;
    });
  }
  return [...out.values()];
}

function setOperation(
  ev: Evaluator,
  e: BinaryNode,
  lhs: StepSeries[],
  rhs: StepSeries[],
  g: Grid,
): StepSeries[] {
  const m = e.matching!;
  const lsig = lhs.map((s) => signature(s.labels, m.on, m.labels));
  const rsig = rhs.map((s) => signature(s.labels, m.on, m.labels));
  const lout = lhs.map((s) => newStepSeries(s.labels, g.n, ev.ctx.budget));
  const rout = e.op === 'or' ? rhs.map((s) => newStepSeries(s.labels, g.n, ev.ctx.budget)) : [];
  for (let i = 0; i < g.n; i++) {
    const rset = new Set<string>();
    rhs.forEach((s, j) => s.has[i] && rset.add(rsig[j]!));
    const lset = new Set<string>();
    lhs.forEach((s, j) => {
      if (!s.has[i]) return;
      lset.add(lsig[j]!);
      const inR = rset.has(lsig[j]!);
      if (e.op === 'or' || (e.op === 'and' ? inR : !inR)) setPoint(lout[j]!, i, s.vals[i]!);
    });
    if (e.op === 'or')
      rhs.forEach((s, j) => {
        if (s.has[i] && !lset.has(rsig[j]!)) setPoint(rout[j]!, i, s.vals[i]!);
      });
  }
  return [...lout, ...rout];
}

export function evalBinary(ev: Evaluator, e: BinaryNode, g: Grid): Value {
  const l = ev.eval(e.lhs, g);
  const r = ev.eval(e.rhs, g);
  if (l.kind === 'scalar' && r.kind === 'scalar')
    return { kind: 'scalar', vals: scalarScalar(e.op, l.vals, r.vals) };
  if (l.kind === 'vector' && r.kind === 'scalar')
    return { kind: 'vector', series: vectorScalar(ev, e, l.series, r.vals, false, g) };
  if (l.kind === 'scalar' && r.kind === 'vector')
    return { kind: 'vector', series: vectorScalar(ev, e, r.series, l.vals, true, g) };
  if (l.kind !== 'vector' || r.kind !== 'vector')
    throw new PromQLError('bad_data', 'invalid binary operands');
  if (e.matching?.card === 'many-to-many')
    return { kind: 'vector', series: setOperation(ev, e, l.series, r.series, g) };
  return { kind: 'vector', series: vectorVector(ev, e, l.series, r.series, g) };
}
