import type pino from 'pino';
import { startClaimLoop, type ClaimLoop } from '../../lib/claim-loop.ts';
import type { Db } from '../../db/client.ts';
import { systemCtx, withTransaction } from '../../db/context.ts';
import { recordIntegrationProbe } from '../integrations/index.ts';
import type { CheckOutcome } from './checkers/types.ts';
import { recordCheck } from './check/record-check.ts';
import { claimDueMonitors, type ClaimedMonitor } from './check/repository.ts';
import { runCheck } from './check/run-check.ts';

export interface MonitorSchedulerOptions {
  db: Db;
  secretKey: Buffer;
  log: pino.Logger;
  /** Checks in flight at once in this process (each holds a slot until it settles). */
  concurrency?: number;
  /** How often due monitors are claimed. */
  tickMs?: number;
  /** Called after each recorded check (tests and the benchmark count with it). */
  onChecked?: (c: CheckedInfo) => void;
}

export interface CheckedInfo {
  monitorId: string;
  slot: Date;
  startedAt: Date;
  delayMs: number;
  outcome: CheckOutcome;
}

export type MonitorScheduler = ClaimLoop;

/**
 * The check scheduler of a worker process. Every tick it claims as many due monitors as it has
 * free slots (claimDueMonitors: FOR UPDATE SKIP LOCKED plus a moved next_check_at, so processes
 * sharing the database never get the same slot) and starts each check on its own; a slow or
 * hanging target occupies one slot up to its timeout and delays no other monitor (the shared
 * claim loop of lib/claim-loop.ts).
 */
export function startMonitorScheduler(opts: MonitorSchedulerOptions): MonitorScheduler {
  const concurrency = opts.concurrency ?? 200;
  const tickMs = opts.tickMs ?? 1000;
  const ctx = systemCtx(opts.db, 'monitors.scheduler');
  async function check(m: ClaimedMonitor): Promise<void> {
    const startedAt = new Date();
    const outcome = await runCheck(m, opts.secretKey);
    const recorded = await recordCheck({
      ctx,
      input: { monitorId: m.id, outcome, checkedAt: startedAt, scheduledAt: m.slot },
    });
    const integrationId = (m.config as { integrationId?: string }).integrationId;
    if (recorded && integrationId) {
      await recordIntegrationProbe(ctx, {
        orgId: m.org_id,
        integrationId,
        outcome,
        occurredAt: startedAt,
        endpoint: m.health_check_url,
      });
    }
    opts.onChecked?.({
      monitorId: m.id,
      slot: m.slot,
      startedAt,
      delayMs: startedAt.getTime() - m.slot.getTime(),
      outcome,
    });
  }

  return startClaimLoop<ClaimedMonitor>({
    concurrency,
    tickMs,
    claim: (free) => withTransaction(ctx, (tx) => claimDueMonitors(tx, free)),
    run: check,
    onError: (err, m) =>
      m
        ? opts.log.error({ err, monitor_id: m.id }, 'monitor check failed')
        : opts.log.error({ err }, 'monitor claim failed'),
  });
}
