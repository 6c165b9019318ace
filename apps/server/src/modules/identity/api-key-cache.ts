// A short-lived cache of API key rows by key hash, so that ingestion (a request per batch, many
// per second per key) does not look its key up in PostgreSQL every time. Bounded in time and
// size. Revoking a key or changing a user's membership in this process clears it at once
// (invalidateApiKeyCache); other processes see such a change within KEY_CACHE_MS.
export const KEY_CACHE_MS = 10_000;
const MAX_ENTRIES = 10_000;

let generation = 0;

/** Forget every cached key row (a key was revoked, a user deactivated or their role changed). */
export function invalidateApiKeyCache(): void {
  generation++;
}

export class ApiKeyCache<Row> {
  private readonly rows = new Map<string, { row: Row; at: number; generation: number }>();

  constructor(private readonly ttlMs = KEY_CACHE_MS) {}

  get(hash: Buffer, now = Date.now()): Row | undefined {
    const k = hash.toString('base64');
    const e = this.rows.get(k);
    if (!e) return undefined;
    if (e.generation !== generation || now - e.at >= this.ttlMs) {
      this.rows.delete(k);
      return undefined;
    }
    return e.row;
  }

  /** Only rows of keys that authenticate are cached: an unknown key is looked up every time. */
  set(hash: Buffer, row: Row, now = Date.now()): void {
    const k = hash.toString('base64');
    this.rows.delete(k);
    if (this.rows.size >= MAX_ENTRIES) {
      const oldest = this.rows.keys().next().value;
      if (oldest !== undefined) this.rows.delete(oldest);
    }
    this.rows.set(k, { row, at: now, generation });
  }
}
