import { withTransaction, type Ctx } from '../../db/context.ts';
import { AppError } from '../../platform/errors.ts';
import type { CompiledQuery } from './query.ts';
import { countTailGap, dbNow, selectTail } from './repository.ts';
import type { LogRecord } from './schemas.ts';

export interface TailLimits {
  /** Open tails of one organization in this process. */
  maxPerOrg: number;
  /** Open tails in this process. */
  maxPerProcess: number;
  /** Records sent per tail per poll (about a second); the rest are reported as skipped. */
  maxEventsPerSecond: number;
  pollMs: number;
  heartbeatMs: number;
  /** Records whose time trails the cursor by up to this much (late commits) are still sent. */
  lookbackMs: number;
}

export const DEFAULT_TAIL_LIMITS: TailLimits = {
  maxPerOrg: 5,
  maxPerProcess: 100,
  maxEventsPerSecond: 200,
  pollMs: 1000,
  heartbeatMs: 15_000,
  lookbackMs: 2000,
};

export interface TailLease {
  readonly signal: AbortSignal;
  close(): void;
}

/** Counts open tails per organization and per process, and closes them all at shutdown. */
export class TailHub {
  private readonly perOrg = new Map<string, number>();
  private readonly open = new Set<AbortController>();
  constructor(readonly limits: TailLimits) {}

  /** A lease for one more tail, or 429 when a cap is reached. */
  acquire(orgId: string): TailLease {
    const n = this.perOrg.get(orgId) ?? 0;
    if (n >= this.limits.maxPerOrg || this.open.size >= this.limits.maxPerProcess) {
      const which = n >= this.limits.maxPerOrg ? 'this organization' : 'this server';
      throw new AppError(
        'LIMIT_EXCEEDED',
        `Too many live tails open for ${which}; close one first.`,
        {
          headers: { 'Retry-After': '10' },
        },
      );
    }
    const ac = new AbortController();
    this.perOrg.set(orgId, n + 1);
    this.open.add(ac);
    let closed = false;
    return {
      signal: ac.signal,
      close: () => {
        if (closed) return;
        closed = true;
        ac.abort();
        this.open.delete(ac);
        const left = (this.perOrg.get(orgId) ?? 1) - 1;
        if (left > 0) this.perOrg.set(orgId, left);
        else this.perOrg.delete(orgId);
      },
    };
  }

  get size(): number {
    return this.open.size;
  }

  closeAll(): void {
    for (const ac of this.open) ac.abort();
  }
}

export type TailEvent =
  | { event: 'open'; data: { since: string; poll_ms: number } }
  | { event: 'log'; data: LogRecord }
  | { event: 'skipped'; data: { skipped: number } };

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done);
  });
}

// Exact times are compared as text, so every one has the same microsecond format.
const minusMs = (iso: string, ms: number) =>
  new Date(Date.parse(iso) - ms).toISOString().replace('Z', '000Z');

/**
 * Polls the newest matching records every pollMs after a cursor kept in this loop (so any API
 * process can serve a tail) and emits them oldest first. When more than maxEventsPerSecond
 * arrive in one poll, it sends the newest of them and a `skipped` event with the count of the
 * others, instead of queueing. emit returns false when the client is not reading (its socket
 * buffer is full); those records are counted as skipped too. Ends when signal aborts.
 */
export async function tailLogs({
  ctx,
  query,
  limits,
  signal,
  emit,
}: {
  ctx: Ctx;
  query: CompiledQuery;
  limits: TailLimits;
  signal: AbortSignal;
  emit: (e: TailEvent) => boolean;
}): Promise<void> {
  const orgId = ctx.orgId!;
  let cursor = await withTransaction(ctx, (tx) => dbNow(tx));
  emit({ event: 'open', data: { since: cursor, poll_ms: limits.pollMs } });
  // Records already sent whose time is within the lookback window, by id.
  const sent = new Map<string, string>();
  const cap = limits.maxEventsPerSecond;
  // After a poll that skipped records, nothing at or before the oldest record it sent is sent
  // later (the lookback would otherwise deliver the skipped ones on the next poll).
  let floor = '';
  while (!signal.aborted) {
    await sleep(limits.pollMs, signal);
    if (signal.aborted) break;
    const lookback = minusMs(cursor, limits.lookbackMs);
    const since = floor > lookback ? floor : lookback;
    const { fresh, skipped } = await withTransaction(ctx, async (tx) => {
      const rows = await selectTail(tx, {
        orgId,
        since,
        where: query.where,
        limit: cap + sent.size,
      });
      const unseen = rows.filter((r) => !sent.has(r.record_id));
      const kept = unseen.slice(0, cap);
      let gap = 0;
      if (unseen.length > cap || (rows.length === cap + sent.size && kept.length === cap)) {
        const oldest = kept[kept.length - 1]!.time;
        const total = await countTailGap(tx, {
          orgId,
          since,
          until: oldest,
          where: query.where,
          cap: 100_000,
        });
        const already = [...sent.values()].filter((t) => t > since && t < oldest).length;
        gap = Math.max(0, total - already);
      }
      if (gap > 0) floor = kept[kept.length - 1]!.time;
      return { fresh: kept.reverse(), skipped: gap };
    });
    if (skipped > 0) emit({ event: 'skipped', data: { skipped } });
    let dropped = 0;
    for (const r of fresh) {
      sent.set(r.record_id, r.time);
      if (r.time > cursor) cursor = r.time;
      if (!emit({ event: 'log', data: r })) dropped++;
    }
    if (dropped > 0) emit({ event: 'skipped', data: { skipped: dropped } });
    const keepAfter = minusMs(cursor, limits.lookbackMs);
    for (const [id, t] of sent) if (t <= keepAfter) sent.delete(id);
  }
}
