// The PromQL engine's public surface: parse, instant and range queries over a SeriesSource.
import type {
  InstantQueryOptions,
  Matcher,
  PromMatrixSeries,
  PromQueryData,
  RangeQueryOptions,
  StepMatrix,
} from '../types.ts';
import { PromQLError } from '../types.ts';
import type { Expr } from './ast.ts';
import { Evaluator, unwrapParens } from './eval.ts';
import { fetchSelectors, selectorMatchers } from './fetch.ts';
import { formatFloat, formatSampleValue } from './format.ts';
import { compareLabels } from './labels.ts';
import { parsePromQL } from './parse.ts';
import { Budget, mergeSameLabels } from './series.ts';
import type { Grid } from './series.ts';
import { typeOf } from './typecheck.ts';

export { parsePromQL } from './parse.ts';
export { formatFloat, formatSampleValue } from './format.ts';
export type { Expr } from './ast.ts';

const DEFAULT_LOOKBACK = 5 * 60_000;
/** Prometheus' limit on points per series of a range query. */
export const MAX_RANGE_POINTS = 11_000;

/** Every selector's matchers in the expression (throws PromQLError('bad_data') on bad syntax). */
export function selectorsOf(expr: string): Matcher[][] {
  return selectorMatchers(parsePromQL(expr));
}

async function evaluate(
  ast: Expr,
  g: Grid,
  opts: Pick<InstantQueryOptions, 'source' | 'lookbackDeltaMs' | 'maxSamples' | 'timeoutMs'>,
  start: number,
  end: number,
) {
  const budget = new Budget(opts.maxSamples, opts.timeoutMs);
  const times = {
    queryStart: start,
    queryEnd: end,
    lookback: opts.lookbackDeltaMs ?? DEFAULT_LOOKBACK,
  };
  const data = await fetchSelectors(ast, g, times, opts.source, budget);
  return new Evaluator({ ...times, data, budget });
}

/** Evaluation; an allocation or stack limit of the runtime is the query's error, not a 5xx. */
function guarded<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof RangeError)
      throw new PromQLError('execution', `query too large: ${e.message}`);
    throw e;
  }
}

const point = (t: number, v: number): [number, string] => [t / 1000, formatSampleValue(v)];

export async function instantQuery(
  expr: string,
  opts: InstantQueryOptions,
): Promise<PromQueryData> {
  const ast = parsePromQL(expr);
  const t = opts.time;
  const g: Grid = { start: t, interval: 0, n: 1 };
  const ev = await evaluate(ast, g, opts, t, t);
  const v = guarded(() => ev.eval(ast, g));
  switch (v.kind) {
    case 'scalar':
      return { resultType: 'scalar', result: [t / 1000, formatFloat(v.vals[0]!)] };
    case 'string':
      return { resultType: 'string', result: [t / 1000, v.value] };
    case 'vector': {
      const series = mergeSameLabels(v.series.filter((s) => s.has[0]));
      return {
        resultType: 'vector',
        result: series.map((s) => ({ metric: s.labels, value: point(t, s.vals[0]!) })),
      };
    }
    case 'matrix': {
      const node = unwrapParens(ast);
      if (node.type !== 'matrix' && node.type !== 'subquery')
        throw new PromQLError('bad_data', 'unexpected range vector');
      const result: PromMatrixSeries[] = ev.rangeSeries(node, t).map((s) => ({
        metric: s.labels,
        values: Array.from(s.ts, (ts, i) => point(ts, s.vs[i]!)),
      }));
      result.sort((a, b) => compareLabels(a.metric, b.metric));
      return { resultType: 'matrix', result };
    }
  }
}

/** A range query's answer as step arrays (see StepMatrix); rangeQuery formats it. */
export async function rangeQuerySteps(expr: string, opts: RangeQueryOptions): Promise<StepMatrix> {
  const ast = parsePromQL(expr);
  const type = typeOf(ast);
  if (type !== 'scalar' && type !== 'vector')
    throw new PromQLError(
      'bad_data',
      `invalid expression type "${type === 'matrix' ? 'range vector' : type}" for range query, must be Scalar or instant Vector`,
    );
  if (!(opts.step > 0))
    throw new PromQLError(
      'bad_data',
      'zero or negative query resolution step widths are not accepted',
    );
  if (opts.end < opts.start)
    throw new PromQLError('bad_data', 'end timestamp must not be before start time');
  const n = Math.floor((opts.end - opts.start) / opts.step) + 1;
  if (n > MAX_RANGE_POINTS)
    throw new PromQLError(
      'bad_data',
      'exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX)',
    );
  const g: Grid = { start: opts.start, interval: opts.step, n };
  const ev = await evaluate(ast, g, opts, opts.start, opts.end);
  const v = guarded(() => ev.eval(ast, g));
  const series =
    v.kind === 'scalar'
      ? [{ labels: {}, vals: v.vals, has: new Uint8Array(n).fill(1) }]
      : v.kind === 'vector'
        ? mergeSameLabels(v.series)
        : [];
  const result = series
    .filter((s) => s.has.includes(1))
    .map((s) => ({ metric: s.labels, vals: s.vals, has: s.has }));
  result.sort((a, b) => compareLabels(a.metric, b.metric));
  return { resultType: 'matrix', grid: { start: opts.start, step: opts.step, n }, series: result };
}

/** A StepMatrix in the API's shape: [seconds, "value"] per present step. */
export function stepMatrixData(m: StepMatrix): PromQueryData {
  const result: PromMatrixSeries[] = m.series.map((s) => {
    const values: [number, string][] = [];
    for (let i = 0; i < m.grid.n; i++)
      if (s.has[i]) values.push(point(m.grid.start + i * m.grid.step, s.vals[i]!));
    return { metric: s.metric, values };
  });
  return { resultType: 'matrix', result };
}

export async function rangeQuery(expr: string, opts: RangeQueryOptions): Promise<PromQueryData> {
  return stepMatrixData(await rangeQuerySteps(expr, opts));
}
