import { withTransaction, type Ctx } from '../../db/context.ts';
import { encryptSecret, randomToken, sha256 } from '../../lib/crypto.ts';
import { invalid, notFound } from '../../platform/errors.ts';
import { recordAudit } from '../audit/index.ts';
import { checkerFor } from './checkers/registry.ts';
import type { MonitorConfig } from './checkers/types.ts';
import { SECRETS_AAD } from './check/run-check.ts';
import {
  deleteMonitorRow,
  insertMonitor,
  selectMonitor,
  selectMonitors,
  serviceExists,
  updateMonitorRow,
  type MonitorRow,
  type MonitorWrite,
} from './repository.ts';
import type { CreateMonitorInput, UpdateMonitorInput } from './schemas.ts';

export const orgOf = (ctx: Ctx): string => {
  if (!ctx.orgId) throw new Error('no organization');
  return ctx.orgId;
};
const userOf = (ctx: Ctx) =>
  ctx.actor.type === 'user' || ctx.actor.type === 'api_key' ? ctx.actor.userId : null;

export type MonitorView = Omit<MonitorRow, 'org_id' | 'health_check_url'> & {
  url: string | null;
  push_url?: string;
};

export function toView(row: MonitorRow): MonitorView {
  const { org_id: _org, health_check_url, ...rest } = row;
  return { ...rest, url: health_check_url };
}

/** Checks a monitor's settings as a whole (the schema checks each field). */
function validate(
  kind: string,
  m: { url: string | null; interval: number; timeout: number; config: MonitorConfig },
) {
  if (m.timeout >= m.interval) throw invalid('timeout must be shorter than check_interval');
  if (kind !== 'heartbeat' && !m.url) throw invalid(`a ${kind} monitor needs a url`);
  if (kind === 'keyword' && m.config.keyword === undefined)
    throw invalid('a keyword monitor needs config.keyword');
  if (kind === 'json-query' && m.config.jsonPath === undefined)
    throw invalid('a json-query monitor needs config.jsonPath');
  const problem = checkerFor(kind)?.validate?.(m.url, m.config);
  if (problem) throw invalid(problem);
}

async function checkService(ctx: Ctx, id: string | null | undefined) {
  if (id && !(await serviceExists(ctx, orgOf(ctx), id)))
    throw invalid('service_id names no service');
}

export async function createMonitor({
  ctx,
  input,
  secretKey,
  publicUrl,
}: {
  ctx: Ctx;
  input: CreateMonitorInput;
  secretKey: Buffer;
  publicUrl: string;
}): Promise<MonitorView> {
  const interval = input.check_interval ?? 300;
  const timeout = input.timeout ?? Math.min(30, interval - 1);
  const config = (input.config ?? {}) as MonitorConfig;
  const url = input.kind === 'heartbeat' ? null : (input.url ?? null);
  validate(input.kind, { url, interval, timeout, config });
  const token = input.kind === 'heartbeat' ? randomToken(24) : null;
  const active = input.is_active ?? true;
  const write: MonitorWrite = {
    name: input.name,
    description: input.description ?? null,
    kind: input.kind,
    health_check_url: url,
    service_id: input.service_id ?? null,
    check_interval: interval,
    timeout,
    retry_count: input.retry_count ?? 3,
    retry_interval: input.retry_interval ?? 60,
    config: config as Record<string, unknown>,
    secrets_enc: input.secrets
      ? encryptSecret(secretKey, JSON.stringify(input.secrets), SECRETS_AAD)
      : null,
    heartbeat_token_hash: token ? sha256(token) : null,
    is_active: active,
    tags: input.tags ?? [],
    // A new check runs at once; a heartbeat is first due one interval from now.
    next_check_at: active ? new Date(Date.now() + (token ? interval * 1000 : 0)) : null,
  };
  return withTransaction(ctx, async (tx) => {
    await checkService(tx, input.service_id);
    const row = await insertMonitor(tx, orgOf(ctx), userOf(ctx), write);
    await recordAudit(tx, {
      action: 'monitor.create',
      resourceType: 'monitor',
      resourceId: row.id,
      resourceName: row.name,
      after: { ...toView(row) },
    });
    return { ...toView(row), ...(token ? { push_url: `${publicUrl}/api/push/${token}` } : {}) };
  });
}

export async function updateMonitor({
  ctx,
  input,
  secretKey,
}: {
  ctx: Ctx;
  input: { id: string; patch: UpdateMonitorInput };
  secretKey: Buffer;
}): Promise<MonitorView> {
  const p = input.patch;
  return withTransaction(ctx, async (tx) => {
    const before = await selectMonitor(tx, orgOf(ctx), input.id, true);
    if (!before) throw notFound('Monitor');
    const config = (p.config ?? before.config) as MonitorConfig;
    const url =
      before.kind === 'heartbeat' ? null : p.url !== undefined ? p.url : before.health_check_url;
    validate(before.kind, {
      url,
      interval: p.check_interval ?? before.check_interval,
      timeout: p.timeout ?? before.timeout,
      config,
    });
    await checkService(tx, p.service_id);
    const reactivated = p.is_active === true && !before.is_active;
    const row = await updateMonitorRow(tx, orgOf(ctx), input.id, {
      name: p.name,
      description: p.description,
      health_check_url: p.url !== undefined ? url : undefined,
      service_id: p.service_id,
      check_interval: p.check_interval,
      timeout: p.timeout,
      retry_count: p.retry_count,
      retry_interval: p.retry_interval,
      config: p.config as Record<string, unknown> | undefined,
      secrets_enc:
        p.secrets === undefined
          ? undefined
          : p.secrets === null
            ? null
            : encryptSecret(secretKey, JSON.stringify(p.secrets), SECRETS_AAD),
      is_active: p.is_active,
      tags: p.tags,
      next_check_at: p.is_active === false ? null : reactivated ? new Date() : undefined,
    });
    await recordAudit(tx, {
      action: 'monitor.update',
      resourceType: 'monitor',
      resourceId: input.id,
      resourceName: before.name,
      before: { ...toView(before) },
      after: { ...toView(row!) },
    });
    return toView(row!);
  });
}

export async function deleteMonitor({ ctx, input }: { ctx: Ctx; input: { id: string } }) {
  await withTransaction(ctx, async (tx) => {
    const before = await selectMonitor(tx, orgOf(ctx), input.id, true);
    if (!before || !(await deleteMonitorRow(tx, orgOf(ctx), input.id))) throw notFound('Monitor');
    await recordAudit(tx, {
      action: 'monitor.delete',
      resourceType: 'monitor',
      resourceId: input.id,
      resourceName: before.name,
      before: { ...toView(before) },
    });
  });
}

export async function getMonitor({ ctx, input }: { ctx: Ctx; input: { id: string } }) {
  const row = await withTransaction(ctx, (tx) => selectMonitor(tx, orgOf(ctx), input.id));
  if (!row) throw notFound('Monitor');
  return toView(row);
}

export async function listMonitors({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { status?: string; kind?: string; service_id?: string; limit: number; offset: number };
}) {
  const items = await withTransaction(ctx, (tx) =>
    selectMonitors(tx, orgOf(ctx), {
      status: input.status,
      kind: input.kind,
      serviceId: input.service_id,
      limit: input.limit,
      offset: input.offset,
    }),
  );
  return { items: items.map(toView) };
}
