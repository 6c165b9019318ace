import { systemCtx, withTransaction, type Ctx } from '../../db/context.ts';
import { sha256 } from '../../lib/crypto.ts';
import { notFound } from '../../platform/errors.ts';
import { recordAudit } from '../audit/index.ts';
import { recordCheck } from './check/record-check.ts';
import { findByHeartbeatToken } from './check/repository.ts';
import { runCheck } from './check/run-check.ts';
import { orgOf } from './manage-monitors.ts';
import { selectMonitor, selectMonitorSecrets } from './repository.ts';

/** "Test now": runs one attempt at once, records it like a scheduled check and returns it. */
export async function testMonitor({
  ctx,
  input,
  secretKey,
}: {
  ctx: Ctx;
  input: { id: string };
  secretKey: Buffer;
}) {
  const m = await withTransaction(ctx, async (tx) => {
    const row = await selectMonitor(tx, orgOf(ctx), input.id);
    return row
      ? { ...row, secrets_enc: await selectMonitorSecrets(tx, orgOf(ctx), input.id) }
      : null;
  });
  if (!m) throw notFound('Monitor');
  const checkedAt = new Date();
  const outcome = await runCheck(m, secretKey);
  return withTransaction(ctx, async (tx) => {
    const recorded = await recordCheck({
      ctx: tx,
      input: { monitorId: m.id, outcome, checkedAt, scheduledAt: null },
    });
    if (!recorded) throw notFound('Monitor');
    await recordAudit(tx, {
      action: 'monitor.test',
      actionType: 'execute',
      resourceType: 'monitor',
      resourceId: m.id,
      resourceName: m.name,
      metadata: { status: recorded.status },
    });
    return {
      status: recorded.status,
      monitor_status: recorded.monitorStatus,
      response_time: outcome.responseTime,
      status_code: outcome.statusCode ?? null,
      error: outcome.error ?? null,
      details: outcome.details ?? {},
    };
  });
}

/**
 * A heartbeat from a monitored job (the public push URL). The token is looked up by its hash;
 * the beat is recorded as a result (healthy, or down when the job reports status=down) and
 * moves the missed-beat deadline one interval on.
 */
export async function pushHeartbeat({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { token: string; status?: 'up' | 'down'; msg?: string; ping?: number };
}) {
  const lookup = systemCtx(ctx.db, 'monitors.push');
  const m = await withTransaction(lookup, (tx) => findByHeartbeatToken(tx, sha256(input.token)));
  if (!m || !m.is_active) throw notFound('Heartbeat monitor');
  const scoped: Ctx = { ...ctx, orgId: m.org_id };
  const down = input.status === 'down';
  return withTransaction(scoped, async (tx) => {
    const recorded = await recordCheck({
      ctx: tx,
      input: {
        monitorId: m.id,
        outcome: {
          status: down ? 'down' : 'healthy',
          responseTime: input.ping ?? null,
          error: down ? (input.msg ?? 'the job reported a failure') : null,
          details: input.msg ? { message: input.msg } : {},
        },
        checkedAt: new Date(),
        scheduledAt: null,
        heartbeat: true,
      },
    });
    if (!recorded) throw notFound('Heartbeat monitor');
    await recordAudit(tx, {
      action: 'monitor.heartbeat',
      actionType: 'execute',
      resourceType: 'monitor',
      resourceId: m.id,
      severity: 'debug',
      orgId: m.org_id,
      metadata: { status: recorded.status },
    });
    return { ok: true as const, status: recorded.status };
  });
}
