// Deterministic test data for the comparison suite: a few dozen series over two hours at
// (jittered) 15 s intervals: counters with resets, gauges, a classic histogram, several label
// dimensions, a series that stops and one that starts late, rare NaN, extreme magnitudes.
import type { Labels, RawSeries } from '../types.ts';

/** mulberry32: a small seeded PRNG, so every run writes the same samples. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const INTERVAL_MS = 15_000;
export const SPAN_MS = 2 * 3600_000;

interface Builder {
  labels: Labels;
  /** Value at sample i (time t), or undefined for no sample. */
  value: (i: number, t: number) => number | undefined;
  /** Jitter of the scrape time in ms (per-series offset, like real targets). */
  phase: number;
}

/** All series over [end - SPAN_MS, end], timestamps in ms. */
export function generateSeries(end: number, seed = 42): RawSeries[] {
  const rnd = prng(seed);
  const start = end - SPAN_MS;
  const n = SPAN_MS / INTERVAL_MS;
  const builders: Builder[] = [];
  const phase = () => Math.floor(rnd() * 3000);

  // Counters: http_requests_total over job x instance x method x status; two reset.
  let k = 0;
  for (const job of ['api', 'web'])
    for (const instance of ['i1', 'i2'])
      for (const method of ['GET', 'POST'])
        for (const status of ['200', '500']) {
          const base = status === '200' ? 20 : 1;
          const resetAt = k === 3 ? 200 : k === 10 ? 333 : -1;
          const incs = Array.from({ length: n + 1 }, () => Math.floor(rnd() * base * 15));
          let acc = Math.floor(rnd() * 1000);
          const vals = incs.map((inc, i) => (i === resetAt ? (acc = inc) : (acc += inc)));
          builders.push({
            labels: { __name__: 'http_requests_total', job, instance, method, status },
            value: (i) => vals[i],
            phase: phase(),
          });
          k++;
        }

  // Gauges: temperatures (random walk, one rare NaN), negative and extreme magnitudes.
  for (const [instance, zone] of [
    ['i1', 'a'],
    ['i2', 'a'],
    ['i3', 'b'],
    ['i4', 'b'],
  ] as const) {
    let v = 20 + rnd() * 10;
    const vals = Array.from(
      { length: n + 1 },
      (_, i) => (v += (rnd() - 0.5) * 2) && (instance === 'i3' && i % 97 === 50 ? NaN : v),
    );
    builders.push({
      labels: { __name__: 'node_temperature_celsius', instance, zone },
      value: (i) => vals[i],
      phase: phase(),
    });
  }
  for (const instance of ['i1', 'i2']) {
    const vals = Array.from({ length: n + 1 }, () => (rnd() - 0.6) * 100);
    builders.push({
      labels: { __name__: 'balance_delta', instance },
      value: (i) => vals[i],
      phase: phase(),
    });
    const big = Array.from({ length: n + 1 }, () => Math.round(rnd() * 8e9 + 1e9));
    builders.push({
      labels: { __name__: 'memory_bytes', instance },
      value: (i) => big[i],
      phase: phase(),
    });
    const tiny = Array.from({ length: n + 1 }, () => rnd() * 4e-7);
    builders.push({
      labels: { __name__: 'tiny_ratio', instance },
      value: (i) => tiny[i],
      phase: phase(),
    });
  }

  // Histogram: request_duration_seconds for two jobs; cumulative buckets, _sum and _count.
  const bounds = ['0.05', '0.1', '0.25', '0.5', '1', '2.5', '+Inf'];
  const limits = [0.05, 0.1, 0.25, 0.5, 1, 2.5, Infinity];
  for (const job of ['api', 'web']) {
    const counts = bounds.map(() => [0]);
    const sums = [0];
    for (let i = 1; i <= n; i++) {
      const obs = Array.from(
        { length: Math.floor(rnd() * 30) },
        () => Math.exp(rnd() * 4 - 3.5) * (job === 'web' ? 2 : 1),
      );
      limits.forEach((lim, b) =>
        counts[b]!.push(counts[b]![i - 1]! + obs.filter((o) => o <= lim).length),
      );
      sums.push(sums[i - 1]! + obs.reduce((a, o) => a + o, 0));
    }
    bounds.forEach((le, b) =>
      builders.push({
        labels: { __name__: 'request_duration_seconds_bucket', job, le },
        value: (i) => counts[b]![i],
        phase: 0,
      }),
    );
    builders.push({
      labels: { __name__: 'request_duration_seconds_sum', job },
      value: (i) => sums[i],
      phase: 0,
    });
    builders.push({
      labels: { __name__: 'request_duration_seconds_count', job },
      value: (i) => counts[6]![i],
      phase: 0,
    });
  }

  // Lifecycle: a series that stops 30 min before the end, one that starts an hour in.
  const depth = Array.from({ length: n + 1 }, () => Math.floor(rnd() * 50));
  builders.push({
    labels: { __name__: 'queue_depth', queue: 'old' },
    value: (i) => (i <= n - 120 ? depth[i] : undefined),
    phase: phase(),
  });
  builders.push({
    labels: { __name__: 'queue_depth', queue: 'new' },
    value: (i) => (i >= 240 ? depth[n - i] : undefined),
    phase: phase(),
  });
  builders.push({
    labels: { __name__: 'queue_depth', queue: 'steady' },
    value: () => 7,
    phase: phase(),
  });

  // Label values for regexes, and two names with equal other labels (name-drop collisions).
  for (const path of ['/api/v1/users', '/api/v1/orders', '/health', '/static/app.js'])
    builders.push({
      labels: { __name__: 'path_hits_total', path, env: 'prod' },
      value: (i) => i * ((path.length % 5) + 1),
      phase: phase(),
    });
  builders.push({
    labels: { __name__: 'up', job: 'api', instance: 'i1' },
    value: () => 1,
    phase: 0,
  });
  builders.push({
    labels: { __name__: 'up', job: 'api', instance: 'i2' },
    value: (i) => (i % 40 < 3 ? 0 : 1),
    phase: 0,
  });
  builders.push({
    labels: { __name__: 'up', job: 'web', instance: 'i1' },
    value: () => 1,
    phase: 0,
  });
  builders.push({
    labels: { __name__: 'build_info', job: 'api', version: '1.2.3', region: 'eu' },
    value: () => 1,
    phase: 0,
  });
  builders.push({
    labels: { __name__: 'build_info', job: 'web', version: '2.0.0', region: 'us' },
    value: () => 1,
    phase: 0,
  });

  return builders.map((b) => {
    const timestamps: number[] = [];
    const values: number[] = [];
    for (let i = 0; i <= n; i++) {
      const t = start + i * INTERVAL_MS + b.phase;
      if (t > end) break;
      const v = b.value(i, t);
      if (v === undefined) continue;
      timestamps.push(t);
      values.push(v);
    }
    return { labels: b.labels, timestamps, values };
  });
}
