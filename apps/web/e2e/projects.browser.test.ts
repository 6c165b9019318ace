import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedUser, signIn } from '../../server/test/identity.ts';
import {
  expectAccessible,
  launchChromium,
  type Pharos,
  signedInPage,
  startPharos,
} from './harness.ts';

// Settings → Projects and DSNs: every project shows its DSN; an admin creates a project (it has
// a DSN at once), adds a key and revokes the old one; the Errors empty state quotes a real DSN.
let pharos: Pharos;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  [pharos, browser] = await Promise.all([startPharos(), launchChromium()]);
  const admin = await seedUser(pharos.t, { role: 'admin', email: 'paula.projects@example.test' });
  const cookie = await signIn(pharos.t.app, admin.email, admin.password);
  page = await signedInPage(browser, pharos, cookie, 900);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await pharos?.close();
});

const DSN = /^http:\/\/[0-9a-f]{32}@[^/]+\/\d+$/;

describe('projects and DSNs', () => {
  it('shows the DSN of project 1 and quotes it on the empty Errors page', async () => {
    await page.goto('/settings/projects');
    const dsn = (await page.getByTestId('dsn-1').textContent()) ?? '';
    expect(dsn).toMatch(DSN);
    expect(dsn.endsWith('/1')).toBe(true);
    await expectAccessible(page, 'projects');

    await page.goto('/errors');
    await page.getByText(/^No (errors yet|unresolved issues)$/).waitFor();
    await page.getByText(`Sentry.init({ dsn: '${dsn}' })`).waitFor();
  });

  it('creates a project with a DSN, rotates its key and revokes the old one', async () => {
    await page.goto('/settings/projects');
    await page.getByRole('button', { name: 'Create project' }).click();
    const dialog = page.getByRole('dialog', { name: 'Create project' });
    await dialog.getByLabel('Name').fill('Checkout Web');
    await dialog.getByLabel('Platform').fill('javascript');
    await dialog.getByRole('button', { name: 'Create project' }).click();
    const card = page.getByRole('region', { name: /Checkout Web/ });
    await card.waitFor();
    const first = (await card.getByTestId(/^dsn-/).textContent()) ?? '';
    expect(first).toMatch(DSN);

    await card.getByRole('button', { name: 'Add a key' }).click();
    const keys = card.getByRole('table', { name: 'Client keys of Checkout Web' });
    await keys.getByRole('row', { name: /Key 2/ }).waitFor();
    await card.getByRole('button', { name: 'Revoke Default' }).click();
    await keys.getByRole('row', { name: /Default.*revoked/ }).waitFor();
    const now = (await card.getByTestId(/^dsn-/).textContent()) ?? '';
    expect(now).toMatch(DSN);
    expect(now).not.toBe(first);
    await expectAccessible(page, 'projects-rotated');
  });
});
