import { systemCtx, withTransaction, type Ctx } from '../../db/context.ts';
import { notFound } from '../../platform/errors.ts';
import { ninetyDayBars, overallStatus, type PublicPage } from './render.ts';
import {
  selectPageIncidents,
  selectPageMaintenance,
  selectPageMonitors,
  selectPublishedPage,
} from './repository.ts';

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

/** A published public status page, as served without sign-in (looked up across organizations by slug). */
export async function getPublicPage({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { slug: string; monitorId?: string };
}): Promise<PublicPage> {
  const sys = systemCtx(ctx.db, 'status-pages.public');
  return withTransaction(sys, async (tx) => {
    const page = await selectPublishedPage(tx, input.slug);
    if (!page) throw notFound('Status page');
    const [monitors, incidents, maintenance] = await Promise.all([
      selectPageMonitors(tx, page.org_id, page.id, input.monitorId),
      selectPageIncidents(tx, page.org_id, page.id),
      selectPageMaintenance(tx, page.org_id, page.id),
    ]);
    const now = new Date();
    const groups = new Map<string | null, PublicPage['groups'][number]>();
    for (const m of monitors) {
      const { bars, uptime90 } = ninetyDayBars(m.days, now);
      const g = groups.get(m.group_name) ?? { name: m.group_name, monitors: [] };
      g.monitors.push({
        id: m.monitor_id,
        name: m.name,
        status: m.status,
        uptime_24h: page.show_uptime ? m.uptime_24h : null,
        uptime_30d: page.show_uptime ? m.uptime_30d : null,
        uptime_90d: page.show_uptime ? uptime90 : null,
        bars: page.show_uptime ? bars : [],
      });
      groups.set(m.group_name, g);
    }
    const stamps = [
      page.updated_at,
      ...incidents.map((i) => i.updated_at),
      ...maintenance.map((w) => w.updated_at),
    ];
    return {
      slug: page.slug,
      title: page.title,
      description: page.description,
      status: overallStatus(
        monitors.map((m) => m.status),
        maintenance.some((w) => w.status === 'in-progress'),
      ),
      updated_at: new Date(Math.max(...stamps.map((d) => new Date(d).getTime()))).toISOString(),
      groups: [...groups.values()],
      incidents: incidents.map((i) => ({
        id: i.id,
        title: i.title,
        status: i.status,
        impact: i.impact,
        started_at: iso(i.started_at)!,
        resolved_at: iso(i.resolved_at),
        updates: i.updates,
      })),
      maintenance: maintenance.map((w) => ({
        id: w.id,
        title: w.title,
        description: w.description,
        starts_at: iso(w.starts_at)!,
        ends_at: iso(w.ends_at)!,
        status: w.status,
      })),
    };
  });
}
