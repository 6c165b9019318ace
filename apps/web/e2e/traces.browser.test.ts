import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { envelopeOf, exceptionEvent } from '../../server/src/modules/errors/testing.ts';
import { createKey, seedUser, signIn } from '../../server/test/identity.ts';
import {
  expectAccessible,
  launchChromium,
  type Pharos,
  signedInPage,
  startPharos,
} from './harness.ts';

// Traces list and trace view on one server and one browser: two traces are sent as OTLP/HTTP JSON
// (as an OpenTelemetry exporter does) with a log record and a Sentry error carrying the trace id,
// then filtered, opened, walked with the keyboard and followed to the error's issue.
let pharos: Pharos;
let browser: Browser;
let page: Page;
let ingestKey = '';

const SLOW = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';
const FAST = '0f1e2d3c4b5a69788796a5b4c3d2e1f0';
const ids = { root: '1000000000000001', orders: '1000000000000002', db: '1000000000000003' };
const PAY = '1000000000000004';

const str = (key: string, v: string) => ({ key, value: { stringValue: v } });
const nanos = (ms: number) => `${BigInt(Math.round(ms * 1000)) * 1000n}`;

interface SpanSpec {
  trace: string;
  id: string;
  parent?: string;
  name: string;
  kind: number;
  start: number;
  end: number;
  error?: string;
  attributes?: Array<ReturnType<typeof str>>;
  events?: Array<{ timeUnixNano: string; name: string; attributes: unknown[] }>;
}

function resourceSpans(service: string, spans: SpanSpec[]) {
  return {
    resource: {
      attributes: [str('service.name', service), str('deployment.environment.name', 'e2e')],
    },
    scopeSpans: [
      {
        scope: { name: 'e2e-tracer', version: '1.0.0' },
        spans: spans.map((s) => ({
          traceId: s.trace,
          spanId: s.id,
          ...(s.parent ? { parentSpanId: s.parent } : {}),
          name: s.name,
          kind: s.kind,
          startTimeUnixNano: nanos(s.start),
          endTimeUnixNano: nanos(s.end),
          attributes: s.attributes ?? [],
          events: s.events ?? [],
          status: s.error ? { code: 2, message: s.error } : { code: 0 },
        })),
      },
    ],
  };
}

async function post(path: string, body: string, type: string) {
  const res = await fetch(`${pharos.url}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ingestKey}`, 'content-type': type },
    body,
  });
  expect(res.status, await res.clone().text()).toBeLessThan(300);
}

beforeAll(async () => {
  [pharos, browser] = await Promise.all([startPharos(), launchChromium()]);
  const admin = await seedUser(pharos.t, { role: 'admin', email: 'tara.traces@example.test' });
  ingestKey = await createKey(pharos.t, { scopes: ['ingest'] });
  const cookie = await signIn(pharos.t.app, admin.email, admin.password);

  const t0 = Date.now() - 5 * 60_000;
  const body = {
    resourceSpans: [
      resourceSpans('frontend', [
        {
          trace: SLOW,
          id: ids.root,
          name: 'GET /checkout',
          kind: 2,
          start: t0,
          end: t0 + 240,
          attributes: [str('http.request.method', 'GET'), str('http.route', '/checkout')],
        },
        {
          trace: FAST,
          id: '2000000000000001',
          name: 'GET /health',
          kind: 2,
          start: t0 + 1000,
          end: t0 + 1003,
        },
      ]),
      resourceSpans('checkout-api', [
        {
          trace: SLOW,
          id: ids.orders,
          parent: ids.root,
          name: 'POST /orders',
          kind: 2,
          start: t0 + 20,
          end: t0 + 200,
        },
        {
          trace: SLOW,
          id: ids.db,
          parent: ids.orders,
          name: 'SELECT orders',
          kind: 3,
          start: t0 + 30,
          end: t0 + 90,
          attributes: [str('db.system', 'postgresql')],
          events: [
            {
              timeUnixNano: nanos(t0 + 40),
              name: 'cache.miss',
              attributes: [str('key', 'orders:42')],
            },
          ],
        },
        {
          trace: SLOW,
          id: PAY,
          parent: ids.orders,
          name: 'POST /pay',
          kind: 3,
          start: t0 + 100,
          end: t0 + 190,
          error: 'card declined',
        },
      ]),
    ],
  };
  await post('/v1/traces', JSON.stringify(body), 'application/json');
  await post(
    '/api/v1/ingest/logs',
    `${JSON.stringify({ time: new Date(t0 + 150).toISOString(), level: 'error', message: 'payment provider said no', service: 'checkout-api', trace_id: SLOW, span_id: PAY })}\n`,
    'application/x-ndjson',
  );
  const ev = exceptionEvent({ type: 'PaymentError', value: 'card declined', fn: 'pay' });
  await post(
    `/api/1/envelope/?sentry_key=${ingestKey}`,
    envelopeOf([{ ...ev, contexts: { trace: { trace_id: SLOW, span_id: PAY } } }]),
    'application/x-sentry-envelope',
  );

  page = await signedInPage(browser, pharos, cookie, 900);
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await pharos?.close();
});

const traceRows = (p: Page) => p.getByRole('grid', { name: 'Traces' }).getByRole('row');

describe('traces', () => {
  it('lists traces and filters them by errors and duration, keeping the filters in the URL', async () => {
    await page.goto('/traces');
    const grid = page.getByRole('grid', { name: 'Traces' });
    await grid.getByRole('link', { name: 'GET /checkout' }).waitFor();
    await grid.getByRole('link', { name: 'GET /health' }).waitFor();
    await expectAccessible(page, 'traces-list');

    await page.getByRole('checkbox', { name: 'Errors only' }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('errors')).toBe('1');
    await expect.poll(() => traceRows(page).count()).toBe(2); // header + the failing trace
    await grid.getByRole('link', { name: 'GET /checkout' }).waitFor();

    await page.getByRole('checkbox', { name: 'Errors only' }).click();
    await page.getByLabel('Slower than (ms)').fill('100');
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('min_ms')).toBe('100');
    await expect.poll(() => traceRows(page).count()).toBe(2);
    await page.getByLabel('Slower than (ms)').fill('5000');
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.getByText('No traces match').waitFor();
  }, 60_000);

  it('shows the waterfall in order, opens span details, moves with the keyboard and links logs and errors', async () => {
    await page.goto('/traces');
    await page
      .getByRole('grid', { name: 'Traces' })
      .getByRole('link', { name: 'GET /checkout' })
      .click();
    await expect.poll(() => new URL(page.url()).pathname).toBe(`/traces/${SLOW}`);
    const tree = page.getByRole('tree', { name: 'Spans of the trace' });
    const items = tree.getByRole('treeitem');
    await expect.poll(() => items.count()).toBe(4);
    const labels = await items.evaluateAll((els) =>
      els.map(
        (e) =>
          `${e.querySelector('.wf-service')?.textContent}: ${e.querySelector('.wf-name')?.textContent}`,
      ),
    );
    expect(labels).toEqual([
      'frontend: GET /checkout',
      'checkout-api: POST /orders',
      'checkout-api: SELECT orders',
      'checkout-api: POST /pay',
    ]);
    expect(await items.evaluateAll((els) => els.map((e) => e.getAttribute('aria-level')))).toEqual([
      '1',
      '2',
      '3',
      '3',
    ]);
    // The root is selected at first; its details are shown.
    const details = page.getByRole('region', { name: 'GET /checkout' });
    await details.getByText('/checkout', { exact: true }).waitFor();

    await items.nth(2).click();
    await page.getByRole('heading', { name: 'SELECT orders', level: 2 }).waitFor();
    await page.getByText('cache.miss').waitFor();
    expect(new URL(page.url()).searchParams.get('span')).toBe(ids.db);

    // Keyboard: down to POST /pay (an error span with a log and an error event).
    await page.keyboard.press('ArrowDown');
    await page.getByRole('heading', { name: 'POST /pay', level: 2 }).waitFor();
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-span-id')))
      .toBe(PAY);
    const pay = page.getByRole('region', { name: 'POST /pay' });
    await pay.getByText('card declined').first().waitFor();
    await pay.getByText('payment provider said no').waitFor();
    // Left goes to the parent, and collapsing it hides its children.
    await page.keyboard.press('ArrowLeft');
    await page.getByRole('heading', { name: 'POST /orders', level: 2 }).waitFor();
    await page.keyboard.press('ArrowLeft');
    await expect.poll(() => items.count()).toBe(2);
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => items.count()).toBe(4);

    const logs = page.getByRole('region', { name: 'Logs (1)' });
    await logs.getByText('payment provider said no').waitFor();
    expect(await logs.getByRole('link', { name: 'Open in Explore' }).getAttribute('href')).toBe(
      `/explore/pivot?trace_id=${SLOW}`,
    );
    await expectAccessible(page, 'trace-waterfall');
    // The other theme keeps the contrast too.
    const toggle = page.getByRole('button', { name: /^Switch to (dark|light) theme$/ });
    await toggle.click();
    await expectAccessible(page, 'trace-waterfall-other-theme');
    await toggle.click();

    const errors = page.getByRole('region', { name: 'Errors (1)' });
    await errors.getByRole('link', { name: 'PaymentError' }).click();
    await expect.poll(() => new URL(page.url()).pathname).toMatch(/^\/errors\/[0-9a-f-]{36}$/);
    await page.getByRole('heading', { name: /PaymentError/, level: 1 }).waitFor();
  }, 60_000);

  it('says so when a trace does not exist', async () => {
    await page.goto('/traces');
    await page.getByRole('heading', { name: 'Traces', level: 1 }).waitFor();
    const open = page.getByRole('form', { name: 'Open a trace by id' });
    await open.getByLabel('Trace id').fill('not-a-trace');
    await open.getByRole('button', { name: 'Open' }).click();
    await open.getByText('32 hexadecimal characters.').waitFor();
    await open.getByLabel('Trace id').fill('F'.repeat(32));
    await open.getByRole('button', { name: 'Open' }).click();
    await expect.poll(() => new URL(page.url()).pathname).toBe(`/traces/${'f'.repeat(32)}`);
    await page.getByRole('alert').getByText('Not found', { exact: true }).waitFor();
    await expectAccessible(page, 'trace-missing');
  });
});
