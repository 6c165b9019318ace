/**
 * Fixed latency bucket boundaries of endpoint_stats.latency_buckets, in milliseconds: four per
 * doubling, 2^(k/4) ms for k = 0..64, i.e. 1 ms .. 65.5 s (65 boundaries, 66 buckets; the first
 * bucket is [0, 1 ms), the last [65.5 s, infinity)). Neighbouring boundaries differ by a factor
 * 2^(1/4) = 1.189, so a percentile interpolated inside the right bucket is within 19% of the
 * true value (and within the exact min..max, which every row also keeps).
 *
 * Fixed forever: stored histograms are arrays indexed by these boundaries, so changing them
 * would make old and new rows unmergeable. SQL receives them as a parameter (one definition).
 */
export const BUCKETS_PER_DOUBLING = 4;
const STEPS = 64;

export const LATENCY_BOUNDS_MS: readonly number[] = Object.freeze(
  Array.from({ length: STEPS + 1 }, (_, k) => 2 ** (k / BUCKETS_PER_DOUBLING)),
);

/** Elements of a latency_buckets array. */
export const LATENCY_BUCKET_COUNT = LATENCY_BOUNDS_MS.length + 1;

/** Largest ratio between the two ends of a bounded bucket: the relative error bound of a percentile. */
export const MAX_RELATIVE_ERROR = 2 ** (1 / BUCKETS_PER_DOUBLING) - 1;
