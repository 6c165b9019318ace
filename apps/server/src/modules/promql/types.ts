// The contract between the PromQL engine (engine/, pure: parse + evaluate in memory) and the
// storage that feeds it (source-db.ts: metric_samples + metric_sample_chunks + rollups). The
// engine fetches every selector's data up front through a SeriesSource, then evaluates
// synchronously, as Prometheus does (populate series, then evaluate).

/** A label set including `__name__`. Keys sorted is not required; equality ignores order. */
export type Labels = Record<string, string>;

export type MatchOp = '=' | '!=' | '=~' | '!~';

/** One label matcher of a selector; regexes are fully anchored, as in Prometheus. */
export interface Matcher {
  name: string;
  op: MatchOp;
  value: string;
}

/**
 * What the engine will do with the data of one selector, so the source can choose a cheaper
 * representation (rollups) when that gives the same answer at the requested resolution.
 * Times are Unix milliseconds.
 */
export interface SelectHints {
  /** First and last timestamp the engine will read (already widened by range, lookback, offset). */
  start: number;
  end: number;
  /** Evaluation step of a range query; 0 for an instant query. */
  step: number;
  /** Range of the enclosing range-vector selector (`[5m]` → 300000); 0 for an instant selector. */
  range: number;
  /** The function applied to this selector, if any (`rate`, `max_over_time`, ...). */
  func?: string;
}

/** One series' samples in time order; timestamps in ms, values as float64 (NaN allowed). */
export interface RawSeries {
  labels: Labels;
  timestamps: Float64Array | number[];
  values: Float64Array | number[];
}

export interface SeriesSource {
  /** Series matching every matcher (at least one matcher selects a name or non-empty value). */
  select(matchers: Matcher[], hints: SelectHints): Promise<RawSeries[]>;
}

/** Results in the Prometheus HTTP API's JSON shapes (values are [seconds, "string"]). */
export type PromValue = [number, string];
export interface PromVectorSample {
  metric: Labels;
  value: PromValue;
}
export interface PromMatrixSeries {
  metric: Labels;
  values: PromValue[];
}
export type PromQueryData =
  | { resultType: 'vector'; result: PromVectorSample[] }
  | { resultType: 'matrix'; result: PromMatrixSeries[] }
  | { resultType: 'scalar'; result: PromValue }
  | { resultType: 'string'; result: PromValue };

/**
 * A range query's matrix before formatting (what the API writes straight into JSON): each
 * series' value at the grid steps where it has one. Series sorted by labels, none empty.
 */
export interface StepMatrix {
  resultType: 'matrix';
  /** Evaluation times start + i * step (ms), i in [0, n). */
  grid: { start: number; step: number; n: number };
  series: { metric: Labels; vals: Float64Array; has: Uint8Array }[];
}

export interface InstantQueryOptions {
  source: SeriesSource;
  /** Evaluation time, ms. */
  time: number;
  /** Default 5 minutes, as Prometheus. */
  lookbackDeltaMs?: number;
  /** Points loaded plus points produced before PromQLError('execution'); default 50 million. */
  maxSamples?: number;
  /** Evaluation time before PromQLError('timeout'); default 2 minutes, as Prometheus. */
  timeoutMs?: number;
}

export interface RangeQueryOptions {
  source: SeriesSource;
  start: number;
  end: number;
  step: number;
  lookbackDeltaMs?: number;
  /** As InstantQueryOptions.maxSamples. */
  maxSamples?: number;
  /** As InstantQueryOptions.timeoutMs. */
  timeoutMs?: number;
}

/**
 * Errors the API maps to Prometheus' error JSON: `bad_data` (parse/type errors, answered 400)
 * and `execution` (too many samples, timeout; answered 422/503).
 */
export class PromQLError extends Error {
  constructor(
    readonly errorType: 'bad_data' | 'execution' | 'timeout',
    message: string,
  ) {
    super(message);
    this.name = 'PromQLError';
  }
}
