// Smoothness of the component kit's heavy cases on the production build (used by bench/web.ts):
// frame intervals while the 100k-row DataTable scrolls and while the mouse sweeps the 50 x 1,000
// time series (tooltips, axis pointer), plus the time until that chart first paints. Frames are
// requestAnimationFrame intervals recorded in the page, so main-thread work shows up as long
// frames; the first interval is dropped (it includes the recorder's own start).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';

export interface FrameStats {
  frames: number;
  fps: number;
  medianMs: number;
  p95Ms: number;
  worstMs: number;
}

// The page's globals, typed loosely: this file is checked without the DOM library.
type El = {
  scrollTop: number;
  getBoundingClientRect(): { left: number; top: number; width: number; height: number };
};
type PageGlobals = {
  document: { querySelector(s: string): El | null };
  requestAnimationFrame(cb: (t: number) => void): number;
  performance: { now(): number };
  __pxFrames?: Promise<number[]>;
};

/** Starts recording rAF intervals for `ms`; scrolls `selector` by `scrollStep` px per frame if set. */
function startRecorder(args: { ms: number; selector: string | null; scrollStep: number }) {
  const g = globalThis as unknown as PageGlobals;
  const el = args.selector ? g.document.querySelector(args.selector) : null;
  g.__pxFrames = new Promise<number[]>((resolve) => {
    const intervals: number[] = [];
    let start = 0;
    let last = 0;
    const step = (t: number) => {
      if (start === 0) start = t;
      else intervals.push(t - last);
      last = t;
      if (el) el.scrollTop += args.scrollStep;
      if (t - start < args.ms) g.requestAnimationFrame(step);
      else resolve(intervals);
    };
    g.requestAnimationFrame(step);
  });
}

function collect() {
  return (globalThis as unknown as PageGlobals).__pxFrames ?? Promise.resolve([]);
}

export function frameStats(intervals: number[]): FrameStats {
  const xs = intervals.slice(1).sort((a, b) => a - b);
  const total = xs.reduce((s, x) => s + x, 0);
  const at = (q: number) => xs[Math.min(xs.length - 1, Math.floor(q * xs.length))] ?? NaN;
  return {
    frames: xs.length,
    fps: total > 0 ? (xs.length * 1000) / total : 0,
    medianMs: at(0.5),
    p95Ms: at(0.95),
    worstMs: xs[xs.length - 1] ?? NaN,
  };
}

export const describeFrames = (s: FrameStats) =>
  `${s.fps.toFixed(1)} fps, frame median ${s.medianMs.toFixed(1)} ms, p95 ${s.p95Ms.toFixed(1)} ms, worst ${s.worstMs.toFixed(1)} ms (${s.frames} frames)`;

const BIG_TABLE = '[data-testid="kit-big-table"] .px-table-scroll';
const BIG_CHART = '[data-testid="kit-big-timeseries"]';

/** Navigation start to the big chart's canvas being in the page, cold cache. */
async function chartFirstRender(page: Page, url: string): Promise<number> {
  await page.goto(url, { waitUntil: 'commit' });
  const canvas = `${BIG_CHART} canvas`;
  await page.waitForFunction(
    (s: string) => (globalThis as unknown as PageGlobals).document.querySelector(s) !== null,
    canvas,
    { polling: 'raf', timeout: 60_000 },
  );
  return (await page.evaluate(() =>
    (globalThis as unknown as PageGlobals).performance.now(),
  )) as number;
}

/**
 * PHAROS_BENCH_PROFILE=DIR keeps a CPU profile of each measurement (table.cpuprofile,
 * chart.cpuprofile; open them in DevTools). Returns the function that stops and saves it.
 */
async function startProfile(page: Page, name: string): Promise<() => Promise<void>> {
  const dir = process.env.PHAROS_BENCH_PROFILE;
  if (!dir) return async () => undefined;
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.start');
  return async () => {
    const { profile } = await cdp.send('Profiler.stop');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `${name}.cpuprofile`), JSON.stringify(profile));
  };
}

async function scrollTable(page: Page, ms: number): Promise<FrameStats> {
  const table = page.locator(BIG_TABLE);
  await table.scrollIntoViewIfNeeded();
  await table.evaluate((el) => ((el as unknown as El).scrollTop = 0));
  const stop = await startProfile(page, 'table');
  // ~12 rows a frame: every frame renders new rows, like a fast wheel or a dragged scrollbar.
  await page.evaluate(startRecorder, { ms, selector: BIG_TABLE, scrollStep: 300 });
  const stats = frameStats(await page.evaluate(collect));
  await stop();
  return stats;
}

async function sweepChart(
  page: Page,
  ms: number,
): Promise<{ stats: FrameStats; tooltip: boolean }> {
  const chart = page.locator(BIG_CHART);
  await chart.scrollIntoViewIfNeeded();
  const box = await chart.locator('canvas').first().boundingBox();
  if (!box) throw new Error('the big chart has no canvas');
  const y = box.y + box.height * 0.45;
  await page.mouse.move(box.x + 5, y);
  const stop = await startProfile(page, 'chart');
  await page.evaluate(startRecorder, { ms, selector: null, scrollStep: 0 });
  // Real input events (through DevTools), left to right and back, as fast as the page takes them.
  const end = Date.now() + ms;
  for (let i = 0; Date.now() < end; i++) {
    const phase = (i % 200) / 200;
    const x = box.x + 10 + (box.width - 20) * (phase < 0.5 ? phase * 2 : 2 - phase * 2);
    await page.mouse.move(x, y);
  }
  const stats = frameStats(await page.evaluate(collect));
  await stop();
  const tooltip = await page.evaluate((s: string) => {
    const g = globalThis as unknown as {
      document: { querySelectorAll(s: string): ArrayLike<{ textContent: string | null }> };
    };
    const divs = Array.from(g.document.querySelectorAll(`${s} div`));
    return divs.some((d) => /\+\d+ more/.test(d.textContent ?? ''));
  }, BIG_CHART);
  await page.mouse.move(0, 0);
  return { stats, tooltip };
}

export interface KitSmoothness {
  chartFirstRenderMs: number[];
  table: FrameStats[];
  chart: FrameStats[];
  tooltipShown: boolean;
}

/** Opens /kit `runs` times in fresh contexts (signed in with `cookie`) and measures each case. */
export async function measureKit(
  browser: Browser,
  base: string,
  cookie: string,
  runs: number,
  ms = 2_000,
): Promise<KitSmoothness> {
  const out: KitSmoothness = { chartFirstRenderMs: [], table: [], chart: [], tooltipShown: false };
  for (let i = 0; i < runs + 1; i++) {
    const ctx = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    await ctx.addCookies([{ name: 'pharos_session', value: cookie, url: base }]);
    // tsx (esbuild keepNames) wraps named inner functions in __name(), which the page lacks.
    await ctx.addInitScript('globalThis.__name = (f) => f;');
    const page = await ctx.newPage();
    const first = await chartFirstRender(page, `${base}/kit`);
    await page.locator(BIG_TABLE).waitFor();
    // Let the page settle (other charts, fonts) so the measurements see steady state.
    await page.waitForTimeout(500);
    const table = await scrollTable(page, ms);
    const chart = await sweepChart(page, ms);
    await ctx.close();
    if (i === 0) continue; // warm-up: server caches, browser start
    out.chartFirstRenderMs.push(first);
    out.table.push(table);
    out.chart.push(chart.stats);
    out.tooltipShown ||= chart.tooltip;
  }
  return out;
}
