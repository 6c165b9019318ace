import { withTransaction, type Ctx } from '../../db/context.ts';
import { conflict, invalid, notFound } from '../../platform/errors.ts';
import { recordAudit } from '../audit/index.ts';
import {
  deleteRow,
  insertIncidentUpdate,
  insertRow,
  replacePageMonitors,
  replaceWindowMonitors,
  selectRelated,
  selectRow,
  selectRows,
  updateRow,
  type Entity,
  type PageMonitor,
} from './repository.ts';

const orgOf = (ctx: Ctx) => {
  if (!ctx.orgId) throw new Error('no organization');
  return ctx.orgId;
};
const userOf = (ctx: Ctx) =>
  ctx.actor.type === 'user' || ctx.actor.type === 'api_key' ? ctx.actor.userId : null;
const NAMES: Record<Entity, { resource: string; label: string }> = {
  status_pages: { resource: 'status_page', label: 'Status page' },
  incidents: { resource: 'incident', label: 'Incident' },
  maintenance_windows: { resource: 'maintenance_window', label: 'Maintenance window' },
};

function dbError(err: unknown): never {
  const code = (err as { code?: string }).code;
  if (code === '23505') throw conflict('a status page with this slug exists');
  if (code === '23514')
    throw invalid('the values are inconsistent (check times, statuses and slug format)');
  if (code === '23503') throw invalid('a referenced status page does not exist');
  throw err;
}

/** Creates a status page, incident or maintenance window (with its monitors), audited. */
export async function createEntity({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { table: Entity; values: Record<string, unknown>; monitors?: unknown[] };
}) {
  const n = NAMES[input.table];
  return withTransaction(ctx, async (tx) => {
    const values = { ...input.values };
    if (input.table === 'incidents' && values.status === 'resolved')
      values.resolved_at ??= new Date();
    const row = await insertRow(tx, input.table, orgOf(ctx), userOf(ctx), values).catch(dbError);
    await setMonitors(tx, input.table, row.id, input.monitors);
    await recordAudit(tx, {
      action: `${n.resource}.create`,
      resourceType: n.resource,
      resourceId: row.id,
      after: row,
    });
    return row;
  });
}

async function setMonitors(ctx: Ctx, table: Entity, id: string, monitors: unknown[] | undefined) {
  if (monitors === undefined) return;
  if (table === 'status_pages')
    await replacePageMonitors(ctx, orgOf(ctx), id, monitors as PageMonitor[]);
  if (table === 'maintenance_windows')
    await replaceWindowMonitors(ctx, orgOf(ctx), id, monitors as string[]);
}

export async function updateEntity({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { table: Entity; id: string; values: Record<string, unknown>; monitors?: unknown[] };
}) {
  const n = NAMES[input.table];
  return withTransaction(ctx, async (tx) => {
    const before = await selectRow(tx, input.table, orgOf(ctx), input.id);
    if (!before) throw notFound(n.label);
    const values = { ...input.values };
    if (input.table === 'incidents' && values.status !== undefined) {
      values.resolved_at = values.status === 'resolved' ? (before.resolved_at ?? new Date()) : null;
    }
    const row = await updateRow(tx, input.table, orgOf(ctx), input.id, values).catch(dbError);
    await setMonitors(tx, input.table, input.id, input.monitors);
    await recordAudit(tx, {
      action: `${n.resource}.update`,
      resourceType: n.resource,
      resourceId: input.id,
      before,
      after: row ?? null,
    });
    return row!;
  });
}

export async function deleteEntity({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { table: Entity; id: string };
}) {
  const n = NAMES[input.table];
  await withTransaction(ctx, async (tx) => {
    const before = await selectRow(tx, input.table, orgOf(ctx), input.id);
    if (!before || !(await deleteRow(tx, input.table, orgOf(ctx), input.id)))
      throw notFound(n.label);
    await recordAudit(tx, {
      action: `${n.resource}.delete`,
      resourceType: n.resource,
      resourceId: input.id,
      before,
    });
  });
}

export async function getEntity({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { table: Entity; id: string };
}) {
  const row = await withTransaction(ctx, async (tx) => {
    const r = await selectRow(tx, input.table, orgOf(ctx), input.id);
    return r && { ...r, ...(await selectRelated(tx, input.table, orgOf(ctx), input.id)) };
  });
  if (!row) throw notFound(NAMES[input.table].label);
  return row;
}

export async function listEntities({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { table: Entity; limit: number; offset: number };
}) {
  return {
    items: await withTransaction(ctx, (tx) =>
      selectRows(tx, input.table, orgOf(ctx), input.limit, input.offset),
    ),
  };
}

/** Posts an update to an incident; the incident takes the update's status. */
export async function addIncidentUpdate({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { id: string; status: string; message: string };
}) {
  return withTransaction(ctx, async (tx) => {
    const incident = await selectRow(tx, 'incidents', orgOf(ctx), input.id);
    if (!incident) throw notFound('Incident');
    const row = await insertIncidentUpdate(tx, orgOf(ctx), input.id, userOf(ctx), input);
    await recordAudit(tx, {
      action: 'incident_update.create',
      resourceType: 'incident',
      resourceId: input.id,
      resourceName: String(incident.title),
      after: { ...row },
    });
    return row;
  });
}
