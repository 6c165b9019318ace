// Pure rendering of the public page: overall status, 90-day bars, Atom/RSS feed and SVG badge.
import { createHash } from 'node:crypto';
import type { PublicMonitor, PublicPage } from '@pharos/contracts';
import { uptimePercent } from '../monitors/index.ts';

export type { PublicMonitor, PublicPage } from '@pharos/contracts';

export function ninetyDayBars(days: Array<{ day: string; up: number; down: number }>, today: Date) {
  const byDay = new Map(days.map((d) => [d.day.slice(0, 10), d]));
  const bars: PublicMonitor['bars'] = [];
  for (let i = 89; i >= 0; i--) {
    const day = new Date(
      Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() - i),
    )
      .toISOString()
      .slice(0, 10);
    const d = byDay.get(day);
    bars.push({ day, uptime: d ? uptimePercent([d]) : null });
  }
  return { bars, uptime90: uptimePercent(days) };
}

export function overallStatus(statuses: string[], inMaintenance: boolean): PublicPage['status'] {
  if (inMaintenance) return 'maintenance';
  if (!statuses.length) return 'unknown';
  const down = statuses.filter((s) => s === 'down' || s === 'unhealthy').length;
  if (down === statuses.length) return 'major-outage';
  if (down > 0) return 'partial-outage';
  if (statuses.includes('degraded')) return 'degraded';
  if (statuses.every((s) => s === 'unknown')) return 'unknown';
  return 'operational';
}

export const etagOf = (body: string) =>
  `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;

const esc = (s: string) =>
  s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');

interface FeedItem {
  id: string;
  title: string;
  updated: string;
  summary: string;
}

function feedItems(page: PublicPage): FeedItem[] {
  const items: FeedItem[] = page.incidents.map((i) => ({
    id: `incident-${i.id}`,
    title: `${i.title} (${i.status})`,
    updated: i.updates[0]?.created_at ?? i.started_at,
    summary: i.updates.map((u) => `${u.status}: ${u.message}`).join('\n') || i.title,
  }));
  for (const m of page.maintenance) {
    items.push({
      id: `maintenance-${m.id}`,
      title: `Maintenance: ${m.title} (${m.status})`,
      updated: m.starts_at,
      summary: `${m.description ?? m.title} — ${m.starts_at} to ${m.ends_at}`,
    });
  }
  return items.sort((a, b) => b.updated.localeCompare(a.updated));
}

export function renderAtom(page: PublicPage, pageUrl: string): string {
  const entries = feedItems(page)
    .map(
      (e) =>
        `<entry><id>urn:pharos:${esc(page.slug)}:${esc(e.id)}</id><title>${esc(e.title)}</title>` +
        `<updated>${new Date(e.updated).toISOString()}</updated><link href="${esc(pageUrl)}"/><summary>${esc(e.summary)}</summary></entry>`,
    )
    .join('');
  return (
    `<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">` +
    `<id>urn:pharos:status:${esc(page.slug)}</id><title>${esc(page.title)}</title>` +
    `<updated>${new Date(page.updated_at).toISOString()}</updated><link href="${esc(pageUrl)}"/>${entries}</feed>`
  );
}

export function renderRss(page: PublicPage, pageUrl: string): string {
  const items = feedItems(page)
    .map(
      (e) =>
        `<item><guid isPermaLink="false">${esc(page.slug)}-${esc(e.id)}</guid><title>${esc(e.title)}</title>` +
        `<link>${esc(pageUrl)}</link><pubDate>${new Date(e.updated).toUTCString()}</pubDate><description>${esc(e.summary)}</description></item>`,
    )
    .join('');
  return (
    `<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>${esc(page.title)}</title>` +
    `<link>${esc(pageUrl)}</link><description>${esc(page.description ?? page.title)}</description>${items}</channel></rss>`
  );
}

const COLORS: Record<string, string> = {
  operational: '#2e7d32',
  healthy: '#2e7d32',
  degraded: '#f9a825',
  'partial-outage': '#ef6c00',
  'major-outage': '#c62828',
  down: '#c62828',
  maintenance: '#1565c0',
  unknown: '#757575',
};

/** A shields-style flat badge; widths from a per-character estimate (no font metrics). */
export function renderBadge(label: string, value: string, statusKey: string): string {
  const w = (s: string) => 10 + Math.round(s.length * 6.5);
  const lw = w(label);
  const vw = w(value);
  const color = COLORS[statusKey] ?? COLORS.unknown;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${lw + vw}" height="20" role="img" aria-label="${esc(label)}: ${esc(value)}">` +
    `<title>${esc(label)}: ${esc(value)}</title><rect width="${lw}" height="20" fill="#555"/>` +
    `<rect x="${lw}" width="${vw}" height="20" fill="${color}"/>` +
    `<g fill="#fff" text-anchor="middle" font-family="Verdana,DejaVu Sans,sans-serif" font-size="11">` +
    `<text x="${lw / 2}" y="14">${esc(label)}</text><text x="${lw + vw / 2}" y="14">${esc(value)}</text></g></svg>`
  );
}
