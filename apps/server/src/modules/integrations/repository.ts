import { sql, type RawBuilder } from 'kysely';
import { txOf, type Ctx } from '../../db/context.ts';

async function rows<T>(ctx: Ctx, query: RawBuilder<T>): Promise<T[]> {
  return (await query.execute(txOf(ctx))).rows;
}

export interface IntegrationRow {
  id: string;
  name: string;
  integration_type: string;
  service_id: string | null;
  status: string;
  endpoint_url: string | null;
  api_version: string | null;
  last_check: Date | null;
  last_success: Date | null;
  configured_at: Date;
  success_rate_24h: number | null;
  avg_response_time: number | null;
  rate_limit_quota: number | null;
  rate_limit_remaining: number | null;
  rate_limit_reset: Date | null;
  error_count_24h: number;
  webhook_url: string | null;
  settings: Record<string, unknown>;
  is_active: boolean;
  created_at: Date;
  updated_at: Date;
}

const COLUMNS = sql`id, name, integration_type, service_id, status, endpoint_url, api_version, last_check,
  last_success, configured_at, success_rate_24h, avg_response_time, rate_limit_quota, rate_limit_remaining,
  rate_limit_reset, error_count_24h, webhook_url, settings, is_active, created_at, updated_at`;

export interface IntegrationWrite {
  name?: string;
  integration_type?: string;
  service_id?: string | null;
  endpoint_url?: string | null;
  api_version?: string | null;
  webhook_url?: string | null;
  webhook_secret_enc?: string | null;
  settings?: Record<string, unknown>;
  is_active?: boolean;
  rate_limit_quota?: number | null;
}

const WRITABLE = [
  'name',
  'integration_type',
  'service_id',
  'endpoint_url',
  'api_version',
  'webhook_url',
  'webhook_secret_enc',
  'settings',
  'is_active',
  'rate_limit_quota',
] as const;

const val = (c: (typeof WRITABLE)[number], w: IntegrationWrite) =>
  c === 'settings' ? JSON.stringify(w[c]) : w[c];

export async function insertIntegration(ctx: Ctx, orgId: string, w: IntegrationWrite) {
  const cols = WRITABLE.filter((c) => w[c] !== undefined);
  const [row] = await rows(
    ctx,
    sql<IntegrationRow>`INSERT INTO integrations (org_id, ${sql.join(cols.map((c) => sql.ref(c)))})
      VALUES (${orgId}, ${sql.join(cols.map((c) => sql`${val(c, w)}`))}) RETURNING ${COLUMNS}`,
  );
  return row!;
}

export async function updateIntegrationRow(
  ctx: Ctx,
  orgId: string,
  id: string,
  w: IntegrationWrite,
) {
  const cols = WRITABLE.filter((c) => w[c] !== undefined);
  if (!cols.length) return selectIntegration(ctx, orgId, id);
  const [row] = await rows(
    ctx,
    sql<IntegrationRow>`UPDATE integrations SET ${sql.join(cols.map((c) => sql`${sql.ref(c)} = ${val(c, w)}`))}
      WHERE org_id = ${orgId} AND id = ${id} RETURNING ${COLUMNS}`,
  );
  return row;
}

export async function selectIntegration(ctx: Ctx, orgId: string, id: string, lock = false) {
  const [row] = await rows(
    ctx,
    sql<IntegrationRow>`SELECT ${COLUMNS} FROM integrations WHERE org_id = ${orgId} AND id = ${id}
      ${lock ? sql`FOR UPDATE` : sql``}`,
  );
  return row;
}

export async function selectIntegrations(ctx: Ctx, orgId: string, limit: number, offset: number) {
  return rows(
    ctx,
    sql<IntegrationRow>`SELECT ${COLUMNS} FROM integrations WHERE org_id = ${orgId}
      ORDER BY name, id LIMIT ${limit} OFFSET ${offset}`,
  );
}

export async function deleteIntegrationRow(ctx: Ctx, orgId: string, id: string) {
  const r = await sql`DELETE FROM integrations WHERE org_id = ${orgId} AND id = ${id}`.execute(
    txOf(ctx),
  );
  return Number(r.numAffectedRows ?? 0) > 0;
}

export interface EventWrite {
  occurred_at: Date;
  event_type: string;
  direction: string;
  endpoint: string | null;
  method: string | null;
  status_code: number | null;
  success: boolean;
  response_time: number | null;
  retry_count: number;
  error_message: string | null;
  request_payload: unknown;
  response_payload: unknown;
}

/** Inserts a batch with one statement (unnest of column arrays). */
export async function insertEvents(
  ctx: Ctx,
  orgId: string,
  integrationId: string,
  ev: EventWrite[],
) {
  const col = <K extends keyof EventWrite>(k: K) => ev.map((e) => e[k]);
  const js = (k: 'request_payload' | 'response_payload') =>
    ev.map((e) => (e[k] === undefined || e[k] === null ? null : JSON.stringify(e[k])));
  await sql`INSERT INTO integration_events (org_id, integration_id, occurred_at, event_type, direction, endpoint,
      method, status_code, success, response_time, retry_count, error_message, request_payload, response_payload)
    SELECT ${orgId}, ${integrationId}, * FROM unnest(${col('occurred_at')}::timestamptz[], ${col('event_type')}::text[],
      ${col('direction')}::text[], ${col('endpoint')}::text[], ${col('method')}::text[], ${col('status_code')}::int[],
      ${col('success')}::bool[], ${col('response_time')}::int[], ${col('retry_count')}::int[],
      ${col('error_message')}::text[], ${js('request_payload')}::jsonb[], ${js('response_payload')}::jsonb[])`.execute(
    txOf(ctx),
  );
}

/**
 * Recomputes an integration's 24-hour figures from its events: success rate, average response
 * time, error count, last success; status healthy at >= 99 % success, degraded at >= 90 %,
 * down below, unknown without events. Rate-limit figures are set when given.
 */
export async function refreshIntegrationHealth(
  ctx: Ctx,
  orgId: string,
  id: string,
  rateLimit: { quota?: number; remaining?: number; resetAt?: Date } | null,
) {
  await sql`UPDATE integrations i SET
      success_rate_24h = a.rate, avg_response_time = a.avg_rt, error_count_24h = a.errors,
      last_check = COALESCE(a.last_at, i.last_check), last_success = COALESCE(a.last_ok, i.last_success),
      status = CASE WHEN a.total = 0 THEN 'unknown' WHEN a.rate >= 99 THEN 'healthy'
                    WHEN a.rate >= 90 THEN 'degraded' ELSE 'down' END,
      rate_limit_quota = COALESCE(${rateLimit?.quota ?? null}::int, i.rate_limit_quota),
      rate_limit_remaining = COALESCE(${rateLimit?.remaining ?? null}::int, i.rate_limit_remaining),
      rate_limit_reset = COALESCE(${rateLimit?.resetAt ?? null}::timestamptz, i.rate_limit_reset)
    FROM (SELECT count(*)::int AS total,
            round(100.0 * count(*) FILTER (WHERE success) / NULLIF(count(*), 0), 2) AS rate,
            round(avg(response_time))::int AS avg_rt,
            count(*) FILTER (WHERE NOT success)::int AS errors,
            max(occurred_at) AS last_at, max(occurred_at) FILTER (WHERE success) AS last_ok
          FROM integration_events
          WHERE org_id = ${orgId} AND integration_id = ${id} AND occurred_at >= now() - interval '24 hours') a
    WHERE i.org_id = ${orgId} AND i.id = ${id}`.execute(txOf(ctx));
}

/** Seed 001 section 5.6, integration health summary. */
export async function selectHealthSummary(ctx: Ctx, orgId: string) {
  return rows(
    ctx,
    sql<{
      id: string;
      name: string;
      integration_type: string;
      status: string;
      success_rate_24h: number | null;
      avg_response_time: number | null;
      error_count_24h: number;
      errors_last_hour: number;
      rate_limit_quota: number | null;
      rate_limit_remaining: number | null;
    }>`SELECT i.id, i.name, i.integration_type, i.status, i.success_rate_24h, i.avg_response_time,
        i.error_count_24h, i.rate_limit_quota, i.rate_limit_remaining,
        count(e.id) FILTER (WHERE e.occurred_at >= now() - interval '1 hour')::int AS errors_last_hour
      FROM integrations i
      LEFT JOIN integration_events e ON e.org_id = i.org_id AND e.integration_id = i.id AND NOT e.success
        AND e.occurred_at >= now() - interval '24 hours'
      WHERE i.org_id = ${orgId}
      GROUP BY i.id ORDER BY i.error_count_24h DESC, i.name`,
  );
}

/** Seed 001 section 5.6, event metrics per integration and event type over 24 hours. */
export async function selectEventMetrics(ctx: Ctx, orgId: string) {
  return rows(
    ctx,
    sql<{
      integration_id: string;
      name: string;
      event_type: string;
      total_events: number;
      successful_events: number;
      success_rate: number;
      avg_response_time_ms: number | null;
    }>`SELECT i.id AS integration_id, i.name, e.event_type, count(*)::int AS total_events,
        count(*) FILTER (WHERE e.success)::int AS successful_events,
        round(count(*) FILTER (WHERE e.success)::numeric / count(*) * 100, 2) AS success_rate,
        round(avg(e.response_time), 2) AS avg_response_time_ms
      FROM integration_events e JOIN integrations i ON i.id = e.integration_id
      WHERE e.org_id = ${orgId} AND e.occurred_at >= now() - interval '24 hours'
      GROUP BY i.id, i.name, e.event_type ORDER BY total_events DESC, i.name`,
  );
}

export async function selectRecentEvents(ctx: Ctx, orgId: string, id: string, limit: number) {
  return rows(
    ctx,
    sql<
      EventWrite & { id: string }
    >`SELECT id, occurred_at, event_type, direction, endpoint, method, status_code,
        success, response_time, retry_count, error_message, request_payload, response_payload
      FROM integration_events WHERE org_id = ${orgId} AND integration_id = ${id}
        AND occurred_at >= now() - interval '30 days'
      ORDER BY occurred_at DESC LIMIT ${limit}`,
  );
}
