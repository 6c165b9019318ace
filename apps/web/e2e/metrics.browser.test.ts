import { fileURLToPath } from 'node:url';
import protobuf from 'protobufjs';
import snappy from 'snappyjs';
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

// The metrics explorer on one server and one browser: series are sent with Prometheus remote
// write (snappy + protobuf, with metadata), then browsed, completed in the PromQL editor, run as
// a graph (query_range) and a table (query), and a syntax error is shown under the editor.
let pharos: Pharos;
let browser: Browser;
let page: Page;

const WriteRequest = protobuf
  .loadSync(
    fileURLToPath(new URL('../../server/src/modules/metrics/remote.proto', import.meta.url)),
  )
  .lookupType('prometheus.WriteRequest');

const METRIC = 'e2e_http_requests_total';

function series(labels: Record<string, string>, perStep: number, now: number) {
  const samples = [];
  // 20 minutes at a 15 s scrape interval, a counter growing by perStep per scrape.
  for (let i = 0; i <= 80; i++)
    samples.push({ value: i * perStep, timestamp: now - (80 - i) * 15_000 });
  return {
    labels: Object.entries(labels)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, value]) => ({ name, value })),
    samples,
  };
}

beforeAll(async () => {
  [pharos, browser] = await Promise.all([startPharos(), launchChromium()]);
  const admin = await seedUser(pharos.t, { role: 'admin', email: 'max.metrics@example.test' });
  const key = await createKey(pharos.t, { scopes: ['ingest'] });
  const cookie = await signIn(pharos.t.app, admin.email, admin.password);

  const now = Math.floor(Date.now() / 15_000) * 15_000 - 15_000;
  const req = {
    timeseries: [
      series({ __name__: METRIC, job: 'api', instance: 'a:1', code: '200' }, 30, now),
      series({ __name__: METRIC, job: 'api', instance: 'a:1', code: '500' }, 3, now),
      series({ __name__: METRIC, job: 'web', instance: 'w:1', code: '200' }, 15, now),
      series({ __name__: 'e2e_queue_depth', job: 'api', instance: 'a:1' }, 0, now),
    ],
    metadata: [
      { type: 1, metricFamilyName: METRIC, help: 'HTTP requests served.' },
      { type: 2, metricFamilyName: 'e2e_queue_depth', help: 'Jobs waiting.' },
    ],
  };
  const body = Buffer.from(
    snappy.compress(WriteRequest.encode(WriteRequest.fromObject(req)).finish()),
  );
  const res = await fetch(`${pharos.url}/api/v1/write`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${key}`,
      'content-type': 'application/x-protobuf',
      'content-encoding': 'snappy',
      'x-prometheus-remote-write-version': '0.1.0',
    },
    body,
  });
  expect(res.status, await res.text()).toBe(204);

  page = await signedInPage(browser, pharos, cookie, 1000);
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await pharos?.close();
});

const editor = (p: Page) => p.getByLabel('PromQL query');
const option = (p: Page, name: string | RegExp) =>
  p.getByRole('listbox', { name: 'Completions' }).getByRole('option', { name });

describe('metrics explorer', () => {
  it('browses metrics, completes a query, and shows it as a graph and a table', async () => {
    await page.goto('/metric-explorer');
    const browserPanel = page.getByRole('complementary', { name: 'Metrics' });
    const metricButton = browserPanel.getByRole('button', { name: new RegExp(`^${METRIC}`) });
    await metricButton.waitFor();
    await expect.poll(() => metricButton.textContent()).toContain('counter');
    await page.getByText('Pick a metric on the left').waitFor();
    await expectAccessible(page, 'metrics-start');

    // Metric name, then a label name and value inside the braces, all from the completion list.
    await editor(page).click();
    await editor(page).pressSequentially('e2e_http');
    await option(page, /^e2e_http_requests_total/).waitFor();
    await page.keyboard.press('Enter');
    await expect.poll(() => editor(page).inputValue()).toBe(METRIC);
    await editor(page).pressSequentially('{jo');
    await option(page, /^job/).waitFor();
    await page.keyboard.press('Tab');
    await expect.poll(() => editor(page).inputValue()).toBe(`${METRIC}{job=`);
    await option(page, /^api/).waitFor();
    await expectAccessible(page, 'metrics-completion');
    await option(page, /^api/).click();
    await expect.poll(() => editor(page).inputValue()).toBe(`${METRIC}{job="api"`);
    await editor(page).pressSequentially('}');
    await editor(page).press('Home');
    await editor(page).pressSequentially('sum by (code) (rate(');
    await editor(page).press('End');
    await editor(page).pressSequentially('[5m]))');
    await page.keyboard.press('Escape');
    await page.keyboard.press('Enter');
    const query = `sum by (code) (rate(${METRIC}{job="api"}[5m]))`;
    await expect.poll(() => new URL(page.url()).searchParams.get('q')).toBe(query);

    const chart = page.getByRole('region', { name: /^Result \(step/ });
    await chart.getByRole('img').waitFor();
    await chart.getByRole('status', { name: 'Loading chart' }).waitFor({ state: 'detached' });
    const legend = page.getByRole('region', { name: 'Series (2)' });
    await legend.getByText('{code="200"}').waitFor();
    await legend.getByText('{code="500"}').waitFor();
    await expectAccessible(page, 'metrics-graph');

    await page.getByRole('tab', { name: 'Table' }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('tab')).toBe('table');
    const table = page.getByRole('grid', { name: 'Query result' });
    await table.getByText('{code="200"}').waitFor();
    // 30 per 15 s is 2 per second and 3 per 15 s is 0.2 (rate() at the end of the range, where
    // the last sample is up to 30 s old, extrapolates a little less).
    const rows = await table
      .getByRole('row')
      .evaluateAll((els) =>
        els
          .slice(1)
          .map((r) => [...r.querySelectorAll('[role="gridcell"]')].map((c) => c.textContent ?? '')),
      );
    const value = Object.fromEntries(rows.map(([series, v]) => [series, Number(v)]));
    expect(Object.keys(value).sort()).toEqual(['{code="200"}', '{code="500"}']);
    expect(value['{code="200"}']).toBeGreaterThan(1.6);
    expect(value['{code="200"}']).toBeLessThanOrEqual(2);
    expect(value['{code="200"}']! / value['{code="500"}']!).toBeCloseTo(10, 3);
    await expectAccessible(page, 'metrics-table');
  }, 90_000);

  it('adds label matchers from the label browser and shows syntax errors inline', async () => {
    await page.goto(`/metric-explorer?tab=table`);
    const panel = page.getByRole('complementary', { name: 'Metrics' });
    await panel.getByRole('button', { name: new RegExp(`^${METRIC}`) }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('q')).toBe(METRIC);
    const labels = page.getByRole('region', { name: `Labels of ${METRIC}` });
    await labels.getByText('HTTP requests served.').waitFor();
    await labels.getByText('job', { exact: true }).click();
    await labels.getByRole('button', { name: 'web' }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('q')).toBe(`${METRIC}{job="web"}`);
    const table = page.getByRole('grid', { name: 'Query result' });
    await expect.poll(() => table.getByRole('row').count()).toBe(2);
    await table.getByText('job="web"', { exact: false }).waitFor();

    // A counter's starter query is its rate.
    await labels.getByRole('button', { name: 'Query this metric' }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('q')).toBe(`rate(${METRIC}[5m])`);
    await expect.poll(() => table.getByRole('row').count()).toBe(4);

    await editor(page).fill('sum(rate(');
    await page.keyboard.press('Escape');
    await editor(page).press('Enter');
    const alert = page.getByRole('alert').filter({ hasText: 'parse error' });
    await alert.waitFor();
    expect(await editor(page).getAttribute('aria-invalid')).toBe('true');
    await expectAccessible(page, 'metrics-error');
  }, 60_000);
});
