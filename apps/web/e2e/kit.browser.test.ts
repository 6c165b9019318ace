import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedSignedInUser } from '../../server/test/identity.ts';
import {
  launchChromium,
  type Pharos,
  screenshot,
  seriousAxeViolations,
  signedInPage,
  startPharos,
} from './harness.ts';

// The component kit's reference page with its heavy cases: 50 series x 1,000 points and a
// 100,000-row table. It must render, stay accessible, and keep the table virtualised.
let pharos: Pharos;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  [pharos, browser] = await Promise.all([startPharos(), launchChromium()]);
  const user = await seedSignedInUser(pharos.t, { role: 'viewer' });
  page = await signedInPage(browser, pharos, user.cookie, 900);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await pharos?.close();
});

describe('component kit page', () => {
  it('renders the 50 x 1,000 chart and the 100k-row table, virtualised and accessible', async () => {
    await page.goto('/kit');
    const chart = page.getByTestId('kit-big-timeseries');
    await chart.waitFor();
    await expect
      .poll(() => chart.locator('canvas').count(), { timeout: 20_000 })
      .toBeGreaterThan(0);
    const table = page.getByTestId('kit-big-table');
    await table.scrollIntoViewIfNeeded();
    const rowsInDom = await table.getByRole('row').count();
    expect(rowsInDom).toBeGreaterThan(5);
    expect(rowsInDom).toBeLessThan(200); // 100,000 rows, only the visible window is rendered
    // Scroll to the far end: the last rows appear without rendering the rest.
    const scroller = table.locator('.px-table-scroll');
    await scroller.evaluate((el) => {
      el.scrollTop = el.scrollHeight;
    });
    await expect
      .poll(() => table.getByRole('row').last().getAttribute('aria-rowindex'))
      .toBe('100001'); // header is row 1
    expect(await table.getByRole('row').count()).toBeLessThan(200);
    await screenshot(page, 'kit');
    const violations = await seriousAxeViolations(page);
    expect(violations, JSON.stringify(violations, null, 2)).toEqual([]);
  });

  it('works from the keyboard: the table moves and opens rows, the query bar runs and clears', async () => {
    await page.goto('/kit');
    const table = page.getByTestId('kit-big-table');
    const grid = table.getByRole('grid', { name: 'Demo log lines' });
    await grid.waitFor();
    const selectedIndex = async () => {
      const id = await grid.getAttribute('aria-activedescendant');
      return id ? grid.locator(`[id="${id}"]`).getAttribute('aria-rowindex') : null;
    };
    const selectedRows = table.locator('[role="row"][aria-selected="true"]');

    await grid.focus();
    expect(await selectedIndex()).toBeNull();
    await page.keyboard.press('ArrowDown');
    await expect.poll(selectedIndex).toBe('2'); // header is row 1
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await expect.poll(selectedIndex).toBe('4');
    await page.keyboard.press('ArrowUp');
    await expect.poll(selectedIndex).toBe('3');
    expect(await selectedRows.count()).toBe(1);
    // End and Home jump across all 100,000 rows; the selected row is scrolled into the window.
    await page.keyboard.press('End');
    await expect.poll(selectedIndex).toBe('100001');
    await expect.poll(() => selectedRows.getAttribute('aria-rowindex')).toBe('100001');
    await page.keyboard.press('Home');
    await expect.poll(selectedIndex).toBe('2');
    await page.keyboard.press('PageDown');
    expect(Number(await selectedIndex())).toBeGreaterThan(3);
    await page.keyboard.press('Home');
    await page.keyboard.press('ArrowDown');
    await expect.poll(selectedIndex).toBe('3');

    // Enter opens the selected row (newest first: the second row is log line 1); Escape closes
    // the drawer and the grid has focus again.
    await page.keyboard.press('Enter');
    const drawer = page.getByRole('dialog', { name: 'Log line 1' });
    await drawer.waitFor();
    await page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'hidden' });
    await expect.poll(() => grid.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await selectedIndex()).toBe('3');

    // The query bar: `/` focuses it from anywhere, Enter runs the query, Escape clears it.
    const query = page.getByRole('combobox', { name: 'Search logs' });
    await page.getByRole('heading', { name: 'Component kit' }).click();
    const before = await query.inputValue();
    await page.keyboard.press('/');
    await expect.poll(() => query.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await query.inputValue()).toBe(before); // the slash is not typed
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.type('level:error timeout');
    await page.keyboard.press('Enter');
    await page
      .getByRole('region', { name: 'Notifications' })
      .getByText('Ran query: level:error timeout')
      .waitFor();
    await page.keyboard.press('Escape');
    await expect.poll(() => query.inputValue()).toBe('');
    const violations = await seriousAxeViolations(page);
    expect(violations, JSON.stringify(violations, null, 2)).toEqual([]);
  });
});
