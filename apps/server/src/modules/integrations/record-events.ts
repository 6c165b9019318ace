import { withTransaction, type Ctx } from '../../db/context.ts';
import { invalid, notFound } from '../../platform/errors.ts';
import { recordAudit } from '../audit/index.ts';
import { orgOf } from './manage-integrations.ts';
import {
  insertEvents,
  refreshIntegrationHealth,
  selectEventMetrics,
  selectHealthSummary,
  selectIntegration,
  selectRecentEvents,
  type EventWrite,
} from './repository.ts';
import type { RecordEventsInput } from './schemas.ts';

const DAY_MS = 86_400_000;

/**
 * Records a batch of call and webhook-delivery events of one integration and refreshes its
 * 24-hour figures. Events may be up to 24 hours old (the window the figures cover).
 */
export async function recordIntegrationEvents({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { id: string; body: RecordEventsInput };
}) {
  const now = Date.now();
  const events: EventWrite[] = input.body.events.map((e, i) => {
    const at = e.occurred_at ? new Date(e.occurred_at) : new Date(now);
    if (at.getTime() < now - DAY_MS || at.getTime() > now + 5 * 60_000) {
      throw invalid(`events[${i}].occurred_at must be within the last 24 hours`);
    }
    return {
      occurred_at: at,
      event_type: e.event_type,
      direction: e.direction,
      endpoint: e.endpoint ?? null,
      method: e.method ?? null,
      status_code: e.status_code ?? null,
      success: e.success,
      response_time: e.response_time ?? null,
      retry_count: e.retry_count ?? 0,
      error_message: e.error_message ?? null,
      request_payload: e.request_payload ?? null,
      response_payload: e.response_payload ?? null,
    };
  });
  return withTransaction(ctx, async (tx) => {
    const integration = await selectIntegration(tx, orgOf(ctx), input.id, true);
    if (!integration) throw notFound('Integration');
    await insertEvents(tx, orgOf(ctx), input.id, events);
    const rl = input.body.rate_limit;
    await refreshIntegrationHealth(
      tx,
      orgOf(ctx),
      input.id,
      rl
        ? {
            quota: rl.quota,
            remaining: rl.remaining,
            resetAt: rl.reset_at ? new Date(rl.reset_at) : undefined,
          }
        : null,
    );
    await recordAudit(tx, {
      action: 'integration_event.record',
      actionType: 'create',
      resourceType: 'integration',
      resourceId: input.id,
      resourceName: integration.name,
      severity: 'debug',
      metadata: { count: events.length },
    });
    return { accepted: events.length };
  });
}

/** A monitor probing an integration: its result becomes an outbound api-call event. */
export async function recordIntegrationProbe(
  ctx: Ctx,
  p: {
    orgId: string;
    integrationId: string;
    outcome: {
      status: string;
      responseTime: number | null;
      statusCode?: number | null;
      error?: string | null;
    };
    occurredAt: Date;
    endpoint: string | null;
  },
): Promise<void> {
  await withTransaction(ctx, async (tx) => {
    const integration = await selectIntegration(tx, p.orgId, p.integrationId);
    if (!integration) return;
    await insertEvents(tx, p.orgId, p.integrationId, [
      {
        occurred_at: p.occurredAt,
        event_type: 'api-call',
        direction: 'outbound',
        endpoint: p.endpoint,
        method: null,
        status_code: p.outcome.statusCode ?? null,
        success: p.outcome.status === 'healthy' || p.outcome.status === 'degraded',
        response_time: p.outcome.responseTime,
        retry_count: 0,
        error_message: p.outcome.error ?? null,
        request_payload: { probe: true },
        response_payload: null,
      },
    ]);
    await refreshIntegrationHealth(tx, p.orgId, p.integrationId, null);
  });
}

export async function getIntegrationHealthSummary({ ctx }: { ctx: Ctx }) {
  return { items: await withTransaction(ctx, (tx) => selectHealthSummary(tx, orgOf(ctx))) };
}

export async function getIntegrationEventMetrics({ ctx }: { ctx: Ctx }) {
  return { items: await withTransaction(ctx, (tx) => selectEventMetrics(tx, orgOf(ctx))) };
}

export async function listIntegrationEvents({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { id: string; limit: number };
}) {
  return {
    items: await withTransaction(ctx, (tx) =>
      selectRecentEvents(tx, orgOf(ctx), input.id, input.limit),
    ),
  };
}
