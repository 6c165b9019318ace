// Dashboard-style PromQL range queries over the Prometheus HTTP API (PERFORMANCE.md / issue 5
// target: p95 < 500 ms): 1,000 counter series scraped every 60 s, 24 hours at a 1-minute step
// from raw samples (compacted 2-hour chunks + the head), and 7 days at 5-minute and hourly steps
// from the rollups (filled by the metrics module's own refresh). Per query: median and p95 over
// HTTP, and where the time goes (PostgreSQL load vs engine vs JSON); the 7-day queries are also
// run once from raw samples, the baseline their rollup ratio is measured against. On a shared
// machine wall times follow the load average (printed); the CPU time per query (Node plus this
// bench's PostgreSQL processes) is printed too. The timed runs find the chunks in the source's
// chunk cache (as a dashboard's refreshes do); `cold` is the median of 3 runs with it emptied.
//   npm run bench -- promql [runs=10]
import { createApiKey } from '../apps/server/src/modules/identity/index.ts';
import { refreshMetricRollups } from '../apps/server/src/modules/metrics/index.ts';
import { systemCtx, withTransaction } from '../apps/server/src/db/context.ts';
import { rangeQuerySteps } from '../apps/server/src/modules/promql/engine/index.ts';
import { queryResponseBody } from '../apps/server/src/modules/promql/format-response.ts';
import { clearChunkCache } from '../apps/server/src/modules/promql/raw-samples.ts';
import { prepareQueryTransaction } from '../apps/server/src/modules/promql/repository.ts';
import { readdirSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import {
  DbSeriesSource,
  DEFAULT_SOURCE_LIMITS,
} from '../apps/server/src/modules/promql/source-db.ts';
import { listenBenchApp, startBenchDatabase } from './lib-pharos.ts';

const RUNS = Number(process.argv[2] ?? 10);
const SERIES = 1000;
const MIN = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
const CHUNK = 2 * HOUR; // PHAROS_METRICS_CHUNK_HOURS default

const bench = await startBenchDatabase('promql');
const pool = bench.database.handle.pool;
const db = bench.database.handle.db;
const E = Math.floor(Date.now() / MIN) * MIN - 5 * MIN;
const FIRST = E - 7 * DAY;
// The head holds the samples of chunk windows that ended less than 60 minutes ago.
const HEAD_START = Math.floor((E - HOUR) / CHUNK) * CHUNK;

const t0 = Date.now();
for (const table of [
  'metric_samples',
  'metric_sample_chunks',
  'metric_rollups_5m',
  'metric_rollups_1h',
])
  await pool.query(`SELECT pharos_create_partitions($1, current_date - 8, 10)`, [table]);
await pool.query(
  `INSERT INTO metric_series (org_id, name, labels, fingerprint, type, service)
   SELECT $1, 'bench_requests_total',
          jsonb_build_object('job', 'job-' || (i % 10), 'instance', 'i-' || i, 'code', '200'),
          decode(md5('bench' || i), 'hex'), 'counter', 'job-' || (i % 10)
     FROM generate_series(1, $2) i`,
  [bench.orgId, SERIES],
);
// value(series k, minute m) = (1 + k % 10) * 60 * m + (m * k) % 13: a counter with a steady rate
// and some jitter, never decreasing.
const VALUE = `((1 + s.id % 10) * 60.0 * m + (m * s.id) % 13)::float8`;
const chunks = await pool.query(
  `INSERT INTO metric_sample_chunks (start_time, series_id, end_time, org_id, sample_count, time_deltas_ms, sample_values)
   SELECT to_timestamp(w / 1000.0), s.id, to_timestamp((w + 119 * 60000) / 1000.0), s.org_id, 120,
          ARRAY[0] || array_fill(60000, ARRAY[119]),
          ARRAY(SELECT ${VALUE} FROM generate_series((w - $1) / 60000, (w - $1) / 60000 + 119) m)
     FROM metric_series s, generate_series($2::bigint, $3::bigint - 7200000, 7200000) w`,
  [FIRST, Math.ceil(FIRST / CHUNK) * CHUNK, HEAD_START],
);
const head = await pool.query(
  `INSERT INTO metric_samples (time, series_id, value, org_id)
   SELECT to_timestamp(($1 + m * 60000) / 1000.0), s.id, ${VALUE}, s.org_id
     FROM metric_series s, generate_series(($2::bigint - $1) / 60000, ($3::bigint - $1) / 60000) m`,
  [FIRST, HEAD_START, E],
);
const loaded = Date.now();
const roll = await refreshMetricRollups(
  pool,
  { lookbackMinutes: 7 * 24 * 60, batchSeries: 250 },
  new Date(E),
);
const rolled = Date.now();
await pool.query('VACUUM ANALYZE');
process.stdout.write(
  `loaded ${SERIES} series: ${chunks.rowCount} chunks + ${head.rowCount} head rows (7 days, 60 s) in ${((loaded - t0) / 1000).toFixed(1)} s; ` +
    `rollups ${roll.buckets5m} x 5m + ${roll.buckets1h} x 1h by the refresh job in ${((rolled - loaded) / 1000).toFixed(1)} s\n`,
);

const { key } = await createApiKey({
  ctx: systemCtx(db, 'bench', bench.orgId),
  input: {
    name: 'bench-read',
    scopes: ['read'],
    ownerUserId: bench.ownerId,
    projectIds: null,
    allowedIps: null,
    rateLimit: null,
    expiresAt: null,
  },
});
const { app, port } = await listenBenchApp(bench);

interface Case {
  name: string;
  query: string;
  range: number;
  step: number;
}
const X = 'bench_requests_total';
const CASES: Case[] = [
  {
    name: '24h 1m sum by job of rate',
    query: `sum by (job) (rate(${X}[5m]))`,
    range: DAY,
    step: MIN,
  },
  { name: '24h 1m avg', query: `avg(${X})`, range: DAY, step: MIN },
  { name: '24h 1m plain selector (1,000 series)', query: X, range: DAY, step: MIN },
  {
    name: '24h 1m one series rate',
    query: `rate(${X}{instance="i-7"}[5m])`,
    range: DAY,
    step: MIN,
  },
  {
    name: '7d 5m sum by job of rate (5m rollup)',
    query: `sum by (job) (rate(${X}[5m]))`,
    range: 7 * DAY - HOUR,
    step: 5 * MIN,
  },
  {
    name: '7d 1h sum by job of rate (1h rollup)',
    query: `sum by (job) (rate(${X}[1h]))`,
    range: 7 * DAY - HOUR,
    step: HOUR,
  },
  { name: '7d 1h avg (1h rollup)', query: `avg(${X})`, range: 7 * DAY - HOUR, step: HOUR },
  {
    name: '7d 1h max by job of max_over_time (1h rollup)',
    query: `max by (job) (max_over_time(${X}[1h]))`,
    range: 7 * DAY - HOUR,
    step: HOUR,
  },
];

/** Grafana aligns a panel's range to its step. */
function window(c: Case) {
  const end = Math.floor(E / c.step) * c.step;
  return { start: end - Math.floor(c.range / c.step) * c.step, end };
}

/**
 * CPU time (ms) used so far by this bench's PostgreSQL (postmaster and its backends, from
 * /proc), so a figure can be given that does not depend on what else the machine runs.
 */
function pgCpuMs(): number {
  const pidFile = join(bench.config.dataDir, 'pg', 'postmaster.pid');
  const postmaster = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  let ticks = 0;
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(pid) === postmaster || Number(f[1]) === postmaster)
        ticks += Number(f[11]) + Number(f[12]);
    } catch {
      // the process ended meanwhile
    }
  }
  return ticks * 10; // USER_HZ = 100
}
const nodeCpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

async function http(c: Case): Promise<{ ms: number; bytes: number; cpu: number }> {
  const cpu0 = nodeCpuMs() + pgCpuMs();
  const { start, end } = window(c);
  const body = new URLSearchParams({
    query: c.query,
    start: String(start / 1000),
    end: String(end / 1000),
    step: String(c.step / 1000),
  });
  const t = performance.now();
  const res = await fetch(`http://127.0.0.1:${port}/api/v1/query_range`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${key}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body,
  });
  const text = await res.text();
  const ms = performance.now() - t;
  if (res.status !== 200) throw new Error(`${c.name}: ${res.status} ${text.slice(0, 300)}`);
  return { ms, bytes: text.length, cpu: nodeCpuMs() + pgCpuMs() - cpu0 };
}

/** In process: PostgreSQL load alone, then load + engine, then + JSON. */
async function breakdown(c: Case, rollups: boolean) {
  const { start, end } = window(c);
  const ctx = systemCtx(db, 'bench', bench.orgId);
  return withTransaction(ctx, async (tx) => {
    await prepareQueryTransaction(tx, 120_000);
    const limits = { ...DEFAULT_SOURCE_LIMITS, rollups };
    const timing = new DbSeriesSource(tx, limits);
    const inner = timing.select.bind(timing);
    let loadMs = 0;
    timing.select = async (m, h) => {
      const t = performance.now();
      const r = await inner(m, h);
      loadMs += performance.now() - t;
      return r;
    };
    const t = performance.now();
    const data = await rangeQuerySteps(c.query, { source: timing, start, end, step: c.step });
    const evalMs = performance.now() - t;
    const j = performance.now();
    queryResponseBody(data);
    const jsonMs = performance.now() - j;
    return { loadMs, engineMs: evalMs - loadMs, jsonMs, stats: timing.stats };
  });
}

const q = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
};
const f = (ms: number) => `${ms.toFixed(0).padStart(5)} ms`;

const all: number[] = [];
const allCpu: number[] = [];
const load = () =>
  loadavg()
    .map((x) => x.toFixed(1))
    .join(' ');
process.stdout.write(
  `\n${RUNS} runs per query over HTTP (POST form, as Grafana), after one warm-up; load average ${load()}:\n`,
);
for (const c of CASES) {
  await http(c);
  const times: number[] = [];
  const cpu: number[] = [];
  let bytes = 0;
  for (let i = 0; i < RUNS; i++) {
    const r = await http(c);
    times.push(r.ms);
    cpu.push(r.cpu);
    bytes = r.bytes;
  }
  all.push(...times);
  allCpu.push(...cpu);
  // Cold: the chunk cache emptied before each run (a chunk's first read since it was written).
  const cold: number[] = [];
  const coldCpu: number[] = [];
  for (let i = 0; i < 3; i++) {
    clearChunkCache();
    const r = await http(c);
    cold.push(r.ms);
    coldCpu.push(r.cpu);
  }
  const b = await breakdown(c, true);
  const path = b.stats.rollupSelects ? 'rollup' : 'raw';
  process.stdout.write(
    `${c.name.padEnd(48)} median ${f(q(times, 50))}  p95 ${f(q(times, 95))}  CPU ${f(q(cpu, 50))}  cold ${f(q(cold, 50))} (CPU ${f(q(coldCpu, 50))})  ` +
      `[${path}: ${b.stats.samples} points; load ${f(b.loadMs)}, engine ${f(b.engineMs)}, JSON ${f(b.jsonMs)}; ${(bytes / 1e6).toFixed(1)} MB]\n`,
  );
}
process.stdout.write(
  `overall: median ${f(q(all, 50))}, p95 ${f(q(all, 95))} (target p95 < 500 ms): ${q(all, 95) < 500 ? 'met' : 'NOT met'}; load average ${load()}\n` +
    `CPU per query (Node + PostgreSQL, what an idle machine would need at most): median ${f(q(allCpu, 50))}, p95 ${f(q(allCpu, 95))}\n`,
);

process.stdout.write('\nbaseline: the 7-day queries from raw samples (rollups off), once each:\n');
for (const c of CASES.filter((x) => x.range > DAY)) {
  const rolledUp = await breakdown(c, true);
  clearChunkCache();
  const raw = await breakdown(c, false);
  const total = (x: typeof raw) => x.loadMs + x.engineMs + x.jsonMs;
  process.stdout.write(
    `${c.name.padEnd(48)} raw ${f(total(raw))} (${raw.stats.samples} samples) vs rollup ${f(total(rolledUp))}: ${(total(raw) / total(rolledUp)).toFixed(1)}x faster\n`,
  );
}

await app.close();
await bench.cleanup();
