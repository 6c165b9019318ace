// Sampled histograms (pure, no I/O): where to read raw records, and how to turn what was read
// into estimated counts (get-log-histogram.ts decides when).
import type { CountRow, SampleCountRow } from './repository-counts.ts';

export interface Probe {
  from: Date;
  to: Date;
}

const ORIGIN = Date.UTC(2000, 0, 1);

/** mulberry32: a small seeded generator, so the same request reads the same records. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Probe windows over [from, to): the part of each bucket inside the range is cut into equal
 * sub-windows (at least one per bucket, about maxProbes in all), and each probe starts at a
 * pseudo-random point of the first half of its sub-window and ends with it. Every bucket is
 * sampled, and no probe crosses a bucket boundary.
 */
export function planProbes(
  from: Date,
  to: Date,
  intervalSeconds: number,
  maxProbes: number,
): Probe[] {
  const ms = intervalSeconds * 1000;
  const start = from.getTime();
  const end = to.getTime();
  const first = ORIGIN + Math.floor((start - ORIGIN) / ms) * ms;
  const buckets = Math.ceil((end - first) / ms);
  const perBucket = Math.max(1, Math.floor(maxProbes / buckets));
  const random = seeded(Math.floor(start / 1000) ^ (intervalSeconds * 7919));
  const probes: Probe[] = [];
  for (let b = first; b < end; b += ms) {
    const lo = Math.max(b, start);
    const width = (Math.min(b + ms, end) - lo) / perBucket;
    for (let k = 0; k < perBucket; k++) {
      const sub = lo + k * width;
      const probeStart = Math.floor(sub + random() * (width / 2));
      const probeEnd = k === perBucket - 1 ? Math.min(b + ms, end) : Math.floor(sub + width);
      if (probeEnd > probeStart)
        probes.push({ from: new Date(probeStart), to: new Date(probeEnd) });
    }
  }
  return probes;
}

/**
 * Estimated matching counts per (bucket, level): the exact number of records of that bucket and
 * level (from the rollup) times the share of matches among the records of that bucket and level
 * that were read. Stratifying by level keeps queries that follow the level (`timeout` only in
 * warnings) nearly exact. A (bucket, level) read in full is counted exactly; one of which no
 * record was read counts 0 (no evidence of a match there; such cells hold few records). A
 * (bucket, level) may come in several rows of totals (the partial minutes at the ends): summed.
 */
export function estimateCounts(totals: CountRow[], sample: SampleCountRow[]): CountRow[] {
  const all = new Map<string, CountRow>();
  for (const c of totals) {
    const key = `${c.t}|${c.level}`;
    const prev = all.get(key);
    all.set(key, { ...c, n: (prev ? prev.n : 0) + Number(c.n) });
  }
  const read = new Map<string, SampleCountRow>();
  for (const s of sample) read.set(`${s.t}|${s.level}`, s);
  const out: CountRow[] = [];
  for (const [key, tot] of all) {
    const s = read.get(key);
    if (!s || s.hits === 0) continue;
    const n = Number(s.seen) >= tot.n ? Number(s.hits) : Math.round((tot.n * s.hits) / s.seen);
    out.push({ t: tot.t, level: tot.level, n });
  }
  return out;
}
