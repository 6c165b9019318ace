import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { seedOrg, seedSignedInUser } from '../../../test/identity.ts';

/**
 * Public status pages as anonymous visitors and feed readers see them: JSON page, Atom and RSS
 * feeds, SVG badge; cacheable (ETag → 304); drafts and other organizations' pages stay private;
 * text from incidents is escaped in XML and SVG.
 */
let t: TestApp;
let admin: string;
let monitorId: string;
let pageId: string;
let incidentId: string;

async function api(method: 'POST' | 'PATCH', url: string, payload: object, cookie = admin) {
  const res = await t.app.inject({ method, url, headers: { cookie }, payload });
  expect(res.statusCode, res.body).toBeLessThan(300);
  return res.json();
}

beforeAll(async () => {
  t = await createTestApp();
  admin = (await seedSignedInUser(t, { role: 'admin' })).cookie;
  monitorId = (
    await api('POST', '/api/v1/monitors', {
      name: 'Checkout API',
      kind: 'tcp',
      url: 'tcp://127.0.0.1:9',
      is_active: false,
      timeout: 1,
    })
  ).id;
  const page = await api('POST', '/api/v1/status-pages', {
    slug: 'acme',
    title: 'Acme status',
    is_published: true,
    show_uptime: true,
    monitors: [{ monitor_id: monitorId, display_name: 'Checkout', group_name: 'Shop' }],
  });
  pageId = page.id;
  const incident = await api('POST', '/api/v1/incidents', {
    status_page_id: page.id,
    title: 'Payments <script>alert(1)</script> & delays',
    impact: 'major',
  });
  incidentId = incident.id;
  await api('POST', `/api/v1/incidents/${incident.id}/updates`, {
    status: 'identified',
    message: 'Card processor "slow" <b>answers</b>',
  });
  await api('POST', '/api/v1/status-pages', {
    slug: 'draft-page',
    title: 'Draft',
    is_published: false,
  });
});
afterAll(async () => {
  await t?.close();
});

describe('public status pages', () => {
  it('serves the page as JSON without sign-in, with its monitors and incidents, cacheable', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/status/acme' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('application/json');
    expect(res.headers['cache-control']).toContain('public');
    const body = res.body;
    expect(body).toContain('Acme status');
    expect(body).toContain('Checkout');
    expect(body).toContain('Shop');
    expect(body).toContain('Payments');
    const etag = res.headers.etag as string;
    expect(etag).toBeTruthy();
    const again = await t.app.inject({
      method: 'GET',
      url: '/status/acme',
      headers: { 'if-none-match': etag },
    });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
  });

  it('publishes incidents as Atom and RSS feeds with escaped text', async () => {
    const atom = await t.app.inject({ method: 'GET', url: '/status/acme/feed.atom' });
    expect(atom.statusCode).toBe(200);
    expect(atom.headers['content-type']).toContain('atom');
    expect(atom.body).toMatch(/^<\?xml/);
    expect(atom.body).toContain('<feed xmlns="http://www.w3.org/2005/Atom"');
    expect(atom.body).toContain('Payments &lt;script&gt;alert(1)&lt;/script&gt; &amp; delays');
    expect(atom.body).not.toContain('<script>');
    const rss = await t.app.inject({ method: 'GET', url: '/status/acme/feed.rss' });
    expect(rss.statusCode).toBe(200);
    expect(rss.headers['content-type']).toContain('rss');
    expect(rss.body).toContain('<rss version="2.0"');
    expect(rss.body).not.toContain('<script>');
    expect(rss.body).not.toContain('<b>answers</b>');
  });

  it('draws an SVG badge', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/status/acme/badge.svg' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('image/svg+xml');
    expect(res.body).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);
    expect(res.body).not.toContain('<script');
    const uptime = await t.app.inject({
      method: 'GET',
      url: `/status/acme/badge.svg?monitor=${monitorId}&style=uptime`,
    });
    expect(uptime.statusCode).toBe(200);
    expect(uptime.body).toContain('<svg');
  });

  it('keeps drafts and unknown pages private', async () => {
    for (const url of [
      '/status/draft-page',
      '/status/draft-page/feed.atom',
      '/status/nope',
      '/status/nope/badge.svg',
    ]) {
      const res = await t.app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(404);
      expect(res.headers['content-type'], url).toContain('application/problem+json');
    }
    const bad = await t.app.inject({ method: 'GET', url: '/status/..%2Fetc' });
    expect(bad.statusCode).toBeGreaterThanOrEqual(400);
    expect(bad.statusCode).toBeLessThan(500);
  });

  it("never shows another organization's draft, and their pages are administered only by them", async () => {
    const other = await seedOrg(t.db.handle.db, 'other-org');
    const stranger = (await seedSignedInUser(t, { role: 'admin', orgId: other })).cookie;
    const list = await t.app.inject({
      method: 'GET',
      url: '/api/v1/status-pages',
      headers: { cookie: stranger },
    });
    expect(list.statusCode).toBe(200);
    expect(list.body).not.toContain('acme');
    expect(list.body).not.toContain('draft-page');
  });
});

describe('status page administration', () => {
  const get = async (url: string) => {
    const res = await t.app.inject({ url, headers: { cookie: admin } });
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };

  it('returns a page with its monitors, an incident with its updates, a window with its monitors', async () => {
    const page = await get(`/api/v1/status-pages/${pageId}`);
    expect(page).toMatchObject({ slug: 'acme', title: 'Acme status' });
    expect(page.monitors).toEqual([
      { monitor_id: monitorId, display_name: 'Checkout', group_name: 'Shop', position: 0 },
    ]);
    await api('POST', `/api/v1/incidents/${incidentId}/updates`, {
      status: 'resolved',
      message: 'Payments recovered',
    });
    const incident = await get(`/api/v1/incidents/${incidentId}`);
    expect(incident.status).toBe('resolved');
    expect(incident.updates.map((u: { status: string }) => u.status)).toEqual([
      'resolved',
      'identified',
    ]);
    const window = await api('POST', '/api/v1/maintenance-windows', {
      status_page_id: pageId,
      title: 'Database upgrade',
      starts_at: new Date(Date.now() + 86_400_000).toISOString(),
      ends_at: new Date(Date.now() + 90_000_000).toISOString(),
      monitor_ids: [monitorId],
    });
    expect((await get(`/api/v1/maintenance-windows/${window.id}`)).monitor_ids).toEqual([
      monitorId,
    ]);
  });
});
