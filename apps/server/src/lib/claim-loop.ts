/**
 * A bounded claim-and-run loop (ADR 0008's shape): every tick claims as many due items as there
 * are free slots and runs each on its own, so a slow item holds one slot and delays no other;
 * when a claim fills every free slot it claims again at once, so a backlog drains without
 * waiting for ticks. What "claim" means (FOR UPDATE SKIP LOCKED, usually) is the caller's.
 */

export interface ClaimLoopOptions<T> {
  /** Items in flight at once. */
  concurrency: number;
  /** Pause between claims when nothing more is due. */
  tickMs: number;
  claim(free: number): Promise<T[]>;
  run(item: T): Promise<void>;
  /** A failed claim (item null) or run; the loop goes on. */
  onError(err: unknown, item: T | null): void;
}

export interface ClaimLoop {
  readonly running: number;
  /** Stops claiming and waits for the runs in flight, at most timeoutMs. */
  stop(timeoutMs?: number): Promise<void>;
}

export function startClaimLoop<T>(opts: ClaimLoopOptions<T>): ClaimLoop {
  const inFlight = new Set<Promise<void>>();
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let claiming = false;

  async function tick(): Promise<void> {
    if (stopped || claiming) return;
    claiming = true;
    try {
      for (;;) {
        const free = opts.concurrency - inFlight.size;
        if (free <= 0 || stopped) break;
        const claimed = await opts.claim(free);
        for (const item of claimed) {
          const p: Promise<void> = opts
            .run(item)
            .catch((err: unknown) => opts.onError(err, item))
            .finally(() => inFlight.delete(p));
          inFlight.add(p);
        }
        if (claimed.length < free) break;
      }
    } catch (err) {
      opts.onError(err, null);
    } finally {
      claiming = false;
    }
  }

  const loop = () => {
    if (stopped) return;
    void tick().finally(() => {
      if (!stopped) timer = setTimeout(loop, opts.tickMs);
    });
  };
  loop();

  return {
    get running() {
      return inFlight.size;
    },
    async stop(timeoutMs = 10_000) {
      stopped = true;
      if (timer) clearTimeout(timer);
      while (claiming) await new Promise((r) => setTimeout(r, 10));
      await Promise.race([
        Promise.allSettled([...inFlight]),
        new Promise((r) => setTimeout(r, timeoutMs).unref()),
      ]);
    },
  };
}
