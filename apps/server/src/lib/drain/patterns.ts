import { Drain, templateOf, type DrainOptions } from './drain.ts';

export interface Pattern {
  template: string;
  count: number;
  /** Share of the sampled messages, 0..1. */
  share: number;
  example: string;
  /** No message of the preceding window joined this pattern. */
  isNew: boolean;
}

/**
 * Clusters `current` into templates, and flags the templates that no message of `previous`
 * (the preceding window) belongs to. The previous window is clustered first, in the same tree,
 * so a current message that fits an older template counts towards it and is not new.
 */
export function findPatterns(
  current: readonly string[],
  previous: readonly string[],
  opts: DrainOptions & { limit?: number } = {},
): Pattern[] {
  const drain = new Drain(opts);
  const seenBefore = new Set<number>();
  for (const m of previous) seenBefore.add(drain.add(m).id);
  const counts = new Map<number, { count: number; example: string }>();
  for (const m of current) {
    const c = drain.add(m);
    const entry = counts.get(c.id);
    if (entry) entry.count++;
    else counts.set(c.id, { count: 1, example: m });
  }
  const byId = new Map(drain.clusters().map((c) => [c.id, c]));
  const total = current.length || 1;
  return [...counts.entries()]
    .map(([id, { count, example }]) => ({
      template: templateOf(byId.get(id)!),
      count,
      share: count / total,
      example,
      isNew: !seenBefore.has(id),
    }))
    .sort((a, b) => b.count - a.count || a.template.localeCompare(b.template))
    .slice(0, opts.limit ?? 200);
}
