import { sql, type RawBuilder } from 'kysely';
import { txOf, type Ctx } from '../../db/context.ts';

async function rows<T>(ctx: Ctx, query: RawBuilder<T>): Promise<T[]> {
  return (await query.execute(txOf(ctx))).rows;
}

export type Entity = 'status_pages' | 'incidents' | 'maintenance_windows';
const COLS: Record<Entity, readonly string[]> = {
  status_pages: [
    'slug',
    'title',
    'description',
    'logo_url',
    'footer_text',
    'theme',
    'is_public',
    'show_uptime',
    'is_published',
  ],
  incidents: [
    'status_page_id',
    'title',
    'status',
    'impact',
    'is_public',
    'started_at',
    'resolved_at',
    'postmortem',
  ],
  maintenance_windows: [
    'status_page_id',
    'title',
    'description',
    'starts_at',
    'ends_at',
    'timezone',
    'status',
    'suppress_alerts',
  ],
};
const JSON_COLS = new Set(['theme']);
const v = (c: string, x: unknown) => (JSON_COLS.has(c) ? JSON.stringify(x) : x);

/** Inserts a row of one of the admin entities; column names come from the fixed list above. */
export async function insertRow(
  ctx: Ctx,
  table: Entity,
  orgId: string,
  userId: string | null,
  w: Record<string, unknown>,
) {
  const cols = COLS[table].filter((c) => w[c] !== undefined);
  const [row] = await rows(
    ctx,
    sql<
      Record<string, unknown> & { id: string }
    >`INSERT INTO ${sql.table(table)} (org_id, created_by, ${sql.join(cols.map((c) => sql.ref(c)))})
      VALUES (${orgId}, ${userId}, ${sql.join(cols.map((c) => sql`${v(c, w[c])}`))}) RETURNING *`,
  );
  return row!;
}

export async function updateRow(
  ctx: Ctx,
  table: Entity,
  orgId: string,
  id: string,
  w: Record<string, unknown>,
) {
  const cols = COLS[table].filter((c) => w[c] !== undefined);
  if (!cols.length) return selectRow(ctx, table, orgId, id);
  const [row] = await rows(
    ctx,
    sql<
      Record<string, unknown> & { id: string }
    >`UPDATE ${sql.table(table)} SET ${sql.join(cols.map((c) => sql`${sql.ref(c)} = ${v(c, w[c])}`))}
      WHERE org_id = ${orgId} AND id = ${id} RETURNING *`,
  );
  return row;
}

export async function selectRow(ctx: Ctx, table: Entity, orgId: string, id: string) {
  const [row] = await rows(
    ctx,
    sql<
      Record<string, unknown> & { id: string }
    >`SELECT * FROM ${sql.table(table)} WHERE org_id = ${orgId} AND id = ${id}`,
  );
  return row;
}

export async function selectRows(
  ctx: Ctx,
  table: Entity,
  orgId: string,
  limit: number,
  offset: number,
) {
  const order =
    table === 'status_pages'
      ? sql`slug`
      : table === 'incidents'
        ? sql`started_at DESC`
        : sql`starts_at DESC`;
  return rows(
    ctx,
    sql<
      Record<string, unknown>
    >`SELECT * FROM ${sql.table(table)} WHERE org_id = ${orgId} ORDER BY ${order}, id LIMIT ${limit} OFFSET ${offset}`,
  );
}

export async function deleteRow(ctx: Ctx, table: Entity, orgId: string, id: string) {
  const r =
    await sql`DELETE FROM ${sql.table(table)} WHERE org_id = ${orgId} AND id = ${id}`.execute(
      txOf(ctx),
    );
  return Number(r.numAffectedRows ?? 0) > 0;
}

export interface PageMonitor {
  monitor_id: string;
  display_name?: string | null;
  group_name?: string | null;
  position?: number;
}

export async function replacePageMonitors(
  ctx: Ctx,
  orgId: string,
  pageId: string,
  items: PageMonitor[],
) {
  const tx = txOf(ctx);
  await sql`DELETE FROM status_page_monitors WHERE org_id = ${orgId} AND status_page_id = ${pageId}`.execute(
    tx,
  );
  if (!items.length) return;
  await sql`INSERT INTO status_page_monitors (org_id, status_page_id, monitor_id, display_name, group_name, position)
    SELECT ${orgId}, ${pageId}, m.id, x.display_name, x.group_name, x.position
      FROM unnest(${items.map((i) => i.monitor_id)}::uuid[], ${items.map((i) => i.display_name ?? null)}::text[],
                  ${items.map((i) => i.group_name ?? null)}::text[], ${items.map((i, n) => i.position ?? n)}::int[])
           AS x(monitor_id, display_name, group_name, position)
      JOIN monitors m ON m.id = x.monitor_id AND m.org_id = ${orgId}`.execute(tx);
}

export async function replaceWindowMonitors(
  ctx: Ctx,
  orgId: string,
  windowId: string,
  ids: string[],
) {
  const tx = txOf(ctx);
  await sql`DELETE FROM maintenance_window_monitors WHERE org_id = ${orgId} AND maintenance_window_id = ${windowId}`.execute(
    tx,
  );
  if (!ids.length) return;
  await sql`INSERT INTO maintenance_window_monitors (org_id, maintenance_window_id, monitor_id)
    SELECT ${orgId}, ${windowId}, m.id FROM monitors m WHERE m.org_id = ${orgId} AND m.id = ANY(${ids}::uuid[])`.execute(
    tx,
  );
}

export async function insertIncidentUpdate(
  ctx: Ctx,
  orgId: string,
  incidentId: string,
  userId: string | null,
  u: { status: string; message: string },
) {
  const tx = txOf(ctx);
  const [row] = await rows(
    ctx,
    sql<{
      id: string;
      status: string;
      message: string;
      created_at: Date;
    }>`INSERT INTO incident_updates (org_id, incident_id, status, message, created_by)
      VALUES (${orgId}, ${incidentId}, ${u.status}, ${u.message}, ${userId}) RETURNING id, status, message, created_at`,
  );
  await sql`UPDATE incidents SET status = ${u.status},
      resolved_at = CASE WHEN ${u.status} = 'resolved' THEN COALESCE(resolved_at, now()) ELSE NULL END
    WHERE org_id = ${orgId} AND id = ${incidentId}`.execute(tx);
  return row!;
}

/**
 * What an entity holds besides its own row, for the admin API's GET: a page's monitors (in
 * order), an incident's updates (newest first), a maintenance window's monitor ids.
 */
export async function selectRelated(
  ctx: Ctx,
  table: Entity,
  orgId: string,
  id: string,
): Promise<Record<string, unknown>> {
  if (table === 'status_pages') {
    const monitors = await rows(
      ctx,
      sql`SELECT monitor_id, display_name, group_name, position FROM status_page_monitors
           WHERE org_id = ${orgId} AND status_page_id = ${id} ORDER BY position, monitor_id`,
    );
    return { monitors };
  }
  if (table === 'incidents') {
    const updates = await rows(
      ctx,
      sql`SELECT id, status, message, created_by, created_at FROM incident_updates
           WHERE org_id = ${orgId} AND incident_id = ${id} ORDER BY created_at DESC, id`,
    );
    return { updates };
  }
  const ids = await rows(
    ctx,
    sql<{ monitor_id: string }>`SELECT monitor_id FROM maintenance_window_monitors
         WHERE org_id = ${orgId} AND maintenance_window_id = ${id} ORDER BY monitor_id`,
  );
  return { monitor_ids: ids.map((r) => r.monitor_id) };
}

// Public page ---------------------------------------------------------------------------------

export async function selectPublishedPage(ctx: Ctx, slug: string) {
  const [row] = await rows(
    ctx,
    sql<{
      id: string;
      org_id: string;
      slug: string;
      title: string;
      description: string | null;
      logo_url: string | null;
      footer_text: string | null;
      theme: Record<string, unknown>;
      show_uptime: boolean;
      updated_at: Date;
    }>`SELECT id, org_id, slug, title, description, logo_url, footer_text, theme, show_uptime, updated_at
      FROM status_pages WHERE slug = ${slug} AND is_published AND is_public ORDER BY created_at LIMIT 1`,
  );
  return row;
}

export async function selectPageMonitors(
  ctx: Ctx,
  orgId: string,
  pageId: string,
  monitorId?: string,
) {
  return rows(
    ctx,
    sql<{
      monitor_id: string;
      name: string;
      group_name: string | null;
      status: string;
      uptime_24h: number | null;
      uptime_30d: number | null;
      uptime_1y: number | null;
      last_check: Date | null;
      days: Array<{ day: string; up: number; down: number; avg_response_time: number | null }>;
    }>`SELECT spm.monitor_id,
        COALESCE(spm.display_name, m.name) AS name, spm.group_name, m.status, m.uptime_24h, m.uptime_30d, m.uptime_1y, m.last_check,
        COALESCE((SELECT jsonb_agg(jsonb_build_object('day', d.day, 'up', d.healthy_checks + d.degraded_checks,
                     'down', d.down_checks, 'avg_response_time', d.avg_response_time) ORDER BY d.day)
                    FROM monitor_daily_stats d WHERE d.monitor_id = m.id AND d.day > current_date - 90), '[]') AS days
      FROM status_page_monitors spm JOIN monitors m ON m.id = spm.monitor_id
      WHERE spm.org_id = ${orgId} AND spm.status_page_id = ${pageId}
        ${monitorId ? sql`AND spm.monitor_id = ${monitorId}` : sql``}
      ORDER BY spm.group_name NULLS FIRST, spm.position, name`,
  );
}

export async function selectPageIncidents(ctx: Ctx, orgId: string, pageId: string) {
  return rows(
    ctx,
    sql<{
      id: string;
      title: string;
      status: string;
      impact: string;
      started_at: Date;
      resolved_at: Date | null;
      updated_at: Date;
      updates: Array<{ status: string; message: string; created_at: string }>;
    }>`SELECT i.id, i.title, i.status,
        i.impact, i.started_at, i.resolved_at, i.updated_at,
        COALESCE((SELECT jsonb_agg(jsonb_build_object('status', u.status, 'message', u.message, 'created_at', u.created_at)
                    ORDER BY u.created_at DESC) FROM incident_updates u WHERE u.incident_id = i.id), '[]') AS updates
      FROM incidents i WHERE i.org_id = ${orgId} AND i.status_page_id = ${pageId} AND i.is_public
        AND (i.status <> 'resolved' OR i.started_at > now() - interval '90 days')
      ORDER BY i.started_at DESC LIMIT 50`,
  );
}

export async function selectPageMaintenance(ctx: Ctx, orgId: string, pageId: string) {
  return rows(
    ctx,
    sql<{
      id: string;
      title: string;
      description: string | null;
      starts_at: Date;
      ends_at: Date;
      status: string;
      updated_at: Date;
    }>`SELECT id, title, description, starts_at, ends_at,
        CASE WHEN status = 'cancelled' THEN status WHEN now() >= ends_at THEN 'completed'
             WHEN now() >= starts_at THEN 'in-progress' ELSE 'scheduled' END AS status, updated_at
      FROM maintenance_windows WHERE org_id = ${orgId} AND status_page_id = ${pageId}
        AND ends_at > now() - interval '7 days' AND status <> 'cancelled'
      ORDER BY starts_at LIMIT 50`,
  );
}
