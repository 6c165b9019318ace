import type pg from 'pg';
import type pino from 'pino';
import type { Db } from '../../../db/client.ts';
import { systemCtx, withTransaction } from '../../../db/context.ts';
import { SeriesResolver } from '../series-resolver.ts';
import { directSampleSink } from './direct-sink.ts';
import { claimDueTargets, recordScrapeOutcome, type ClaimedTarget } from './repository.ts';
import { runScrape, type ScrapeLimits, type ScrapeReport } from './run-scrape.ts';
import { scrapeRequestOf } from './scrape-now.ts';

export interface ScrapeSchedulerOptions {
  db: Db;
  pool: pg.Pool;
  secretKey: Buffer;
  log: pino.Logger;
  limits: ScrapeLimits;
  /** Scrapes in flight at once in this process. */
  concurrency?: number;
  /** How often due targets are claimed. */
  tickMs?: number;
  /** Called after each stored scrape (tests count with it). */
  onScraped?: (targetId: string, report: ScrapeReport) => void;
}

export interface ScrapeScheduler {
  readonly running: number;
  stop(timeoutMs?: number): Promise<void>;
}

/**
 * The scrape scheduler of a worker process, shaped like the monitor scheduler (ADR 0008): each
 * tick claims as many due targets as it has free slots (SKIP LOCKED, next_scrape_at moved in
 * the same statement, so processes sharing the database never scrape the same slot twice) and
 * runs each scrape on its own, bounded by the target's timeout.
 */
export function startScrapeScheduler(opts: ScrapeSchedulerOptions): ScrapeScheduler {
  const concurrency = opts.concurrency ?? 50;
  const tickMs = opts.tickMs ?? 1000;
  const ctx = systemCtx(opts.db, 'scrape.scheduler');
  const sink = directSampleSink(opts.pool, opts.log);
  const resolver = new SeriesResolver(opts.pool);
  const inFlight = new Set<Promise<void>>();
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let claiming = false;

  async function scrape(t: ClaimedTarget): Promise<void> {
    const at = new Date();
    let report: ScrapeReport;
    if (t.project_id === null) {
      report = {
        up: false,
        duration_ms: 0,
        samples: 0,
        families: 0,
        content_type: null,
        error: 'the organization has no project',
      };
    } else {
      const req = scrapeRequestOf(t, Number(t.project_id), opts.secretKey);
      report = await runScrape(sink, resolver, req, opts.limits);
    }
    await withTransaction(ctx, (tx) =>
      recordScrapeOutcome(tx, t.id, {
        at,
        durationMs: report.duration_ms,
        samples: report.samples,
        error: report.error,
      }),
    );
    opts.onScraped?.(t.id, report);
  }

  async function tick(): Promise<void> {
    if (stopped || claiming) return;
    claiming = true;
    try {
      for (;;) {
        const free = concurrency - inFlight.size;
        if (free <= 0 || stopped) break;
        const claimed = await withTransaction(ctx, (tx) => claimDueTargets(tx, free));
        for (const t of claimed) {
          const p: Promise<void> = scrape(t)
            .catch((err: unknown) =>
              opts.log.error({ err, scrape_target_id: t.id }, 'scrape failed'),
            )
            .finally(() => inFlight.delete(p));
          inFlight.add(p);
        }
        if (claimed.length < free) break;
      }
    } catch (err) {
      opts.log.error({ err }, 'scrape target claim failed');
    } finally {
      claiming = false;
    }
  }

  const loop = () => {
    if (stopped) return;
    void tick().finally(() => {
      if (!stopped) timer = setTimeout(loop, tickMs);
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
