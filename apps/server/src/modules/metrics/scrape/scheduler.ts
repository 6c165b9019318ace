import type pg from 'pg';
import type pino from 'pino';
import type { Db } from '../../../db/client.ts';
import { startClaimLoop, type ClaimLoop } from '../../../lib/claim-loop.ts';
import { systemCtx, withTransaction } from '../../../db/context.ts';
import { seriesResolverFor } from '../series-resolver.ts';
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

export type ScrapeScheduler = ClaimLoop;

const NO_PROJECT: ScrapeReport = {
  up: false,
  duration_ms: 0,
  samples: 0,
  families: 0,
  content_type: null,
  error: 'the organization has no project',
};

/**
 * The scrape scheduler of a worker process, a claim loop like the monitor scheduler's (ADR 0008):
 * each tick claims as many due targets as it has free slots (SKIP LOCKED, next_scrape_at moved
 * in the same statement, so processes sharing the database never scrape the same slot twice)
 * and runs each scrape on its own, bounded by the target's timeout.
 */
export function startScrapeScheduler(opts: ScrapeSchedulerOptions): ScrapeScheduler {
  const ctx = systemCtx(opts.db, 'scrape.scheduler');
  const sink = directSampleSink(opts.pool, opts.log);
  const resolver = seriesResolverFor(opts.pool);

  async function scrape(t: ClaimedTarget): Promise<void> {
    const at = new Date();
    const report: ScrapeReport =
      t.project_id === null
        ? { ...NO_PROJECT }
        : await runScrape(
            sink,
            resolver,
            scrapeRequestOf(t, Number(t.project_id), opts.secretKey),
            opts.limits,
          );
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

  return startClaimLoop<ClaimedTarget>({
    concurrency: opts.concurrency ?? 50,
    tickMs: opts.tickMs ?? 1000,
    claim: (free) => withTransaction(ctx, (tx) => claimDueTargets(tx, free)),
    run: scrape,
    onError: (err, t) =>
      t
        ? opts.log.error({ err, scrape_target_id: t.id }, 'scrape failed')
        : opts.log.error({ err }, 'scrape target claim failed'),
  });
}
