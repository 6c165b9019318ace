// An in-memory SeriesSource over fixed series (the engine's tests and the comparison suite).
import type { Matcher, RawSeries, SelectHints, SeriesSource } from '../types.ts';
import { matcherPredicate } from '../engine/labels.ts';

export class MemorySource implements SeriesSource {
  /** Every select() call's hints, for tests of what the engine asks for. */
  readonly calls: { matchers: Matcher[]; hints: SelectHints }[] = [];

  constructor(private readonly series: RawSeries[]) {}

  async select(matchers: Matcher[], hints: SelectHints): Promise<RawSeries[]> {
    this.calls.push({ matchers, hints });
    const preds = matchers.map((m) => ({ name: m.name, test: matcherPredicate(m) }));
    return this.series.filter((s) => preds.every((p) => p.test(s.labels[p.name] ?? '')));
  }
}
