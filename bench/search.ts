// Log search at 1M and 10M records in 24 hours: newest-100 term search (1 h, 24 h), count by
// level per minute over 24 h (rollup), facet counts, term-filtered histograms (estimated from a
// sample; their error against an exact count is printed once per size), and the 10M/1M ratio.
// Also COPY throughput with and without the rollup trigger. Runs its own embedded PostgreSQL in
// a temporary directory.
//   npm run bench -- search [rows-small=1000000] [rows-large=10000000] [runs=15]
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { createDb, type DbHandle } from '../apps/server/src/db/client.ts';
import type { Ctx } from '../apps/server/src/db/context.ts';
import { startEmbeddedPostgres } from '../apps/server/src/db/embedded.ts';
import { migrate } from '../apps/server/src/db/migrate.ts';
import { ensurePartitions } from '../apps/server/src/db/partitions.ts';
import { compactLogCounts } from '../apps/server/src/modules/search/index.ts';
import { getLogFacets } from '../apps/server/src/modules/search/get-log-facets.ts';
import { getLogHistogram } from '../apps/server/src/modules/search/get-log-histogram.ts';
import { searchLogs } from '../apps/server/src/modules/search/search-logs.ts';

const SMALL = Number(process.argv[2] ?? 1_000_000);
const LARGE = Number(process.argv[3] ?? 10_000_000);
const RUNS = Number(process.argv[4] ?? 15);
const BATCH = 50_000;
const DAY = 86_400_000;

const SERVICES = ['api', 'checkout', 'payments', 'search', 'auth', 'worker', 'gateway', 'email'];
const LEVELS: Array<[string, number]> = [
  ['debug', 0.2],
  ['info', 0.6],
  ['warning', 0.12],
  ['error', 0.07],
  ['critical', 0.01],
];
const WORDS = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot', 'golf', 'hotel', 'india'];

let seed = 7;
const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)]!;
function level(): string {
  let x = rand();
  for (const [l, p] of LEVELS) if ((x -= p) < 0) return l;
  return 'info';
}

function message(lv: string): { text: string; status: string; latency: string } {
  const r = rand();
  const id = Math.floor(rand() * 1e6);
  const ms = Math.floor(rand() * 900) + 1;
  if (lv === 'error' || lv === 'critical') {
    return r < 0.5
      ? {
          text: `payment failed for order ${id}: card declined by issuer ${pick(WORDS)}`,
          status: '502',
          latency: String(ms),
        }
      : {
          text: `database connection lost to 10.0.${id % 255}.${id % 7} after ${ms} ms`,
          status: '503',
          latency: String(ms),
        };
  }
  if (lv === 'warning') {
    return {
      text: `retry timeout after ${ms % 30}s contacting ${pick(SERVICES)} (${pick(WORDS)})`,
      status: '\\N',
      latency: String(ms * 10),
    };
  }
  if (r < 0.6) {
    return {
      text: `GET /api/v1/${pick(WORDS)}/${id} 200 in ${ms} ms`,
      status: '200',
      latency: String(ms),
    };
  }
  if (r < 0.8)
    return {
      text: `user ${pick(WORDS)}${id % 500} logged in from 192.168.${id % 255}.${ms % 255}`,
      status: '\\N',
      latency: '\\N',
    };
  return {
    text: `cache miss for key session:${id} in region ${pick(WORDS)}`,
    status: '\\N',
    latency: '\\N',
  };
}

/** COPY text lines of n records spread evenly over [start, start + span), in time order. */
function* lines(orgId: string, n: number, start: number, span = DAY): Generator<string> {
  let buf = '';
  for (let k = 0; k < n; k++) {
    const t = new Date(start + Math.floor((k / n) * span)).toISOString();
    const lv = level();
    const m = message(lv);
    const host = `host-${Math.floor(rand() * 20)}`;
    const trace = rand() < 0.3 ? randomUUID().replace(/-/g, '') : '\\N';
    const attrs = `{"region": "${pick(WORDS)}", "user": {"id": ${Math.floor(rand() * 1000)}}}`;
    buf += `${t}\t${orgId}\t${randomUUID()}\t1\t${m.status}\t${m.latency}\t${lv}\t${pick(SERVICES)}\t${m.text}\t${trace}\t${host}\t${attrs}\n`;
    if (buf.length > 1 << 20) {
      yield buf;
      buf = '';
    }
  }
  if (buf) yield buf;
}

async function copyRows(
  pool: pg.Pool,
  orgId: string,
  n: number,
  start: number,
  span = DAY,
  batch = BATCH,
): Promise<void> {
  const client = await pool.connect();
  try {
    for (let done = 0; done < n; done += batch) {
      const size = Math.min(batch, n - done);
      // Each batch covers its slice of the span, so the batches arrive in time order.
      const sliceStart = start + (done / n) * span;
      const stream = client.query(
        copyFrom(
          'COPY log_records (time, org_id, record_id, project_id, status_code, latency_ms, level, service, message, trace_id, host, attributes) FROM STDIN',
        ),
      );
      await pipeline(
        Readable.from(lines(orgId, size, sliceStart, (size / n) * span), { objectMode: false }),
        stream,
      );
    }
  } finally {
    client.release();
  }
}

/** n rows in `parallel` connections, each over its own part of the records. */
async function load(pool: pg.Pool, orgId: string, n: number, start: number, parallel = 2) {
  const t0 = performance.now();
  const per = Math.ceil(n / parallel);
  await Promise.all(
    Array.from({ length: parallel }, (_, k) =>
      copyRows(pool, orgId, Math.min(per, n - k * per), start),
    ),
  );
  return n / ((performance.now() - t0) / 1000);
}

function stats(xs: number[]) {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)]!;
  return { median: q(0.5), p95: q(0.95) };
}

async function time(fn: () => Promise<unknown>): Promise<{ median: number; p95: number }> {
  for (let k = 0; k < 2; k++) await fn();
  const xs: number[] = [];
  for (let k = 0; k < RUNS; k++) {
    const t0 = performance.now();
    await fn();
    xs.push(performance.now() - t0);
  }
  return stats(xs);
}

async function measure(db: DbHandle, orgId: string, now: Date) {
  const ctx: Ctx = {
    db: db.db,
    orgId,
    actor: {
      type: 'user',
      userId: randomUUID(),
      email: 'bench@example.test',
      role: 'viewer',
      sessionId: 'x',
    },
    meta: {},
  };
  const iso = (ms: number) => new Date(now.getTime() - ms).toISOString();
  const to = now.toISOString();
  const out: Record<string, { median: number; p95: number }> = {};
  out['newest-100 "timeout", 1 h'] = await time(() =>
    searchLogs({ ctx, input: { q: 'timeout', from: iso(3_600_000), to, limit: 100 } }),
  );
  out['newest-100 "timeout", 24 h'] = await time(() =>
    searchLogs({ ctx, input: { q: 'timeout', from: iso(DAY), to, limit: 100 } }),
  );
  out['newest-100 service:payments level:error, 24 h'] = await time(() =>
    searchLogs({
      ctx,
      input: { q: 'service:payments level:error', from: iso(DAY), to, limit: 100 },
    }),
  );
  out['count by level per minute, 24 h (rollup)'] = await time(() =>
    getLogHistogram({ ctx, input: { q: '', from: iso(DAY), to, interval: '1m' } }),
  );
  out['count by level, auto interval, 24 h, service:checkout (rollup)'] = await time(() =>
    getLogHistogram({ ctx, input: { q: 'service:checkout', from: iso(DAY), to } }),
  );
  out['facets service,level, 24 h (rollup)'] = await time(() =>
    getLogFacets({ ctx, input: { fields: 'service,level', from: iso(DAY), to, size: 10 } }),
  );
  out['facets host,service,level, q=timeout, 24 h (newest 2,000 matching)'] = await time(() =>
    getLogFacets({
      ctx,
      input: { q: 'timeout', fields: 'host,service,level', from: iso(DAY), to, size: 10 },
    }),
  );
  out['count by level, q=timeout, 24 h (sample)'] = await time(() =>
    getLogHistogram({ ctx, input: { q: 'timeout', from: iso(DAY), to } }),
  );
  out['count by level, q=payment, 24 h (sample)'] = await time(() =>
    getLogHistogram({ ctx, input: { q: 'payment', from: iso(DAY), to } }),
  );
  out['count by level, q=service:checkout payment, 24 h (sample of checkout)'] = await time(() =>
    getLogHistogram({ ctx, input: { q: 'service:checkout payment', from: iso(DAY), to } }),
  );
  return out;
}

/** How far the sampled histogram of q is from the exact one (counted from every record). */
async function sampleError(db: DbHandle, orgId: string, now: Date, q: string) {
  const ctx: Ctx = { db: db.db, orgId, actor: { type: 'system', name: 'bench' }, meta: {} };
  const input = { q, from: new Date(now.getTime() - DAY).toISOString(), to: now.toISOString() };
  const est = await getLogHistogram({ ctx, input });
  const all = { exactRows: Number.MAX_SAFE_INTEGER, sampleRows: 0, maxProbes: 1 };
  const exact = await getLogHistogram({ ctx, input, limits: all });
  const errors = exact.buckets
    .map((b, k) => (b.total > 0 ? Math.abs(est.buckets[k]!.total - b.total) / b.total : null))
    .filter((e): e is number => e !== null);
  const sum = (h: typeof est) => h.buckets.reduce((s, b) => s + b.total, 0);
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  console.log(
    `  q=${q}: ${est.source} of ${est.sample?.records ?? 'all'} records; total ${sum(est)} vs exact ${sum(exact)} ` +
      `(${pct(sum(est) / sum(exact) - 1)}); per-bucket error median ${pct(stats(errors).median)}, p95 ${pct(stats(errors).p95)}`,
  );
}

const dir = mkdtempSync(join(tmpdir(), 'pharos-bench-search-'));
const pgDb = await startEmbeddedPostgres({
  dataDir: dir,
  port: 0,
  databaseName: 'pharos_bench',
  settings: {
    shared_buffers: '4GB',
    work_mem: '64MB',
    maintenance_work_mem: '512MB',
    max_wal_size: '16GB',
    checkpoint_timeout: '30min',
    synchronous_commit: 'off',
    fsync: 'off',
    full_page_writes: 'off',
  },
});
const db = createDb(pgDb.url, 8);
try {
  await migrate(db.pool);
  await ensurePartitions(db.pool, 2);
  const org = await db.pool.query<{ id: string }>(
    `INSERT INTO organizations (slug, name, settings) VALUES ('bench', 'bench', '{}') RETURNING id`,
  );
  const orgId = org.rows[0]!.id;
  await db.pool.query(
    `INSERT INTO projects (id, org_id, slug, name, settings) OVERRIDING SYSTEM VALUE VALUES (1, $1, 'bench', 'bench', '{}')`,
    [orgId],
  );
  const now = new Date();
  const start = now.getTime() - DAY;

  // COPY cost of the rollup trigger as live ingest meets it: 1,000-row COPYs of records from
  // the last 5 minutes (300k rows, 1k rows/s), into a scratch organization.
  const live = async () => {
    const t0 = performance.now();
    await copyRows(db.pool, scratch, 300_000, now.getTime() - 300_000, 300_000, 1000);
    return 300_000 / ((performance.now() - t0) / 1000);
  };
  const scratch = (
    await db.pool.query<{ id: string }>(
      `INSERT INTO organizations (slug, name, settings) VALUES ('scratch', 'scratch', '{}') RETURNING id`,
    )
  ).rows[0]!.id;
  const withTrigger = await live();
  await db.pool.query('ALTER TABLE log_records DISABLE TRIGGER log_records_count_insert');
  const withoutTrigger = await live();
  await db.pool.query('ALTER TABLE log_records ENABLE TRIGGER log_records_count_insert');
  await db.pool.query(`DELETE FROM log_records WHERE org_id = $1`, [scratch]);
  console.log(
    `COPY, 1 connection, 1,000-row batches of the last 5 minutes: ${Math.round(withTrigger)} rows/s with the rollup trigger, ` +
      `${Math.round(withoutTrigger)} without (${((withTrigger / withoutTrigger) * 100).toFixed(0)}%)`,
  );

  const results: Array<Record<string, { median: number; p95: number }>> = [];
  let loaded = 0;
  for (const target of [SMALL, LARGE]) {
    const rate = await load(db.pool, orgId, target - loaded, start);
    loaded = target;
    const before = await db.pool.query<{ n: string }>('SELECT count(*) AS n FROM log_counts_1m');
    const t0 = performance.now();
    await compactLogCounts(db.db);
    const compactMs = performance.now() - t0;
    const after = await db.pool.query<{ n: string }>('SELECT count(*) AS n FROM log_counts_1m');
    await db.pool.query('VACUUM ANALYZE log_records');
    await db.pool.query('VACUUM ANALYZE log_counts_1m');
    console.log(
      `\n${target.toLocaleString()} rows (loaded at ${Math.round(rate)} rows/s, 2 connections); ` +
        `rollup ${before.rows[0]!.n} -> ${after.rows[0]!.n} rows after compaction (${compactMs.toFixed(0)} ms)`,
    );
    const r = await measure(db, orgId, now);
    results.push(r);
    for (const [name, s] of Object.entries(r)) {
      console.log(
        `  ${name.padEnd(72)} median ${s.median.toFixed(1).padStart(7)} ms  p95 ${s.p95.toFixed(1).padStart(7)} ms`,
      );
    }
    console.log('sampled histograms against exact counts (auto interval, 24 h):');
    for (const q of ['timeout', 'payment', 'host:host-3', 'service:checkout payment']) {
      await sampleError(db, orgId, now, q);
    }
  }
  console.log(`\nratio ${LARGE / 1e6}M / ${SMALL / 1e6}M (p95):`);
  for (const name of Object.keys(results[0]!)) {
    const ratio = results[1]![name]!.p95 / results[0]![name]!.p95;
    console.log(`  ${name.padEnd(72)} ${ratio.toFixed(2)}x`);
  }
} finally {
  await db.close();
  await pgDb.stop();
  rmSync(dir, { recursive: true, force: true });
}
