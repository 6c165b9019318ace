import { describe, expect, it } from 'vitest';
import { RejectionThrottle } from './api-key-rejections.ts';

describe('RejectionThrottle', () => {
  it('lets one event a minute through per source and reason, counting the rest', () => {
    let now = 1_000_000;
    const th = new RejectionThrottle(() => now);
    expect(th.admit('ip:1', 'unknown')).toEqual({ suppressed: 0, others: 0 });
    for (let i = 0; i < 9; i++) expect(th.admit('ip:1', 'unknown')).toBeNull();
    // Another reason or source is throttled on its own.
    expect(th.admit('ip:1', 'malformed')).toEqual({ suppressed: 0, others: 0 });
    expect(th.admit('ip:2', 'unknown')).toEqual({ suppressed: 0, others: 0 });
    now += 59_999;
    expect(th.admit('ip:1', 'unknown')).toBeNull();
    now += 1;
    expect(th.admit('ip:1', 'unknown')).toEqual({ suppressed: 10, others: 0 });
    expect(th.admit('ip:1', 'unknown')).toBeNull();
  });

  it('writes at most 100 events a minute and folds the rest into one source', () => {
    let now = 5_000_000 * 60_000;
    const th = new RejectionThrottle(() => now);
    let written = 0;
    for (let i = 0; i < 1000; i++) if (th.admit(`ip:${i}`, 'unknown')) written++;
    expect(written).toBe(100);
    now += 60_000;
    // The first event of the next minute reports the 900 refused from many sources.
    expect(th.admit('ip:new', 'unknown')).toEqual({ suppressed: 0, others: 900 });
    const overflow = [];
    for (let i = 0; i < 200; i++) {
      const r = th.admit(`ip:x${i}`, 'unknown');
      if (r) overflow.push(r.suppressed);
    }
    expect(overflow).toHaveLength(99);
  });
});
