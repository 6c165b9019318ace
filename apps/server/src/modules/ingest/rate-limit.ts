/**
 * Per-organization token buckets in records per second, with a burst of `burstSeconds` worth of
 * records. A batch larger than the burst is still let through when the bucket is full, so a rate
 * below one request's size cannot block a client forever.
 */
export class OrgRateLimiter {
  private buckets = new Map<string, { tokens: number; at: number }>();

  constructor(private readonly burstSeconds = 2) {}

  /** 0 when allowed, else the seconds to wait before retrying. */
  take(orgId: string, records: number, perSecond: number, now = Date.now()): number {
    if (!(perSecond > 0)) return 0;
    const cap = perSecond * this.burstSeconds;
    let b = this.buckets.get(orgId);
    if (!b) {
      b = { tokens: cap, at: now };
      this.buckets.set(orgId, b);
    }
    b.tokens = Math.min(cap, b.tokens + ((now - b.at) / 1000) * perSecond);
    b.at = now;
    if (b.tokens >= Math.min(records, cap)) {
      b.tokens -= records;
      return 0;
    }
    return Math.max(1, Math.ceil((Math.min(records, cap) - b.tokens) / perSecond));
  }
}
