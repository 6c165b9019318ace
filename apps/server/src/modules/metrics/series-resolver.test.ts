import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { fingerprintOf } from './remote-write.ts';
import { Lru } from './series-resolver.ts';

describe('Lru', () => {
  it('stays within its bound and keeps what was used recently', () => {
    const lru = new Lru<number>(10);
    for (let i = 0; i < 100; i++) {
      lru.set(`k${i}`, i);
      expect(lru.get('k0')).toBe(0); // used all along: never evicted
      expect(lru.size).toBeLessThanOrEqual(10);
    }
    expect(lru.get('k1')).toBeUndefined(); // set once, long ago
    expect(lru.get('k99')).toBe(99);
    lru.set('k0', -1);
    expect(lru.get('k0')).toBe(-1);
  });
});

describe('fingerprintOf', () => {
  it('is SHA-256 over name (\\xff label \\xfe value)* with sorted labels, cached or not', () => {
    const labels = { job: 'api', a: 'é', le: '+Inf' };
    const h = createHash('sha256');
    h.update('m_bucket');
    for (const k of ['a', 'job', 'le']) h.update(`\xff${k}\xfe${labels[k as keyof typeof labels]}`);
    const expected = h.digest('hex').slice(0, 32);
    expect(fingerprintOf('m_bucket', labels)).toBe(expected);
    expect(fingerprintOf('m_bucket', { le: '+Inf', job: 'api', a: 'é' })).toBe(expected);
    expect(fingerprintOf('m_bucket', { ...labels, a: 'e' })).not.toBe(expected);
  });
});
