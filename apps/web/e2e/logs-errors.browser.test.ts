import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { envelopeOf, exceptionEvent } from '../../server/src/modules/errors/testing.ts';
import { createKey, seedUser, signIn } from '../../server/test/identity.ts';
import {
  expectAccessible,
  launchChromium,
  type Pharos,
  screenshot,
  signedInPage,
  startPharos,
} from './harness.ts';

// Explore logs and Errors on one server and one browser: logs and Sentry events are sent with an
// ingest key as a client would, then searched, tailed, pivoted and triaged in the UI.
let pharos: Pharos;
let browser: Browser;
let page: Page;
let ingestKey = '';
let cookie = '';
let adminId = '';
const REQUEST_ID = 'req-e2e-4242';

async function ingestLogs(lines: Record<string, unknown>[]) {
  const res = await fetch(`${pharos.url}/api/v1/ingest/logs`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ingestKey}`, 'content-type': 'application/x-ndjson' },
    body: lines.map((l) => JSON.stringify(l)).join('\n') + '\n',
  });
  expect(res.status, await res.clone().text()).toBeLessThan(300);
}

async function apiGet<T>(path: string): Promise<T> {
  const res = await fetch(`${pharos.url}/api/v1${path}`, { headers: { cookie } });
  expect(res.status).toBe(200);
  return (await res.json()) as T;
}

beforeAll(async () => {
  [pharos, browser] = await Promise.all([startPharos(), launchChromium()]);
  const admin = await seedUser(pharos.t, { role: 'admin', email: 'lena.logs@example.test' });
  adminId = admin.userId;
  ingestKey = await createKey(pharos.t, { scopes: ['ingest'] });
  cookie = await signIn(pharos.t.app, admin.email, admin.password);

  const now = Date.now();
  const lines: Record<string, unknown>[] = [];
  for (let i = 0; i < 60; i++) {
    const checkout = i % 3 === 0;
    lines.push({
      time: new Date(now - (60 - i) * 30_000).toISOString(),
      level: i % 10 === 0 ? 'error' : i % 4 === 0 ? 'warn' : 'info',
      service: checkout ? 'checkout' : 'catalog',
      host: checkout ? 'web-1' : 'web-2',
      message: checkout ? `order ${1000 + i} placed in ${i * 7} ms` : `listed ${i} products`,
      ...(i === 57 ? { request_id: REQUEST_ID, message: 'order 1057 payment declined' } : {}),
      attributes: { region: 'eu-west', attempt: i % 3 },
    });
  }
  await ingestLogs(lines);
  const ev = exceptionEvent({ fn: 'chargeCard', type: 'PaymentError', value: 'card declined' });
  const res = await fetch(`${pharos.url}/api/1/envelope/?sentry_key=${ingestKey}`, {
    method: 'POST',
    body: envelopeOf([{ ...ev, tags: { tenant: 'tenant-a', request_id: REQUEST_ID } }]),
  });
  expect(res.status, await res.clone().text()).toBe(200);

  page = await signedInPage(browser, pharos, cookie, 800);
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await pharos?.close();
});

const grid = (p: Page) => p.getByRole('grid', { name: 'Log records' });
const histogramTotal = (p: Page) => p.getByTestId('logs-histogram').getAttribute('data-total');

describe('Explore logs', () => {
  it('searches: results and histogram follow the query, which is in the URL; a bad query shows the caret', async () => {
    await page.goto('/explore');
    await grid(page)
      .getByRole('row', { name: /listed 58 products/ })
      .waitFor();
    await expect.poll(() => histogramTotal(page)).toBe('60');
    await expectAccessible(page, 'explore-logs');

    const bar = page.getByRole('combobox', { name: 'Search logs' });
    await bar.fill('service:checkout');
    await bar.press('Enter');
    await expect.poll(() => new URL(page.url()).searchParams.get('q')).toBe('service:checkout');
    await grid(page)
      .getByRole('row', { name: /order 1054 placed/ })
      .waitFor();
    await expect
      .poll(() =>
        grid(page)
          .getByRole('row', { name: /listed/ })
          .count(),
      )
      .toBe(0);
    await expect.poll(() => histogramTotal(page)).toBe('20');

    await bar.fill('service:checkout AND (');
    await bar.press('Enter');
    await page.getByRole('alert').filter({ hasText: /./ }).first().waitFor();
    await expect.poll(() => page.locator('.px-qb-caret').count()).toBe(1);
    await screenshot(page, 'explore-logs-bad-query');
  });

  it('says when a histogram is estimated from a sample and facets count a sample', async () => {
    // 45,000 matching records, more than a term histogram counts exactly (40,000), 3-5 hours ago
    // (outside the default last hour the other tests look at).
    const from = Date.now() - 5 * 3_600_000;
    for (let part = 0; part < 5; part++) {
      await ingestLogs(
        Array.from({ length: 9000 }, (_, i) => ({
          time: new Date(from + (part * 9000 + i) * 160).toISOString(),
          level: i % 7 === 0 ? 'error' : 'info',
          service: 'billing',
          message: `payment retry ${part * 9000 + i}`,
        })),
      );
    }
    await page.goto('/explore?q=payment&from=now-6h&to=now-2h');
    const note = page.getByTestId('logs-histogram-note');
    await note.waitFor({ timeout: 20_000 });
    expect(await note.textContent()).toMatch(
      /^Estimated: \d+ of the \d+ records of the range were read/,
    );
    await page.getByText(/Records by level \(about \d+ total, estimated\)/).waitFor();
    const total = Number(await histogramTotal(page));
    expect(Math.abs(total - 45_000) / 45_000).toBeLessThan(0.1);
    await page.getByTestId('logs-facets-sample').waitFor();
    await page.waitForTimeout(1200); // the bars' grow-in animation
    await screenshot(page, 'explore-logs-sampled-histogram');
  }, 90_000);

  it('opens a record and pivots by its request id to the logs and the error event', async () => {
    await page.goto(`/explore?q=${encodeURIComponent(`request_id:${REQUEST_ID}`)}`);
    const row = grid(page).getByRole('row', { name: /payment declined/ });
    await row.click();
    const drawer = page.getByRole('dialog');
    await drawer.getByText('Context (same service and host)').waitFor();
    await drawer.getByRole('list', { name: 'Attributes' }).waitFor();
    await expectAccessible(page, 'explore-log-detail');
    // The open record is in the URL: a reload opens it again; Back closes it.
    expect(new URL(page.url()).searchParams.get('record')).toMatch(/\/[0-9a-f-]{36}$/);
    await page.reload();
    await page.getByRole('dialog').getByText('payment declined').first().waitFor();
    await page.goBack();
    await expect.poll(() => new URL(page.url()).searchParams.get('record')).toBeNull();
    await page.goForward();
    await page.getByRole('dialog').getByText('Context (same service and host)').waitFor();
    await drawer.getByRole('link', { name: `Everything with request id ${REQUEST_ID}` }).click();
    await page.getByRole('heading', { name: `Everything with request id ${REQUEST_ID}` }).waitFor();
    await page.getByText('order 1057 payment declined').waitFor();
    await page.getByRole('link', { name: /PaymentError: card declined/ }).waitFor();
    await expectAccessible(page, 'explore-pivot');
  });

  it('live tail shows a line ingested after it started', async () => {
    await page.goto('/explore');
    await grid(page).getByRole('row').nth(1).waitFor();
    await page.getByRole('button', { name: 'Live tail' }).click();
    await page.getByText('Live tail: streaming').waitFor();
    await ingestLogs([{ service: 'checkout', level: 'warn', message: 'tail me please 77' }]);
    await grid(page)
      .getByRole('row', { name: /tail me please 77/ })
      .waitFor({ timeout: 20_000 });
    await screenshot(page, 'explore-live-tail');
    await page.getByRole('button', { name: 'Stop live tail' }).click();
  });

  it('the Patterns tab lists templates, and choosing one filters by it', async () => {
    await page.goto('/explore?tab=patterns');
    const table = page.getByRole('table', { name: 'Log patterns' });
    const pattern = table.getByRole('button', { name: /listed .* products/ });
    await pattern.waitFor();
    await expectAccessible(page, 'explore-patterns');
    await pattern.click();
    await expect.poll(() => new URL(page.url()).searchParams.get('q')).toMatch(/products/);
    await grid(page)
      .getByRole('row', { name: /listed 58 products/ })
      .waitFor();
  });
});

describe('Errors', () => {
  it('lists issues, opens one, resolves and assigns it', async () => {
    await page.goto('/errors');
    const issues = page.getByRole('grid', { name: 'Issues' });
    const link = issues.getByRole('link', { name: 'PaymentError' });
    await link.waitFor();
    // The row's sparkline is the issue's own 14-day line (today's bucket holds its events).
    await issues
      .getByRole('row', { name: /PaymentError/ })
      .getByRole('img', { name: 'Daily events of this issue over 14 days' })
      .waitFor();
    await expectAccessible(page, 'errors-list');
    await link.click();
    await page.getByRole('heading', { name: /PaymentError/, level: 1 }).waitFor();
    await page.getByText('chargeCard').first().waitFor();
    await expectAccessible(page, 'errors-issue');
    const issueId = new URL(page.url()).pathname.split('/').pop()!;

    await page.getByRole('button', { name: 'Resolve…' }).click();
    await page.getByLabel('Resolution note (optional)').fill('Retry with a new card token');
    await page.getByRole('dialog').getByRole('button', { name: 'Resolve' }).click();
    await page.getByText('Issue resolved').waitFor();
    await page.getByRole('button', { name: 'Reopen' }).waitFor();

    await page.getByRole('combobox', { name: 'Assignee' }).selectOption(adminId);
    await page.getByText(/Assigned to/).waitFor();
    const { issue } = await apiGet<{
      issue: { status: string; assigned_to: string | null; resolution_note: string | null };
    }>(`/errors/issues/${issueId}`);
    expect(issue).toMatchObject({
      status: 'resolved',
      assigned_to: adminId,
      resolution_note: 'Retry with a new card token',
    });
    await screenshot(page, 'errors-issue-resolved');
  });
});
