import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKey, seedUser, signIn } from '../../server/test/identity.ts';
import {
  expectAccessible,
  launchChromium,
  type Pharos,
  signedInPage,
  startPharos,
} from './harness.ts';

// One server and one browser: an admin creates an HTTP monitor of a local target through the UI,
// sees it go up, down (the target answers 500) and up again with "Test now", then publishes a
// status page with it, which an anonymous visitor opens.
let pharos: Pharos;
let browser: Browser;
let page: Page;
let target: http.Server;
let targetUrl = '';
let healthy = true;
let monitorPath = '';

beforeAll(async () => {
  target = http.createServer((_req, res) => {
    res.statusCode = healthy ? 200 : 500;
    res.end(healthy ? 'ok' : 'broken');
  });
  await new Promise<void>((r) => target.listen(0, '127.0.0.1', r));
  targetUrl = `http://127.0.0.1:${(target.address() as AddressInfo).port}/health`;
  [pharos, browser] = await Promise.all([startPharos(), launchChromium()]);
  const admin = await seedUser(pharos.t, { role: 'admin', email: 'mona.monitors@example.test' });
  const cookie = await signIn(pharos.t.app, admin.email, admin.password);
  page = await signedInPage(browser, pharos, cookie, 900);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await pharos?.close();
  target?.close();
});

const headerStatus = (p: Page) => p.locator('.page-header .px-pill');

async function testNow(p: Page, expected: 'up' | 'down') {
  const done = p.waitForResponse((r) => /\/monitors\/[^/]+\/test$/.test(new URL(r.url()).pathname));
  await p.getByRole('button', { name: 'Test now' }).click();
  expect((await done).status()).toBe(200);
  await expect.poll(() => p.locator('.mon-test .px-pill').textContent()).toBe(expected);
  await expect.poll(() => headerStatus(p).textContent(), { timeout: 15_000 }).toBe(expected);
}

describe('monitors and status pages', () => {
  it('creates an HTTP monitor in the UI and follows it up, down and up', async () => {
    await page.goto('/monitors');
    await page.getByText('No monitors yet').waitFor();
    await expectAccessible(page, 'monitors-empty');

    await page.getByRole('button', { name: 'New monitor' }).click();
    const dialog = page.getByRole('dialog', { name: 'New monitor' });
    // The form's own checks come first: nothing is sent without a name and URL.
    await dialog.getByRole('button', { name: 'Create monitor' }).click();
    await dialog.getByText('Give the monitor a name.').waitFor();
    await dialog.getByLabel('Name').fill('Checkout API');
    await dialog.getByLabel('URL').fill(targetUrl);
    await dialog.getByLabel('Interval (s)').fill('10');
    await dialog.getByLabel('Timeout (s)').fill('5');
    await dialog.getByLabel('Retries before down').fill('0');
    await expectAccessible(page, 'monitor-create');
    await dialog.getByRole('button', { name: 'Create monitor' }).click();

    await expect.poll(() => new URL(page.url()).pathname).toMatch(/^\/monitors\/[0-9a-f-]{36}$/);
    monitorPath = new URL(page.url()).pathname;
    await page.getByRole('heading', { name: 'Checkout API', level: 1 }).waitFor();
    await testNow(page, 'up');
    await page.getByRole('grid', { name: 'Check log' }).getByRole('row').nth(1).waitFor();

    healthy = false;
    await testNow(page, 'down');
    await expect.poll(() => page.locator('.mon-test').textContent()).toMatch(/HTTP 500/);
    await expectAccessible(page, 'monitor-down');

    healthy = true;
    await testNow(page, 'up');
    await page.getByRole('heading', { name: 'Events' }).waitFor();
    await expectAccessible(page, 'monitor-detail');

    await page.goto('/monitors');
    const row = page.getByRole('grid', { name: 'Monitors' }).getByRole('row', {
      name: /Checkout API/,
    });
    await row.waitFor();
    await expect.poll(() => row.locator('.px-pill').textContent()).toBe('up');
    await expectAccessible(page, 'monitors-list');
  }, 90_000);

  it('publishes a status page that anonymous visitors can open', async () => {
    expect(monitorPath).not.toBe('');
    await page.goto('/monitors/status-pages');
    await page.getByText('No status pages yet').waitFor();
    await page.getByRole('button', { name: 'New status page' }).click();
    const dialog = page.getByRole('dialog', { name: 'New status page' });
    await dialog.getByLabel('Title').fill('Acme status');
    await dialog.getByLabel('Slug').fill('acme');
    await dialog.getByLabel(/^Published/).check();
    await dialog.getByRole('checkbox', { name: 'Checkout API' }).check();
    await dialog.getByLabel('Group of Checkout API').fill('Shop');
    await expectAccessible(page, 'status-page-editor');
    await dialog.getByRole('button', { name: 'Create page' }).click();
    await page.getByRole('link', { name: 'Open public page' }).waitFor();
    await expectAccessible(page, 'status-pages');

    // A visitor without a session.
    const anon = await browser.newContext({ baseURL: pharos.url });
    try {
      const visitor = await anon.newPage();
      visitor.setDefaultTimeout(20_000);
      await visitor.goto('/s/acme');
      await visitor.getByRole('heading', { name: 'Acme status', level: 1 }).waitFor();
      await visitor.getByText('All systems operational').waitFor();
      const shop = visitor.getByRole('region', { name: 'Shop' });
      await shop.getByText('Checkout API').waitFor();
      expect(await shop.locator('.px-pill').textContent()).toBe('up');
      expect(new URL(visitor.url()).pathname).toBe('/s/acme');
      await visitor.getByRole('link', { name: 'Atom feed' }).waitFor();
      await expectAccessible(visitor, 'status-public');
    } finally {
      await anon.close();
    }
  }, 60_000);

  it('declares and resolves an incident, schedules and cancels maintenance', async () => {
    await page.goto('/monitors/status-pages');
    const incidents = page.getByRole('region', { name: 'Incidents' });
    await incidents.getByText('No incidents. Declare one').waitFor();
    await incidents.getByRole('button', { name: 'Declare incident' }).click();
    let dialog = page.getByRole('dialog', { name: 'Declare an incident' });
    await dialog.getByRole('button', { name: 'Declare' }).click();
    await dialog.getByText('Give the incident a title.').waitFor();
    await dialog.getByLabel('Title').fill('Checkout is slow');
    await dialog.getByLabel('Status page').selectOption({ label: 'Acme status' });
    await dialog.getByLabel('Impact').selectOption('minor');
    await dialog.getByLabel('Message').fill('We are looking into slow checkouts.');
    await dialog.getByRole('button', { name: 'Declare' }).click();
    const item = incidents.getByRole('listitem').filter({ hasText: 'Checkout is slow' });
    await item.getByText('investigating').waitFor();
    await item.getByText('Acme status').waitFor();
    await item.getByRole('button', { name: 'Post update' }).click();
    dialog = page.getByRole('dialog', { name: 'Update: Checkout is slow' });
    await dialog.getByLabel('Status').selectOption('resolved');
    await dialog.getByLabel('Message').fill('Fixed.');
    await dialog.getByRole('button', { name: 'Post update' }).click();
    await item.getByText('resolved').waitFor();

    const maint = page.getByRole('region', { name: 'Maintenance windows' });
    await maint.getByText('None scheduled.').waitFor();
    await maint.getByRole('button', { name: 'Schedule maintenance' }).click();
    dialog = page.getByRole('dialog', { name: 'Schedule maintenance' });
    await dialog.getByLabel('Title').fill('Database upgrade');
    await dialog
      .getByRole('button', { name: /Schedule|Save/ })
      .last()
      .click();
    await dialog.getByText('Enter when it starts and ends.').waitFor();
    await dialog.getByLabel(/^Starts/).fill('2030-01-01T10:00');
    await dialog.getByLabel(/^Ends/).fill('2030-01-01T12:00');
    await dialog
      .getByRole('button', { name: /Schedule|Save/ })
      .last()
      .click();
    const window = maint.getByRole('listitem').filter({ hasText: 'Database upgrade' });
    await window.getByText('scheduled').waitFor();
    await expectAccessible(page, 'status-pages-incidents');
    await window.getByRole('button', { name: 'Cancel' }).click();
    await window.getByText('cancelled').waitFor();
  }, 60_000);

  it('shows the system health that services report, with their figures and status', async () => {
    const key = await createKey(pharos.t, { scopes: ['ingest'] });
    const res = await fetch(`${pharos.url}/api/v1/ingest/system-health`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        reports: [
          {
            service_name: 'orders-db',
            service_type: 'database',
            cpu_usage_percent: 91,
            disk_usage_percent: 62,
            memory_usage_mb: 2048,
            last_error_message: 'too many connections',
          },
          { service_name: 'web-frontend', service_type: 'api', cpu_usage_percent: 12 },
        ],
      }),
    });
    expect(res.status).toBe(200);
    await page.goto('/monitors');
    const panel = page.getByRole('region', { name: /System health/ });
    const db = panel.getByRole('row', { name: /orders-db/ });
    await db.waitFor();
    // 91% CPU without a reported status: Pharos derives "degraded".
    expect(await db.locator('.px-pill').textContent()).toBe('degraded');
    await db.getByText('too many connections').waitFor();
    expect(
      await panel
        .getByRole('row', { name: /web-frontend/ })
        .locator('.px-pill')
        .textContent(),
    ).toBe('up');
    await panel.getByText(/1 healthy · 1 degraded/).waitFor();
    await expectAccessible(page, 'system-health');
  }, 60_000);
});
