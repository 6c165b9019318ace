import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedSignedInUser } from '../../server/test/identity.ts';
import {
  launchChromium,
  screenshot,
  seriousAxeViolations,
  startPharos,
  type Pharos,
} from './harness.ts';

// The component kit's reference page with its heavy cases: 50 series x 1,000 points and a
// 100,000-row table. It must render, stay accessible, and keep the table virtualised.
let pharos: Pharos;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  [pharos, browser] = await Promise.all([startPharos(), launchChromium()]);
  const user = await seedSignedInUser(pharos.t, { role: 'viewer' });
  const ctx = await browser.newContext({
    baseURL: pharos.url,
    viewport: { width: 1366, height: 900 },
  });
  const [name, value] = user.cookie.split('=') as [string, string];
  await ctx.addCookies([{ name, value, url: pharos.url }]);
  page = await ctx.newPage();
  page.setDefaultTimeout(20_000);
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
});
