import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { totpCode } from '../../server/src/lib/totp.ts';
import {
  expectAccessible,
  launchChromium,
  type Pharos,
  screenshot,
  startPharos,
} from './harness.ts';

// One server, one browser and one admin page for the whole file: the steps build on each other
// (first sign-in, then MFA, keys, users, audit) like a first day with Pharos.
let pharos: Pharos;
let browser: Browser;
let adminCtx: BrowserContext;
let page: Page;
const NEW_PASSWORD = 'correct horse battery staple 42';
let totpSecret = '';
let lastStep = 0;
let backupCodes: string[] = [];

beforeAll(async () => {
  [pharos, browser] = await Promise.all([startPharos(), launchChromium()]);
  adminCtx = await browser.newContext({
    baseURL: pharos.url,
    viewport: { width: 1366, height: 800 },
  });
  page = await adminCtx.newPage();
  page.setDefaultTimeout(10_000);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await pharos?.close();
});

/** Polls the URL: client-side navigations fire no load event for waitForURL to wait on. */
async function waitForUrl(p: Page, re: RegExp) {
  await expect.poll(() => p.url(), { timeout: 10_000, interval: 50 }).toMatch(re);
}

/**
 * A TOTP code for a step after any code already used (the server refuses replays) and at most one
 * step ahead of the clock (its window); waits for the clock when both cannot hold.
 */
async function nextTotp(): Promise<string> {
  const nowStep = Math.floor(Date.now() / 30_000);
  const step = Math.max(nowStep, lastStep + 1);
  if (step > nowStep + 1)
    await new Promise((r) => setTimeout(r, (step - 1) * 30_000 - Date.now() + 200));
  lastStep = step;
  return totpCode(totpSecret, step * 30_000 + 1_000);
}

async function signInWithTotp(p: Page, email: string, password: string, code?: string) {
  await p.getByLabel('Email').fill(email);
  await p.getByLabel('Password').fill(password);
  await p.getByRole('button', { name: 'Sign in' }).click();
  await p.getByLabel('Authentication code').fill(code ?? (await nextTotp()));
  await p.getByRole('button', { name: 'Verify' }).click();
}

describe('web UI', () => {
  it('first sign-in: redirect to sign-in and back, forced password change', async () => {
    await page.goto('/audit?action=auth.*');
    await waitForUrl(page, /\/sign-in\?next=%2Faudit/);
    await page.getByLabel('Email').waitFor();
    await expectAccessible(page, 'sign-in');

    await page.getByLabel('Email').fill(pharos.admin.email);
    await page.getByLabel('Password').fill('wrong password!');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').getByText('not correct').waitFor();

    await page.getByLabel('Password').fill(pharos.admin.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await waitForUrl(page, /\/change-password/);
    await page.getByLabel('Current (one-time) password').waitFor();
    await expectAccessible(page, 'change-password');

    await page.getByLabel('Current (one-time) password').fill(pharos.admin.password);
    await page.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD);
    await page.getByLabel('Repeat new password').fill(NEW_PASSWORD);
    await page.getByRole('button', { name: 'Change password' }).click();
    // Back where the user was going, with the filter from the URL applied.
    await waitForUrl(page, /\/audit\?action=auth\.\*/);
    await page.getByRole('heading', { name: 'Audit log' }).waitFor();
    expect(await page.getByRole('textbox', { name: 'Action' }).inputValue()).toBe('auth.*');
  });

  it('shows placeholder areas with what to do now', async () => {
    await page.getByRole('link', { name: 'Explore logs' }).click();
    await page.getByText('/v1/logs').waitFor();
    await expectAccessible(page, 'explore-placeholder');
  });

  it('switches the theme and keeps it across reloads', async () => {
    const theme = () => page.evaluate(() => document.documentElement.dataset.theme);
    const before = await theme();
    const target = before === 'dark' ? 'light' : 'dark';
    await page.getByRole('button', { name: `Switch to ${target} theme` }).click();
    expect(await theme()).toBe(target);
    await page.reload();
    await page.getByRole('heading', { name: 'Explore logs' }).waitFor();
    expect(await theme()).toBe(target);
    await expectAccessible(page, `explore-${target}`);
    await page.getByRole('button', { name: `Switch to ${before} theme` }).click();
    expect(await theme()).toBe(before);
  });

  it('enrols TOTP with a QR code and backup codes, then signs in with a code', async () => {
    await page.goto('/settings/security');
    await page.getByRole('button', { name: 'Set up two-factor authentication' }).click();
    await page.getByRole('img', { name: /QR code/ }).waitFor();
    totpSecret = (await page.getByTestId('totp-secret').textContent()) ?? '';
    expect(totpSecret).toMatch(/^[A-Z2-7]+=*$/);
    await expectAccessible(page, 'mfa-enrolment');
    await page.getByLabel('Code from the app').fill(await nextTotp());
    await page.getByRole('button', { name: 'Turn on two-factor authentication' }).click();
    const codes = page.getByRole('list', { name: 'Backup codes' }).getByRole('listitem');
    await codes.first().waitFor();
    expect(await codes.count()).toBe(10);
    backupCodes = await codes.allTextContents();
    await expectAccessible(page, 'mfa-backup-codes');
    await page.getByRole('button', { name: 'I have saved them' }).click();

    await page.getByRole('button', { name: /User menu/ }).click();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await waitForUrl(page, /\/sign-in$/);
    await signInWithTotp(page, pharos.admin.email, NEW_PASSWORD);
    await page.getByRole('heading', { name: 'Explore logs' }).waitFor();
  });

  it('creates an API key, shows it once, and revokes it', async () => {
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Settings' })
      .click();
    await page.getByRole('link', { name: 'API keys' }).click();
    await page.getByRole('button', { name: 'Create API key' }).click();
    const dialog = page.getByRole('dialog', { name: 'Create API key' });
    await dialog.getByLabel('Name').fill('checkout-service');
    await dialog.getByRole('checkbox', { name: 'read' }).check();
    await dialog.getByLabel('Allowed IP addresses (optional)').fill('10.0.0.0/8, 127.0.0.1');
    await expectAccessible(page, 'api-key-create');
    await dialog.getByRole('button', { name: 'Create key' }).click();

    const shown = page.getByTestId('new-api-key');
    await shown.waitFor();
    const key = (await shown.textContent()) ?? '';
    expect(key.length).toBeGreaterThan(20);
    await page.getByRole('button', { name: 'Copy API key' }).waitFor();
    await expectAccessible(page, 'api-key-created');
    await page.getByRole('button', { name: 'Done' }).click();

    const row = page.getByRole('row', { name: /checkout-service/ });
    await row.waitFor();
    expect(
      key.startsWith((await row.locator('td').nth(1).textContent())?.replace('…', '') ?? '-'),
    ).toBe(true);
    await expectAccessible(page, 'api-keys');
    await row.getByRole('button', { name: 'Revoke checkout-service' }).click();
    const confirm = page.getByRole('dialog', { name: /Revoke/ });
    await confirm.getByLabel(/Reason/).fill('rotated in the browser test');
    await confirm.getByRole('button', { name: 'Revoke key' }).click();
    await row.waitFor({ state: 'detached' });
    await page
      .getByRole('region', { name: 'Notifications' })
      .getByText('API key “checkout-service” revoked')
      .waitFor();
    // URL-controlled checkbox: click and wait for the URL (see the column chooser below).
    await page.getByLabel('Show revoked').click();
    await waitForUrl(page, /revoked=1/);
    await page.getByRole('row', { name: /checkout-service.*revoked/ }).waitFor();
  });

  it('creates a viewer who is denied admin actions', async () => {
    await page.getByRole('link', { name: 'Users' }).click();
    await page.getByRole('button', { name: 'Add user' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add user' });
    await dialog.getByLabel('Email').fill('vera.viewer@example.test');
    await dialog.getByLabel('Name').fill('Vera Viewer');
    await dialog.getByLabel('Role').selectOption('viewer');
    await dialog.getByRole('button', { name: 'Add user' }).click();
    const otp = (await page.getByTestId('one-time-password').textContent()) ?? '';
    expect(otp.length).toBeGreaterThan(10);
    await page.getByRole('button', { name: 'Done' }).click();
    await page.getByRole('row', { name: /vera\.viewer@example\.test/ }).waitFor();
    await expectAccessible(page, 'users');

    const viewerCtx = await browser.newContext({ baseURL: pharos.url });
    const viewer = await viewerCtx.newPage();
    await viewer.goto('/settings/users');
    await viewer.getByLabel('Email').fill('vera.viewer@example.test');
    await viewer.getByLabel('Password').fill(otp);
    await viewer.getByRole('button', { name: 'Sign in' }).click();
    await viewer.getByLabel('Current (one-time) password').fill(otp);
    await viewer.getByLabel('New password', { exact: true }).fill('viewer password 1234');
    await viewer.getByLabel('Repeat new password').fill('viewer password 1234');
    await viewer.getByRole('button', { name: 'Change password' }).click();
    await waitForUrl(viewer, /\/settings\/users$/);
    await viewer.getByText('Your role (viewer) can see users but not add').waitFor();
    expect(await viewer.getByRole('button', { name: 'Add user' }).isDisabled()).toBe(true);
    // The server refuses the audit log to a viewer, and the page says why.
    await viewer.getByRole('link', { name: 'Audit log' }).click();
    await viewer.getByText(/does not have audit\.read/).waitFor();
    await screenshot(viewer, 'viewer-denied');
    await viewerCtx.close();
  });

  it('shows those actions in the audit log, with filters in the URL and a diff', async () => {
    await page.getByRole('link', { name: 'Audit log' }).click();
    const table = page.getByRole('grid', { name: 'Audit events' });
    for (const action of [
      'api_key.create',
      'api_key.revoke',
      'user.create',
      'mfa.enable',
      'user.password_change',
      'auth.access_denied',
    ]) {
      await table
        .getByRole('button', { name: new RegExp(`^Details of ${action.replace('.', '\\.')} `) })
        .first()
        .waitFor();
    }
    await expectAccessible(page, 'audit');

    await page.getByRole('textbox', { name: 'Action' }).fill('api_key.*');
    await page.getByRole('button', { name: 'Apply' }).click();
    await waitForUrl(page, /action=api_key\.\*/);
    await table
      .getByRole('button', { name: /^Details of user\.create/ })
      .waitFor({ state: 'detached' });
    await table.getByRole('button', { name: /^Details of api_key\.revoke/ }).click();
    expect(page.url()).toMatch(/event=[0-9a-f-]{36}/);
    const drawer = page.getByRole('dialog', { name: 'Audit event' });
    await drawer.getByRole('table', { name: 'Before and after' }).waitFor();
    await drawer
      .getByRole('rowheader', { name: /revoked/ })
      .first()
      .waitFor();
    await expectAccessible(page, 'audit-detail');
    await page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'hidden' });
    expect(page.url()).not.toContain('event=');

    // Sort and column choice live in the URL with the filters.
    await table.getByRole('button', { name: 'Action', exact: true }).click();
    await waitForUrl(page, /sort=action/);
    // The URL changes first; the header follows on the next render of the transition.
    await expect
      .poll(() => table.getByRole('columnheader', { name: 'Action' }).getAttribute('aria-sort'))
      .toBe('ascending');
    await page.getByRole('button', { name: /^Columns \(7\/7\)/ }).click();
    // The checkbox is controlled by the URL, which react-router updates in a
    // transition: click, then wait for the URL and the box to follow (uncheck()
    // asserts the state synchronously after its click and flakes under load).
    const ipBox = page
      .getByRole('dialog', { name: 'Choose columns' })
      .getByRole('checkbox', { name: 'IP', exact: true });
    await ipBox.click();
    await waitForUrl(page, /hide=ip/);
    await expect.poll(() => ipBox.isChecked()).toBe(false);
    await page.keyboard.press('Escape');
    await table
      .getByRole('columnheader', { name: 'IP', exact: true })
      .waitFor({ state: 'detached' });
    expect(page.url()).toMatch(/action=api_key\.\*/);

    // The time range picker writes relative ranges to the URL.
    const picker = page.getByRole('group', { name: 'Time range' });
    await picker.getByRole('button', { name: /^Last 24 hours/ }).click();
    await page
      .getByRole('dialog', { name: 'Choose time range' })
      .getByRole('button', { name: 'Last 7 days' })
      .click();
    await waitForUrl(page, /from=now-7d/);
    await table.getByRole('button', { name: /^Details of api_key\.revoke/ }).waitFor();

    const csv = page.getByRole('link', { name: 'CSV' });
    expect(await csv.getAttribute('href')).toContain('format=csv');
    const [download] = await Promise.all([page.waitForEvent('download'), csv.click()]);
    const path = await download.path();
    expect(path).toBeTruthy();
    await page.getByRole('region', { name: 'Notifications' }).getByText('Export started').waitFor();
  });

  it('sends an expired session to sign-in and back to the page', async () => {
    await page.goto('/settings/profile');
    await page.getByRole('heading', { name: 'Profile' }).waitFor();
    await expectAccessible(page, 'profile');
    await adminCtx.clearCookies();
    await page.getByRole('link', { name: 'Teams' }).click();
    await waitForUrl(page, /\/sign-in\?next=%2Fsettings%2Fteams/);
    await page.getByText('Your session has ended').waitFor();
    // A backup code this time (TOTP sign-in is covered above and codes are single-use per step).
    await signInWithTotp(page, pharos.admin.email, NEW_PASSWORD, backupCodes[0]);
    await waitForUrl(page, /\/settings\/teams$/);
    await page.getByRole('heading', { name: 'Teams' }).waitFor();
    await expectAccessible(page, 'teams');
  });
});
