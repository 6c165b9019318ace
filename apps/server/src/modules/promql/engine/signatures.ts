// Argument and return types of PromQL functions and aggregations (Prometheus 2.42's set).
import type { ValueType } from './ast.ts';

export interface FunctionSignature {
  args: ValueType[];
  /** 0: exactly `args`; n > 0: the last n are optional; -1: the last repeats. */
  variadic: number;
  ret: ValueType;
}

const V: ValueType = 'vector';
const M: ValueType = 'matrix';
const S: ValueType = 'scalar';
const STR: ValueType = 'string';

const simple = (args: ValueType[], ret: ValueType = V, variadic = 0): FunctionSignature => ({
  args,
  ret,
  variadic,
});

const MATH = [
  'abs',
  'ceil',
  'floor',
  'exp',
  'sqrt',
  'ln',
  'log2',
  'log10',
  'sgn',
  'acos',
  'acosh',
  'asin',
  'asinh',
  'atan',
  'atanh',
  'cos',
  'cosh',
  'sin',
  'sinh',
  'tan',
  'tanh',
  'deg',
  'rad',
];
const OVER_TIME = [
  'avg_over_time',
  'min_over_time',
  'max_over_time',
  'sum_over_time',
  'count_over_time',
  'last_over_time',
  'stddev_over_time',
  'stdvar_over_time',
  'present_over_time',
  'absent_over_time',
  'rate',
  'irate',
  'increase',
  'delta',
  'idelta',
  'deriv',
  'resets',
  'changes',
];
const DATE = [
  'minute',
  'hour',
  'day_of_month',
  'day_of_week',
  'day_of_year',
  'days_in_month',
  'month',
  'year',
];

export const FUNCTIONS: Record<string, FunctionSignature> = {
  ...Object.fromEntries(MATH.map((f) => [f, simple([V])])),
  ...Object.fromEntries(OVER_TIME.map((f) => [f, simple([M])])),
  ...Object.fromEntries(DATE.map((f) => [f, simple([V], V, 1)])),
  quantile_over_time: simple([S, M]),
  predict_linear: simple([M, S]),
  holt_winters: simple([M, S, S]),
  absent: simple([V]),
  clamp: simple([V, S, S]),
  clamp_min: simple([V, S]),
  clamp_max: simple([V, S]),
  round: simple([V, S], V, 1),
  histogram_quantile: simple([S, V]),
  label_replace: simple([V, STR, STR, STR, STR]),
  label_join: simple([V, STR, STR, STR], V, -1),
  pi: simple([], S),
  scalar: simple([V], S),
  vector: simple([S]),
  time: simple([], S),
  timestamp: simple([V]),
  sort: simple([V]),
  sort_desc: simple([V]),
};

export const AGGREGATIONS = new Set([
  'sum',
  'avg',
  'min',
  'max',
  'count',
  'group',
  'stddev',
  'stdvar',
  'topk',
  'bottomk',
  'quantile',
  'count_values',
]);

/** The parameter type of parameterised aggregations. */
export const AGGREGATION_PARAM: Record<string, ValueType> = {
  topk: S,
  bottomk: S,
  quantile: S,
  count_values: STR,
};
