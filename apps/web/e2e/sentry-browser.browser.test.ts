import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import { build } from 'esbuild';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDsn } from '../../server/src/modules/errors/index.ts';
import { createKey } from '../../server/test/identity.ts';
import { launchChromium, startPharos, type Pharos } from './harness.ts';

/**
 * The official @sentry/browser SDK, bundled unmodified, in a page served from another origin (as
 * a monitored web app would be) reporting to a real Pharos: CORS, the browser transport (fetch,
 * text/plain, no credentials) and the issue read back through the errors API.
 */
let pharos: Pharos;
let browser: Browser;
let site: Server;
let siteUrl = '';

async function bundleSdk(): Promise<string> {
  const require = createRequire(new URL('../../server/package.json', import.meta.url));
  const entry = require.resolve('@sentry/browser');
  const out = await build({
    stdin: {
      contents: `import * as Sentry from ${JSON.stringify(entry)}; window.Sentry = Sentry;`,
      resolveDir: process.cwd(),
      loader: 'js',
    },
    bundle: true,
    format: 'iife',
    platform: 'browser',
    write: false,
    logLevel: 'silent',
  });
  return out.outputFiles[0]!.text;
}

beforeAll(async () => {
  const [p, b, sdk] = await Promise.all([startPharos(), launchChromium(), bundleSdk()]);
  pharos = p;
  browser = b;
  const key = await createKey(pharos.t, { scopes: ['ingest'] });
  const dsn = buildDsn(key, pharos.url, 1);
  const app = `
    Sentry.init({ dsn: ${JSON.stringify(dsn)}, release: 'web-shop@3.1.0', environment: 'browser-env' });
    Sentry.setUser({ id: 'browser-user-7' });
    function renderCart() { return undefined.items; }
    try { renderCart(); } catch (e) { Sentry.captureException(e); }
    Sentry.captureMessage('slow checkout 1234 ms', 'warning');
    Sentry.flush(5000).then((ok) => { window.sentryFlushed = ok; });`;
  site = createServer((req, res) => {
    if (req.url === '/sdk.js')
      return res.writeHead(200, { 'content-type': 'text/javascript' }).end(sdk);
    if (req.url === '/app.js')
      return res.writeHead(200, { 'content-type': 'text/javascript' }).end(app);
    res
      .writeHead(200, { 'content-type': 'text/html' })
      .end(
        '<!doctype html><title>shop</title><script src="/sdk.js"></script><script src="/app.js"></script>',
      );
  });
  await new Promise<void>((r) => site.listen(0, '127.0.0.1', r));
  const addr = site.address();
  siteUrl = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((r) => (site ? site.close(r) : r(null)));
  await pharos?.close();
});

describe('@sentry/browser 11 in Chromium against Pharos', () => {
  it('reports an exception and a message cross-origin; the issue reads back', async () => {
    const page = await browser.newPage();
    const failures: string[] = [];
    page.on('requestfailed', (r) => failures.push(`${r.url()} ${r.failure()?.errorText ?? ''}`));
    await page.goto(siteUrl);
    await expect
      .poll(() => page.evaluate(() => (window as { sentryFlushed?: boolean }).sentryFlushed), {
        timeout: 15_000,
      })
      .toBe(true);
    expect(failures).toEqual([]);

    const pool = pharos.t.db.handle.pool;
    const events = await pool.query(
      `SELECT error_type, message, user_id, platform, user_agent, url FROM error_events
        WHERE environment = 'browser-env' ORDER BY error_type NULLS LAST`,
    );
    expect(events.rows).toHaveLength(2);
    expect(events.rows[0]).toMatchObject({
      error_type: 'TypeError',
      user_id: 'browser-user-7',
      platform: 'javascript',
    });
    expect(events.rows[0].user_agent).toMatch(/Chrome/);
    expect(events.rows[0].url).toBe(`${siteUrl}/`);
    expect(events.rows[1]).toMatchObject({ error_type: null, message: 'slow checkout 1234 ms' });
    const groups = await pool.query(
      `SELECT error_type, last_release FROM error_groups WHERE 'browser-env' = ANY(environments) ORDER BY error_type`,
    );
    expect(groups.rows).toEqual([
      { error_type: 'Message', last_release: 'web-shop@3.1.0' },
      { error_type: 'TypeError', last_release: 'web-shop@3.1.0' },
    ]);
  }, 60_000);
});
