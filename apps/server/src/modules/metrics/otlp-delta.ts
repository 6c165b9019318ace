import { Lru } from './series-resolver.ts';

/**
 * Delta → cumulative for OTLP sums and histograms, so PromQL's rate() and increase() work on
 * both temporalities. One running total per series (org + fingerprint) in this process's memory.
 * A request's totals are computed in a transaction and kept only once its samples are stored,
 * so a retried request (same points) is not counted twice, and a point not newer than the last
 * one of its series is dropped as a duplicate.
 *
 * A series this process holds no total for (after a restart, or evicted from the LRU) is seeded
 * from its last sample in the head of metric_samples (otlp-delta-seed.ts), so totals continue
 * across restarts and a request re-sent after a crash is still dropped; a series whose last
 * sample has left the head starts again from 0, which PromQL reads as a counter reset. Several
 * processes receiving the same delta stream would each keep their own totals: send delta
 * streams to one Pharos process (or convert them in the Collector).
 */

export interface Total {
  value: number;
  t: number;
}

export class DeltaAccumulator {
  private readonly totals: Lru<Total>;
  constructor(maxSeries = 200_000) {
    this.totals = new Lru(maxSeries);
  }

  begin(): DeltaTransaction {
    return new DeltaTransaction(this.totals);
  }

  /** Sets a series' running total from storage (its last stored sample). */
  seed(key: string, total: Total): void {
    if (!this.totals.get(key)) this.totals.set(key, total);
  }
}

export class DeltaTransaction {
  private readonly pending = new Map<string, Total>();
  /** Series this process holds no total for (new, evicted, or after a restart). */
  readonly misses = new Set<string>();
  constructor(private readonly totals: Lru<Total>) {}

  /** The cumulative value after adding `delta` at `t`; null when `t` is not after the last point. */
  next(key: string, t: number, delta: number): number | null {
    const last = this.pending.get(key) ?? this.totals.get(key);
    if (!last) this.misses.add(key);
    if (last && t <= last.t) return null;
    const value = (last?.value ?? 0) + delta;
    this.pending.set(key, { value, t });
    return value;
  }

  /**
   * Adds `delta` at `t` and never refuses it: a time not after this request's last point of the
   * series merges into that point, one not after the stored last point moves 1 ms past it.
   * Returns the point (mutated by later merges), for emitting once the request is read.
   */
  accumulate(key: string, t: number, delta: number): Total {
    const pending = this.pending.get(key);
    if (pending && t <= pending.t) {
      pending.value += delta;
      return pending;
    }
    const last = pending ?? this.totals.get(key);
    if (!last) this.misses.add(key);
    const point = { value: (last?.value ?? 0) + delta, t: last && t <= last.t ? last.t + 1 : t };
    this.pending.set(key, point);
    return point;
  }

  get size(): number {
    return this.pending.size;
  }

  /** Keeps the new totals (call after the samples are durable). */
  commit(): void {
    for (const [k, v] of this.pending) this.totals.set(k, v);
    this.pending.clear();
  }
}
