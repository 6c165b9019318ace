// Time from `npm start` to /readyz ready, and resident memory of Pharos and its embedded
// PostgreSQL once idle. Runs a cold start (fresh data directory: initdb + migrations) and then
// warm starts on the same directory; prints medians.
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../apps/server/src/db/embedded.ts';

const WARM_RUNS = Number(process.argv[2] ?? 3);
const root = new URL('..', import.meta.url).pathname;

function kb(pid: number, field: 'Rss' | 'Pss'): number {
  try {
    const text = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(text);
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

function descendants(pid: number): number[] {
  const all = readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  const children = new Map<number, number[]>();
  for (const d of all) {
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(d)]);
    } catch {
      /* process ended */
    }
  }
  const out: number[] = [];
  const walk = (p: number) => {
    for (const c of children.get(p) ?? []) {
      out.push(c);
      walk(c);
    }
  };
  walk(pid);
  return out;
}

function comm(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return '';
  }
}

async function waitReady(port: number, child: ChildProcess, t0: number): Promise<number> {
  for (;;) {
    if (child.exitCode !== null) throw new Error(`pharos exited with ${child.exitCode}`);
    try {
      const r = await fetch(`http://127.0.0.1:${port}/readyz`);
      if (r.status === 200) return performance.now() - t0;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function run(dataDir: string) {
  const port = await freePort();
  const t0 = performance.now();
  const child = spawn('npm', ['start', '--silent'], {
    cwd: root,
    env: { ...process.env, PORT: String(port), PHAROS_DATA_DIR: dataDir, PHAROS_LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'inherit'],
    detached: true,
  });
  const ms = await waitReady(port, child, t0);
  await new Promise((r) => setTimeout(r, 5000)); // let it settle to idle
  const procs = descendants(child.pid!);
  let pharosRss = 0;
  let pgRss = 0;
  let pgPss = 0;
  for (const p of procs) {
    const name = comm(p);
    if (name === 'postgres') {
      pgRss += kb(p, 'Rss');
      pgPss += kb(p, 'Pss');
    } else if (name === 'node' || name.startsWith('MainThread')) pharosRss += kb(p, 'Rss');
  }
  process.kill(-child.pid!, 'SIGTERM');
  await new Promise((r) => child.once('exit', r));
  return { ms, pharosMb: pharosRss / 1024, pgRssMb: pgRss / 1024, pgPssMb: pgPss / 1024 };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const dir = mkdtempSync(join(tmpdir(), 'pharos-bench-startup-'));
chmodSync(dir, 0o711); // as root, the embedded PostgreSQL runs as `postgres` and must enter it
try {
  const cold = await run(join(dir, 'data'));
  const warm = [];
  for (let i = 0; i < WARM_RUNS; i++) warm.push(await run(join(dir, 'data')));
  const f = (n: number) => n.toFixed(0);
  console.log(`cold start (initdb + migrations): ${f(cold.ms)} ms to /readyz`);
  console.log(
    `warm start, median of ${WARM_RUNS}: ${f(median(warm.map((w) => w.ms)))} ms to /readyz (target < 5000 ms)`,
  );
  const rss = median(warm.map((w) => w.pharosMb));
  const pg = median(warm.map((w) => w.pgPssMb));
  console.log(
    `idle resident memory: pharos ${f(rss)} MB RSS, postgres ${f(pg)} MB PSS (${f(median(warm.map((w) => w.pgRssMb)))} MB summed RSS)`,
  );
  console.log(`total idle: ${f(rss + pg)} MB (target < 500 MB)`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
