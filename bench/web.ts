// The web UI's production bundle and load speed: builds it, prints the gzip size of what the
// first page view loads (index.html's scripts, preloads and styles), then starts Pharos on a
// fresh data directory and measures time to interactive of /sign-in and /audit in headless
// Chromium: navigation start to the page's main control visible and enabled, fresh browser
// context (cold cache) each run, median of RUNS. Then smoothness on /kit (bench/lib/web-frames.ts):
// frame rate and worst frame while the 100k-row table scrolls and while the mouse sweeps the
// 50 x 1,000 time series, and the time until that chart first paints.
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { freePort } from '../apps/server/src/db/embedded.ts';
import { describeFrames, measureKit } from './lib/web-frames.ts';

const RUNS = Number(process.argv[2] ?? 5);
const root = new URL('..', import.meta.url).pathname;
const dist = join(root, 'apps/web/dist');
const CHROMIUM = process.env.PHAROS_CHROMIUM ?? '/usr/bin/chromium';

const gz = (file: string) => gzipSync(readFileSync(file), { level: 9 }).length;
const kb = (n: number) => `${(n / 1024).toFixed(1)} kB`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

// 1. Build ------------------------------------------------------------------------------------
const t0 = performance.now();
const built = spawnSync('npm', ['run', 'build', '--silent', '-w', '@pharos/web'], {
  cwd: root,
  stdio: ['ignore', 'ignore', 'inherit'],
});
if (built.status !== 0) throw new Error('web build failed');
console.log(`build: ${(performance.now() - t0).toFixed(0)} ms`);

// 2. Initial route size -------------------------------------------------------------------------
const html = readFileSync(join(dist, 'index.html'), 'utf8');
const initial = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.(?:js|css))"/g)].map(
  (m) => m[1]!,
);
let js = 0;
let css = 0;
for (const f of initial) {
  if (f.endsWith('.js')) js += gz(join(dist, f));
  else css += gz(join(dist, f));
}
const all = readdirSync(join(dist, 'assets'));
const total = all.reduce((s, f) => s + gz(join(dist, 'assets', f)), 0);
const raw = initial.reduce((s, f) => s + statSync(join(dist, f)).size, 0);
console.log(
  `initial route (gzip): ${kb(js + css)} (JS ${kb(js)} + CSS ${kb(css)}, ${initial.length} files, ${kb(raw)} uncompressed) + index.html ${kb(gz(join(dist, 'index.html')))}`,
);
console.log(`all assets (gzip): ${kb(total)} in ${all.length} files (screens load on demand)`);

// 3. Time to interactive -----------------------------------------------------------------------
const dir = mkdtempSync(join(tmpdir(), 'pharos-bench-web-'));
chmodSync(dir, 0o711); // as root, the embedded PostgreSQL runs as `postgres` and must enter it
const port = await freePort();
const base = `http://127.0.0.1:${port}`;
const child = spawn('node', ['apps/server/bin/pharos.mjs', 'start'], {
  cwd: root,
  env: {
    ...process.env,
    PORT: String(port),
    PHAROS_DATA_DIR: join(dir, 'data'),
    PHAROS_LOG_LEVEL: 'warn',
  },
  stdio: ['ignore', 'pipe', 'inherit'],
  detached: true,
});
let out = '';
child.stdout.on('data', (d: Buffer) => (out += d.toString()));

async function waitFor<T>(what: string, fn: () => Promise<T | null>, ms = 120_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`pharos exited with ${child.exitCode}`);
    const v = await fn().catch(() => null);
    if (v !== null) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Signs the first-run admin in and replaces the one-time password; returns the cookie value. */
async function adminSession(): Promise<string> {
  const m = /sign in as (\S+) with the one-time password (\S+)/.exec(out);
  if (!m) throw new Error(`no first-run credentials in the output:\n${out}`);
  const [, email, password] = m;
  const res = await fetch(`${base}/api/v1/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  const cookie = /pharos_session=([^;]+)/.exec(res.headers.get('set-cookie') ?? '')?.[1];
  if (!cookie) throw new Error(`sign-in failed: ${res.status}`);
  const pw = await fetch(`${base}/api/v1/me/password`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: `pharos_session=${cookie}` },
    body: JSON.stringify({ current_password: password, new_password: 'bench password 1234' }),
  });
  if (!pw.ok) throw new Error(`password change failed: ${pw.status}`);
  return cookie;
}

// A control that is visible and enabled. Runs in the page (a function, not a string: the CSP
// forbids eval); typed loosely because this file is checked without the DOM library.
type Doc = {
  querySelector(
    s: string,
  ): { disabled?: boolean; getBoundingClientRect(): { height: number } } | null;
};
const interactive = (selector: string) =>
  (globalThis as unknown as { document: Doc }).document.querySelector(selector) !== null &&
  (() => {
    const el = (globalThis as unknown as { document: Doc }).document.querySelector(selector)!;
    return !el.disabled && el.getBoundingClientRect().height > 0;
  })();

try {
  await waitFor('/readyz', async () => ((await fetch(`${base}/readyz`)).ok ? true : null));
  await waitFor(
    'first-run output',
    async () => (out.includes('one-time password') ? true : null),
    10_000,
  );
  const cookie = await adminSession();
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
    ],
  });
  const pages = [
    { path: '/sign-in', ready: 'input[name="email"]', signedIn: false },
    {
      path: '/audit',
      ready: '[role="grid"][aria-label="Audit events"] button.row-link',
      signedIn: true,
    },
  ];
  try {
    for (const p of pages) {
      const times: number[] = [];
      for (let i = 0; i < RUNS + 1; i++) {
        const ctx = await browser.newContext({ viewport: { width: 1366, height: 800 } });
        if (p.signedIn)
          await ctx.addCookies([{ name: 'pharos_session', value: cookie, url: base }]);
        const page = await ctx.newPage();
        await page.goto(base + p.path, { waitUntil: 'commit' });
        await page.waitForFunction(interactive, p.ready, {
          polling: 'raf',
          timeout: 30_000,
        });
        const ms = (await page.evaluate('performance.now()')) as number;
        // The first run warms up the server and the browser; it is not counted.
        if (i > 0) times.push(ms);
        await ctx.close();
      }
      console.log(
        `time to interactive ${p.path}: median ${median(times).toFixed(0)} ms of ${RUNS} (min ${Math.min(...times).toFixed(0)}, max ${Math.max(...times).toFixed(0)}), cold cache`,
      );
    }
    const kitRuns = Math.max(1, Math.min(RUNS, 3));
    const kit = await measureKit(browser, base, cookie, kitRuns);
    const fr = kit.chartFirstRenderMs;
    console.log(
      `/kit 50x1,000 chart first render: median ${median(fr).toFixed(0)} ms of ${fr.length} (min ${Math.min(...fr).toFixed(0)}, max ${Math.max(...fr).toFixed(0)}), navigation start to canvas, cold cache`,
    );
    const tooltip = kit.tooltipShown ? 'tooltip shown' : 'tooltip NOT shown';
    for (const [name, runs] of [
      ['scroll the 100k-row table', kit.table],
      [`sweep the mouse over the 50x1,000 chart (${tooltip})`, kit.chart],
    ] as const) {
      console.log(`/kit ${name}, ~2 s per run:`);
      runs.forEach((r, i) => console.log(`  run ${i + 1}: ${describeFrames(r)}`));
    }
  } finally {
    await browser.close();
  }
} finally {
  // Pharos stops its embedded PostgreSQL itself on SIGTERM.
  process.kill(child.pid!, 'SIGTERM');
  await new Promise((r) => child.once('exit', r));
  rmSync(dir, { recursive: true, force: true });
}
