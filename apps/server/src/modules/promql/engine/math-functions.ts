// Functions applied value by value to an instant vector (math, clamp, round, date parts).
import type { CallNode } from './ast.ts';
import type { Evaluator } from './eval.ts';
import { dropName } from './labels.ts';
import type { Grid, StepSeries, Value } from './series.ts';
import { gridTime, mergeSameLabels, newStepSeries, setPoint } from './series.ts';

type MathFn = (v: number, a: number, b: number) => number | undefined;

const date =
  (part: (d: Date) => number): MathFn =>
  (v) => {
    const d = new Date(Math.trunc(v) * 1000);
    return part(d);
  };

export const MATH_FUNCTIONS: Record<string, MathFn> = {
  abs: Math.abs,
  ceil: Math.ceil,
  floor: Math.floor,
  exp: Math.exp,
  sqrt: Math.sqrt,
  ln: Math.log,
  log2: Math.log2,
  log10: Math.log10,
  sgn: (v) => (v < 0 ? -1 : v > 0 ? 1 : v),
  acos: Math.acos,
  acosh: Math.acosh,
  asin: Math.asin,
  asinh: Math.asinh,
  atan: Math.atan,
  atanh: Math.atanh,
  cos: Math.cos,
  cosh: Math.cosh,
  sin: Math.sin,
  sinh: Math.sinh,
  tan: Math.tan,
  tanh: Math.tanh,
  deg: (v) => (v * 180) / Math.PI,
  rad: (v) => (v * Math.PI) / 180,
  clamp: (v, min, max) => (max < min ? undefined : Math.max(min, Math.min(max, v))),
  clamp_min: (v, min) => Math.max(min, v),
  clamp_max: (v, max) => Math.min(max, v),
  round: (v, to) => {
    const inv = 1 / to;
    return Math.floor(v * inv + 0.5) / inv;
  },
  minute: date((d) => d.getUTCMinutes()),
  hour: date((d) => d.getUTCHours()),
  day_of_month: date((d) => d.getUTCDate()),
  day_of_week: date((d) => d.getUTCDay()),
  day_of_year: date(
    (d) =>
      (Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()) -
        Date.UTC(d.getUTCFullYear(), 0, 1)) /
        86400000 +
      1,
  ),
  days_in_month: date((d) =>
    new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate(),
  ),
  month: date((d) => d.getUTCMonth() + 1),
  year: date((d) => d.getUTCFullYear()),
};

const DATE_FUNCTIONS = new Set([
  'minute',
  'hour',
  'day_of_month',
  'day_of_week',
  'day_of_year',
  'days_in_month',
  'month',
  'year',
]);

/** Applies a value function to every series and step; the metric name is dropped. */
export function mapFunction(ev: Evaluator, e: CallNode, g: Grid): Value {
  const fn = MATH_FUNCTIONS[e.func]!;
  let input: StepSeries[];
  if (e.args.length === 0 && DATE_FUNCTIONS.has(e.func)) {
    const s = newStepSeries({}, g.n, ev.ctx.budget);
    for (let i = 0; i < g.n; i++) setPoint(s, i, gridTime(g, i) / 1000);
    input = [s];
  } else {
    input = ev.evalVector(e.args[0]!, g);
  }
  const a = e.args[1] ? ev.evalScalar(e.args[1], g) : undefined;
  const b = e.args[2] ? ev.evalScalar(e.args[2], g) : undefined;
  const defaultA = e.func === 'round' ? 1 : 0;
  const out = input.map((s) => {
    const r = newStepSeries(dropName(s.labels), g.n, ev.ctx.budget);
    for (let i = 0; i < g.n; i++) {
      if (!s.has[i]) continue;
      const v = fn(s.vals[i]!, a?.[i] ?? defaultA, b?.[i] ?? 0);
      if (v === undefined) continue;
      r.has[i] = 1;
      r.vals[i] = v;
    }
    return r;
  });
  return { kind: 'vector', series: mergeSameLabels(out) };
}
