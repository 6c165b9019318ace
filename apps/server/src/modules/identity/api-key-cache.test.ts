import { describe, expect, it } from 'vitest';
import { ApiKeyCache, invalidateApiKeyCache } from './api-key-cache.ts';

describe('API key cache', () => {
  const hash = Buffer.from('a'.repeat(32));
  it('answers within its time to live, not after', () => {
    const c = new ApiKeyCache<{ id: string }>(1000);
    c.set(hash, { id: 'k1' }, 0);
    expect(c.get(hash, 999)).toEqual({ id: 'k1' });
    expect(c.get(hash, 1000)).toBeUndefined();
    expect(c.get(hash, 1001)).toBeUndefined();
  });
  it('forgets everything when a key is revoked or a member changes', () => {
    const c = new ApiKeyCache<{ id: string }>(60_000);
    c.set(hash, { id: 'k1' });
    invalidateApiKeyCache();
    expect(c.get(hash)).toBeUndefined();
    c.set(hash, { id: 'k1' });
    expect(c.get(hash)).toEqual({ id: 'k1' });
  });
  it('keeps at most 10,000 keys, dropping the oldest', () => {
    const c = new ApiKeyCache<number>(60_000);
    const h = (i: number) => Buffer.from(String(i).padStart(32, '0'));
    for (let i = 0; i <= 10_000; i++) c.set(h(i), i);
    expect(c.get(h(0))).toBeUndefined();
    expect(c.get(h(1))).toBe(1);
    expect(c.get(h(10_000))).toBe(10_000);
  });
});
