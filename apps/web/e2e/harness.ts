import axe from 'axe-core';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { ensureDefaultOrganization } from '../../server/src/modules/identity/index.ts';
import { createIdentityTestApp } from '../../server/test/identity.ts';
import type { TestApp } from '../../server/test/app.ts';

export const CHROMIUM = process.env.PHAROS_CHROMIUM ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

export const SCREENSHOT_DIR = fileURLToPath(new URL('../../../test-results/web/', import.meta.url));

export interface Pharos {
  t: TestApp;
  url: string;
  admin: { email: string; password: string };
  close(): Promise<void>;
}

/** A real Pharos on its own database, listening on a free port, with a first-run admin. */
export async function startPharos(): Promise<Pharos> {
  const t = await createIdentityTestApp();
  const first = await ensureDefaultOrganization(t.db.handle.db, { createAdmin: true });
  if (!first.createdAdmin) throw new Error('first run did not create an admin');
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const addr = t.app.server.address();
  if (!addr || typeof addr === 'string') throw new Error('no listening address');
  return {
    t,
    url: `http://127.0.0.1:${addr.port}`,
    admin: first.createdAdmin,
    close: () => t.close(),
  };
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

/** Runs axe-core in the page; returns the serious and critical violations. */
export async function seriousAxeViolations(page: Page): Promise<AxeViolation[]> {
  const loaded = await page.evaluate(() => 'axe' in window);
  // Evaluated through the DevTools protocol, so the page keeps its real CSP (no inline scripts).
  if (!loaded) await page.evaluate(axe.source);
  const result = await page.evaluate(async () => {
    const w = window as unknown as { axe: typeof axe };
    const r = await w.axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact ?? null,
      help: v.help,
      nodes: v.nodes.slice(0, 5).map((n) => n.target.join(' ')),
    }));
  });
  return result.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: `${SCREENSHOT_DIR}${name}.png`, fullPage: true });
}

/**
 * A page of a new browser context that carries a Pharos session cookie (`name=value`, as
 * signIn() returns it), at the given viewport height, with a 20 s default timeout.
 */
export async function signedInPage(
  browser: Browser,
  pharos: Pharos,
  cookie: string,
  height = 900,
): Promise<Page> {
  // Reduced motion: charts draw at once, so screenshots show their data, not an animation frame.
  const ctx = await browser.newContext({
    baseURL: pharos.url,
    viewport: { width: 1366, height },
    reducedMotion: 'reduce',
  });
  const [name, value] = cookie.split('=') as [string, string];
  await ctx.addCookies([{ name, value, url: pharos.url }]);
  const page = await ctx.newPage();
  page.setDefaultTimeout(20_000);
  return page;
}

/** Screenshots the page (test-results/web/NAME.png), then fails on serious axe violations. */
export async function expectAccessible(page: Page, name: string): Promise<void> {
  await screenshot(page, name);
  const violations = await seriousAxeViolations(page);
  expect(violations, `${name}: ${JSON.stringify(violations, null, 2)}`).toEqual([]);
}
