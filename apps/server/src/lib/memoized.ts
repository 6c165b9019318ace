/**
 * A bounded memo of a pure function of a string: answers repeat (group ids, user hashes) and
 * each costs a hash. The keys come from clients, so it holds at most `max` keys of at most 1 KB
 * (longer ones are not kept) and is emptied when full.
 */
export function memoized(fn: (key: string) => string, max = 10_000): (key: string) => string {
  const cache = new Map<string, string>();
  return (key) => {
    if (key.length > 1024) return fn(key);
    let v = cache.get(key);
    if (v === undefined) {
      v = fn(key);
      if (cache.size >= max) cache.clear();
      cache.set(key, v);
    }
    return v;
  };
}
