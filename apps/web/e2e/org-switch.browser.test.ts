import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedOrg, seedUser, signIn } from '../../server/test/identity.ts';
import {
  launchChromium,
  type Pharos,
  screenshot,
  seriousAxeViolations,
  signedInPage,
  startPharos,
} from './harness.ts';

// An admin of `default` who is also a viewer of a second organization switches to it in the
// shell: the shell shows the other organization and every API call after that is answered for it.
let pharos: Pharos;
let browser: Browser;
let page: Page;
let otherOrgId = '';
let defaultOrgUser = '';

beforeAll(async () => {
  [pharos, browser] = await Promise.all([startPharos(), launchChromium()]);
  const db = pharos.t.db.handle.db;
  const admin = await seedUser(pharos.t, { role: 'admin', email: 'olga.admin@example.test' });
  defaultOrgUser = admin.email;
  otherOrgId = await seedOrg(db, 'acme-eu');
  await db
    .updateTable('organizations')
    .set({ name: 'Acme EU' })
    .where('id', '=', otherOrgId)
    .execute();
  // As the database owner: the membership of the admin in the second organization, and a user
  // who is only there, so the users list tells the organizations apart.
  await db
    .insertInto('org_members')
    .values({ org_id: otherOrgId, user_id: admin.userId, role: 'viewer' })
    .execute();
  await seedUser(pharos.t, { role: 'developer', orgId: otherOrgId, email: 'eu.only@example.test' });

  const cookie = await signIn(pharos.t.app, admin.email, admin.password);
  page = await signedInPage(browser, pharos, cookie, 800);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await pharos?.close();
});

/** The organization id the server answered /api/v1/me with, for the next /me response. */
function nextMeOrg(p: Page): Promise<string> {
  return p
    .waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/me' && r.status() === 200)
    .then(async (r) => ((await r.json()) as { organization: { id: string } }).organization.id);
}

describe('organization switcher', () => {
  it('switches the shell and the API to another organization', async () => {
    await page.goto('/settings/users');
    const users = page.getByRole('table', { name: 'Users' });
    await users.getByRole('row', { name: new RegExp(defaultOrgUser) }).waitFor();
    const switcher = page.getByRole('combobox', { name: 'Organization' });
    await expect
      .poll(() => switcher.locator('option:checked').textContent())
      .toBe('Default (admin)');
    expect(await users.getByRole('row', { name: /eu\.only@example\.test/ }).count()).toBe(0);
    const violations = await seriousAxeViolations(page);
    expect(violations, JSON.stringify(violations, null, 2)).toEqual([]);

    // Switching re-fetches everything; the answers are for the other organization.
    const switched = page.waitForResponse(
      (r) => new URL(r.url()).pathname === '/api/v1/auth/switch-org',
    );
    const me = nextMeOrg(page);
    const usersCall = page.waitForRequest((r) => new URL(r.url()).pathname === '/api/v1/users');
    await switcher.selectOption({ label: 'Acme EU (viewer)' });
    expect((await switched).status()).toBe(200);
    expect(await me).toBe(otherOrgId);
    await usersCall;

    await expect
      .poll(() => switcher.locator('option:checked').textContent())
      .toBe('Acme EU (viewer)');
    await users.getByRole('row', { name: /eu\.only@example\.test/ }).waitFor();
    // The admin's role here is viewer, and the page says so.
    await page.getByText('Your role (viewer) can see users but not add').waitFor();
    expect(await page.getByRole('button', { name: 'Add user' }).isDisabled()).toBe(true);
    await screenshot(page, 'org-switched');

    // The session carries the organization across a reload.
    const again = nextMeOrg(page);
    await page.reload();
    expect(await again).toBe(otherOrgId);
    await users.getByRole('row', { name: /eu\.only@example\.test/ }).waitFor();
    await expect
      .poll(() => switcher.locator('option:checked').textContent())
      .toBe('Acme EU (viewer)');
  });
});
