import type { FastifyBaseLogger } from 'fastify';
import type { Db } from '../../db/client.ts';
import { systemCtx } from '../../db/context.ts';
import { addRateWindowCounts, pruneRateWindows } from './repository-rate-limits.ts';

/** How often a process adds its counts to the shared table (and learns the others'). */
export const RATE_SYNC_MS = 1_000;
const WINDOW_MS = 60_000;
const MAX_KEYS = 10_000;

interface Window {
  orgId: string;
  minute: number;
  /** Total of every process at the last sync (this process's synced requests included). */
  known: number;
  /** Admitted here and not yet sent. */
  pending: number;
  /** Sent by the sync in flight, not yet acknowledged. */
  sending: number;
}

/**
 * Per-key rate limit (fixed one-minute windows) that holds across every Pharos process on the
 * database, with no database round trip on the request path. Each process admits a request when
 * the cluster total it last heard plus what it admitted since stays under the limit; a sync
 * (one upsert for all keys, `RETURNING` each key's total) runs every RATE_SYNC_MS, and at once,
 * in the background, when a key is first seen in a window or has used a share of what is left.
 *
 * Bound of the approximation: a process does not see what the others admitted since their last
 * sync, so together they may admit up to the limit plus, for each process, what it admits
 * between two syncs: at most about one sync interval (1 s) of its traffic for the key, fewer
 * near the limit, where each process syncs after every eighth of what is left. At the very
 * start of a window a process admits its first request before it has heard any total. When the
 * database cannot be reached each process falls back to its own count (limit x processes).
 */
export class ApiKeyRateLimiter {
  private windows = new Map<string, Window>();
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private lastPrune = 0;

  constructor(
    private db: Db | null,
    private log: FastifyBaseLogger | null = null,
  ) {}

  /** Counts one request; returns seconds to wait when the key is over its limit. */
  take(
    keyId: string,
    orgId: string,
    perMinute: number,
    now = Date.now(),
  ): { ok: true } | { ok: false; retryAfter: number } {
    const minute = Math.floor(now / WINDOW_MS);
    let w = this.windows.get(keyId);
    if (!w || w.minute !== minute) {
      // Counts of an ended window not yet sent are dropped with it: that window is over.
      w = { orgId, minute, known: 0, pending: 0, sending: 0 };
      this.windows.set(keyId, w);
      if (this.windows.size > MAX_KEYS) this.prune(minute);
    }
    const used = w.known + w.sending + w.pending;
    if (used >= perMinute) {
      const end = (minute + 1) * WINDOW_MS;
      return { ok: false, retryAfter: Math.max(1, Math.ceil((end - now) / 1000)) };
    }
    w.pending++;
    if (w.known === 0 && w.sending === 0 && w.pending === 1) this.sync();
    else if (w.pending >= Math.max(1, Math.floor((perMinute - w.known) / 8))) this.sync();
    else this.schedule();
    return { ok: true };
  }

  /** Sends every pending count now; resolves when that sync (and any it queued) is done. */
  async flush(): Promise<void> {
    this.sync();
    while (this.running) await this.running;
  }

  async close(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.flush();
  }

  private schedule() {
    if (this.timer || !this.db) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.sync();
    }, RATE_SYNC_MS).unref();
  }

  /** Starts a sync unless one is running; then one more runs right after it. */
  private sync() {
    if (!this.db) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.syncOnce().finally(() => {
      this.running = null;
      if (this.again) {
        this.again = false;
        this.sync();
      }
    });
  }

  private async syncOnce(): Promise<void> {
    const db = this.db!;
    const batch: { keyId: string; orgId: string; minute: number; count: number }[] = [];
    for (const [keyId, w] of this.windows) {
      if (w.pending === 0) continue;
      batch.push({ keyId, orgId: w.orgId, minute: w.minute, count: w.pending });
      w.sending += w.pending;
      w.pending = 0;
    }
    if (!batch.length) return;
    const ctx = systemCtx(db, 'identity.api_key_rate');
    try {
      const totals = await addRateWindowCounts(ctx, batch);
      for (const b of batch) {
        const w = this.windows.get(b.keyId);
        if (!w || w.minute !== b.minute) continue;
        w.sending -= b.count;
        w.known = Math.max(w.known, totals.get(`${b.keyId}/${b.minute}`) ?? 0);
      }
    } catch (err) {
      for (const b of batch) {
        const w = this.windows.get(b.keyId);
        if (!w || w.minute !== b.minute) continue;
        w.sending -= b.count;
        w.pending += b.count; // sent again with the next sync
      }
      this.log?.warn({ err }, 'could not share API key rate counts');
      this.schedule();
      return;
    }
    const now = Date.now();
    if (now - this.lastPrune >= WINDOW_MS) {
      this.lastPrune = now;
      await pruneRateWindows(ctx, Math.floor(now / WINDOW_MS) - 1).catch((err: unknown) =>
        this.log?.warn({ err }, 'could not prune API key rate windows'),
      );
    }
  }

  private prune(current: number) {
    for (const [k, w] of this.windows) {
      if (w.minute !== current && w.pending === 0 && w.sending === 0) this.windows.delete(k);
    }
  }
}
