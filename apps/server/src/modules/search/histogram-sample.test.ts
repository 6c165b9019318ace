import { describe, expect, it } from 'vitest';
import { estimateCounts, planProbes } from './histogram-sample.ts';

const at = (s: string) => new Date(`2026-01-01T${s}Z`);

describe('planProbes', () => {
  it('spreads probes over every bucket, inside the range and inside one bucket each', () => {
    const from = at('10:00:00');
    const to = at('11:00:00');
    const probes = planProbes(from, to, 600, 30);
    expect(probes).toHaveLength(30);
    for (const p of probes) {
      expect(p.from >= from && p.to <= to && p.from < p.to).toBe(true);
      const bucket = Math.floor(p.from.getTime() / 600_000);
      expect(Math.ceil(p.to.getTime() / 600_000) - 1).toBe(bucket);
    }
    const perBucket = new Map<number, number>();
    for (const p of probes) {
      const b = Math.floor(p.from.getTime() / 600_000);
      perBucket.set(b, (perBucket.get(b) ?? 0) + 1);
    }
    expect([...perBucket.values()]).toEqual([5, 5, 5, 5, 5, 5]);
    expect(planProbes(from, to, 600, 30)).toEqual(probes);
  });

  it('gives each bucket one probe when there are more buckets than probes', () => {
    const probes = planProbes(at('10:00:30'), at('12:00:00'), 60, 10);
    expect(probes).toHaveLength(120);
    expect(probes[0]!.from >= at('10:00:30')).toBe(true);
    expect(probes[0]!.to).toEqual(at('10:01:00'));
  });
});

describe('estimateCounts', () => {
  it('scales the matching share of each (bucket, level) to its count, summed over its rows', () => {
    const totals = [
      { t: 'a', level: 'info', n: 1000 },
      { t: 'a', level: 'error', n: 10 },
      { t: 'b', level: 'info', n: 500 },
      { t: 'b', level: 'warning', n: 7 },
      { t: 'a', level: 'error', n: 10 },
    ];
    const sample = [
      { t: 'a', level: 'info', seen: 100, hits: 5 },
      { t: 'a', level: 'error', seen: 10, hits: 3 },
      { t: 'b', level: 'info', seen: 50, hits: 0 },
    ];
    expect(estimateCounts(totals, sample)).toEqual([
      { t: 'a', level: 'info', n: 50 },
      { t: 'a', level: 'error', n: 6 },
    ]);
  });
});
