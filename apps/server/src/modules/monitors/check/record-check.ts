import { withTransaction, type Ctx } from '../../../db/context.ts';
import type { CheckOutcome } from '../checkers/types.ts';
import { evaluateOutcome, type ResultStatus } from '../evaluate.ts';
import { publishMonitorEvents, type MonitorEvent } from '../events.ts';
import { classifyResult, uptimePercent, windowStart } from '../uptime/uptime.ts';
import {
  insertEvent,
  insertResult,
  lockMonitorState,
  refreshServiceHealth,
  selectUptimeCounts,
  setUptime,
  updateMonitorAfterCheck,
  type EventWrite,
} from './repository.ts';

export interface RecordCheckInput {
  monitorId: string;
  outcome: CheckOutcome;
  checkedAt: Date;
  scheduledAt: Date | null;
  attempt?: number;
  /** A heartbeat push: the next check (the missed-beat deadline) moves one interval on. */
  heartbeat?: boolean;
}

export interface RecordedCheck {
  orgId: string;
  status: ResultStatus;
  monitorStatus: string;
  inMaintenance: boolean;
  events: MonitorEvent[];
}

/**
 * Records one check's outcome in one transaction: the result and its buckets, the monitor's
 * state by the retry rule, status-change and certificate events, the uptime figures and the
 * service's health. Returns null when the monitor was deleted while its check ran.
 */
export async function recordCheck({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: RecordCheckInput;
}): Promise<RecordedCheck | null> {
  const recorded = await withTransaction(ctx, async (tx) => {
    const state = await lockMonitorState(tx, input.monitorId);
    if (!state) return null;
    const ev = evaluateOutcome(
      {
        status: state.status,
        consecutiveFailures: state.consecutive_failures,
        retryCount: state.retry_count,
        checkInterval: state.check_interval,
        retryInterval: state.retry_interval,
      },
      input.outcome.status,
    );
    const { outcome, checkedAt } = input;
    const counted = classifyResult(ev.resultStatus, state.in_maintenance);
    await insertResult(
      tx,
      {
        monitorId: input.monitorId,
        orgId: state.org_id,
        checkedAt,
        scheduledAt: input.scheduledAt,
        status: ev.resultStatus,
        responseTime: outcome.responseTime,
        statusCode: outcome.statusCode ?? null,
        attempt: input.attempt ?? ev.consecutiveFailures + 1,
        error: outcome.error ?? null,
        details: outcome.details ?? null,
        inMaintenance: state.in_maintenance,
      },
      counted,
    );

    const writes: EventWrite[] = [];
    const base = { orgId: state.org_id, monitorId: input.monitorId, occurredAt: checkedAt };
    if (ev.changed) {
      writes.push({
        ...base,
        kind: 'status_changed',
        fromStatus: state.status,
        toStatus: ev.status,
        message: `${state.name} is ${ev.status}${outcome.error ? `: ${outcome.error}` : ''}`,
        details: { inMaintenance: state.in_maintenance, error: outcome.error ?? null },
      });
    }
    // One certificate event per threshold reached (21, 14, 7 days by default).
    const metrics = { ...state.metrics };
    const warnDays = outcome.details?.tlsWarningDays;
    if (typeof warnDays === 'number' && metrics.tlsWarnedDays !== warnDays) {
      writes.push({
        ...base,
        kind: 'certificate_expiring',
        fromStatus: null,
        toStatus: null,
        message: `${state.name}: TLS certificate expires in ${String(outcome.details?.tlsDaysRemaining)} days`,
        details: { ...outcome.details, inMaintenance: state.in_maintenance },
      });
      metrics.tlsWarnedDays = warnDays;
    } else if (warnDays === undefined && outcome.details?.tlsDaysRemaining !== undefined) {
      delete metrics.tlsWarnedDays; // renewed
    }

    const retrying = ev.resultStatus === 'pending';
    await updateMonitorAfterCheck(tx, input.monitorId, {
      status: ev.status,
      changed: ev.changed,
      consecutiveFailures: ev.consecutiveFailures,
      checkedAt,
      responseTime: outcome.responseTime,
      error: outcome.error ?? null,
      nextCheckAt:
        retrying || input.heartbeat ? new Date(Date.now() + ev.nextCheckInSeconds * 1000) : null,
      metrics,
    });
    const events: MonitorEvent[] = [];
    for (const w of writes) {
      const id = await insertEvent(tx, w);
      events.push({ ...w, id, monitorName: state.name });
    }

    const now = new Date();
    const counts = await selectUptimeCounts(tx, input.monitorId, {
      h24: windowStart(now, '24h'),
      d7: windowStart(now, '7d'),
      d30: windowStart(now, '30d'),
      y1: windowStart(now, '1y'),
    });
    const pct = (w: string) => uptimePercent(counts.filter((c) => c.window === w));
    await setUptime(tx, input.monitorId, {
      '24h': pct('24h'),
      '7d': pct('7d'),
      '30d': pct('30d'),
      '1y': pct('1y'),
    });
    if (state.service_id && ev.changed) await refreshServiceHealth(tx, state.service_id);
    return {
      orgId: state.org_id,
      status: ev.resultStatus,
      monitorStatus: ev.status,
      inMaintenance: state.in_maintenance,
      events,
    };
  });
  if (recorded) publishMonitorEvents(recorded.events);
  return recorded;
}
