import { randomBytes } from 'node:crypto';
import pino from 'pino';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jobCatalog } from '../../server/src/jobs/catalog.ts';
import { createKey, seedUser, signIn } from '../../server/test/identity.ts';
import {
  expectAccessible,
  launchChromium,
  type Pharos,
  signedInPage,
  startPharos,
} from './harness.ts';

// Services performance on one server and one browser: server spans of two services are sent as
// OTLP/HTTP JSON, the real performance.aggregate job turns them into endpoint statistics, and the
// pages show services, trends, endpoints (sorted), the slowest endpoints and a drill-down.
let pharos: Pharos;
let browser: Browser;
let page: Page;

const attr = (key: string, v: string | number) => ({
  key,
  value: typeof v === 'number' ? { intValue: String(v) } : { stringValue: v },
});
const nanos = (ms: number) => `${BigInt(Math.round(ms)) * 1_000_000n}`;

interface Req {
  method: string;
  route: string;
  status: number;
  ms: number;
  at: number;
}

function serverSpans(service: string, reqs: Req[]) {
  return {
    resource: {
      attributes: [attr('service.name', service), attr('deployment.environment.name', 'prod')],
    },
    scopeSpans: [
      {
        scope: { name: 'e2e' },
        spans: reqs.map((r) => ({
          traceId: randomBytes(16).toString('hex'),
          spanId: randomBytes(8).toString('hex'),
          name: `${r.method} ${r.route}`,
          kind: 2,
          startTimeUnixNano: nanos(r.at),
          endTimeUnixNano: nanos(r.at + r.ms),
          attributes: [
            attr('http.request.method', r.method),
            attr('http.route', r.route),
            attr('http.response.status_code', r.status),
          ],
          status: r.status >= 500 ? { code: 2 } : { code: 0 },
        })),
      },
    ],
  };
}

beforeAll(async () => {
  [pharos, browser] = await Promise.all([startPharos(), launchChromium()]);
  const admin = await seedUser(pharos.t, { role: 'admin', email: 'pia.perf@example.test' });
  const ingestKey = await createKey(pharos.t, { scopes: ['ingest'] });
  const cookie = await signIn(pharos.t.app, admin.email, admin.password);

  // 20 closed minutes of traffic: checkout is slow on POST /orders (and fails 1 in 10).
  const start = Math.floor(Date.now() / 60_000) * 60_000 - 25 * 60_000;
  const checkout: Req[] = [];
  const catalog: Req[] = [];
  for (let m = 0; m < 20; m++) {
    for (let i = 0; i < 10; i++) {
      const at = start + m * 60_000 + i * 5_000;
      checkout.push({
        method: 'POST',
        route: '/orders',
        status: i === 0 ? 502 : 201,
        ms: 600 + i * 60,
        at,
      });
      checkout.push({
        method: 'GET',
        route: '/orders/{id}',
        status: 200,
        ms: 20 + i,
        at: at + 1000,
      });
      catalog.push({
        method: 'GET',
        route: '/products',
        status: 200,
        ms: 8 + (i % 3),
        at: at + 2000,
      });
    }
  }
  const res = await fetch(`${pharos.url}/v1/traces`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ingestKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      resourceSpans: [serverSpans('checkout-api', checkout), serverSpans('catalog', catalog)],
    }),
  });
  expect(res.status, await res.text()).toBe(200);
  const job = jobCatalog['performance.aggregate'];
  const result = await job.handler(
    {},
    {
      db: pharos.t.db.handle,
      config: pharos.t.config,
      log: pino({ level: 'silent' }),
      jobId: 'e2e',
    },
  );
  expect(result.minuteRows).toBeGreaterThan(0);

  page = await signedInPage(browser, pharos, cookie, 1000);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await pharos?.close();
});

const cellTexts = (p: Page, grid: string, col: number) =>
  p
    .getByRole('grid', { name: grid })
    .getByRole('row')
    .evaluateAll(
      (rows, c) =>
        rows.slice(1).map((r) => r.querySelectorAll('[role="gridcell"]')[c]?.textContent ?? ''),
      col,
    );

describe('services performance', () => {
  it('lists services with their traffic and latency and the slowest endpoints', async () => {
    await page.goto('/performance?from=now-1h&to=now');
    const grid = page.getByRole('grid', { name: 'Services' });
    await grid.getByRole('link', { name: 'checkout-api' }).waitFor();
    await grid.getByRole('link', { name: 'catalog' }).waitFor();
    // Busiest first: checkout-api has 400 requests, catalog 200.
    expect(await cellTexts(page, 'Services', 0)).toEqual(['checkout-api', 'catalog']);
    expect(await cellTexts(page, 'Services', 2)).toEqual(['400', '200']);
    await grid.getByRole('img', { name: 'Throughput of checkout-api over the range' }).waitFor();

    const slowest = page.getByRole('region', { name: 'Slowest endpoints' });
    await slowest.getByRole('link', { name: 'POST /orders' }).waitFor();
    expect(await slowest.getByRole('link').count()).toBe(1);
    await expectAccessible(page, 'performance-services');

    // Above 2 s nothing is that slow; the threshold is kept in the URL.
    await page.getByLabel('p95 above').selectOption('2000');
    await slowest.getByText(/^No endpoint has a p95 above 2/).waitFor();
    expect(new URL(page.url()).searchParams.get('slow')).toBe('2000');
    expect(await slowest.getByRole('link').count()).toBe(0);
  }, 60_000);

  it('shows a service with trends and sortable endpoints, and drills into one endpoint', async () => {
    await page.goto('/performance?from=now-1h&to=now');
    // Once the trends are in, the rows no longer re-render under the click.
    await page.getByRole('img', { name: 'p95 latency of checkout-api over the range' }).waitFor();
    await page
      .getByRole('grid', { name: 'Services' })
      .getByRole('link', { name: 'checkout-api' })
      .click();
    await page.getByRole('heading', { name: 'checkout-api', level: 1 }).waitFor();
    expect(new URL(page.url()).searchParams.get('from')).toBe('now-1h');
    // Each chart is drawn (its canvas is visible, not the "No data" placeholder).
    for (const title of ['Latency', 'Throughput', 'Error rate']) {
      const chart = page.getByRole('region', { name: new RegExp(`^${title}`) });
      await chart.getByRole('img').waitFor();
      await chart.getByRole('status', { name: 'Loading chart' }).waitFor({ state: 'detached' });
    }
    const endpoints = page.getByRole('grid', { name: 'Endpoints' });
    await endpoints.getByRole('button', { name: 'POST /orders' }).waitFor();
    expect((await cellTexts(page, 'Endpoints', 0)).sort()).toEqual([
      'GET /orders/{id}',
      'POST /orders',
    ]);

    // Sort by p95, slowest first; the sort goes into the URL.
    await endpoints.getByRole('button', { name: /^p95/ }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('sort')).toMatch(/^p95:/);
    if (new URL(page.url()).searchParams.get('sort') === 'p95:asc')
      await endpoints.getByRole('button', { name: /^p95/ }).click();
    await expect
      .poll(() => cellTexts(page, 'Endpoints', 0))
      .toEqual(['POST /orders', 'GET /orders/{id}']);
    await expectAccessible(page, 'performance-service');

    await endpoints.getByRole('button', { name: 'POST /orders' }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('endpoint')).toBe('/orders');
    expect(new URL(page.url()).searchParams.get('method')).toBe('POST');
    await page.getByRole('heading', { name: /POST \/orders/, level: 1 }).waitFor();
    const totals = page.locator('.perf-totals');
    await expect.poll(() => totals.textContent()).toMatch(/Requests200/);
    await expect.poll(() => totals.textContent()).toMatch(/Error rate10%/);
    await expectAccessible(page, 'performance-endpoint');
    await page.getByRole('button', { name: 'Whole service' }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('endpoint')).toBeNull();
  }, 60_000);
});
