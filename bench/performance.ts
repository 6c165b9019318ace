// Endpoint statistics: how fast the performance.aggregate job turns spans into per-minute rows
// and rollups, and how fast the performance API answers over 24 hours from them, each against
// a baseline measured in the same run (a plain scan of the same spans; the same question asked
// of the raw spans). Runs its own embedded PostgreSQL in a temporary directory.
//   npm run bench -- performance [requests=1000000] [runs=10]
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { from as copyFrom } from 'pg-copy-streams';
import { createDb } from '../apps/server/src/db/client.ts';
import type { Ctx } from '../apps/server/src/db/context.ts';
import { startEmbeddedPostgres } from '../apps/server/src/db/embedded.ts';
import { migrate } from '../apps/server/src/db/migrate.ts';
import { ensurePartitions } from '../apps/server/src/db/partitions.ts';
import { aggregateEndpointStats } from '../apps/server/src/modules/performance/index.ts';
import { getEndpointPerformance } from '../apps/server/src/modules/performance/get-endpoint-performance.ts';
import { getPerformanceTrend } from '../apps/server/src/modules/performance/get-performance-trend.ts';
import { getServicePerformance } from '../apps/server/src/modules/performance/get-service-performance.ts';

const REQUESTS = Number(process.argv[2] ?? 1_000_000);
const RUNS = Number(process.argv[3] ?? 10);
const DAY = 86_400_000;
const MIN = 60_000;
const SERVICES = ['api', 'checkout', 'payments', 'search', 'auth', 'catalog', 'gateway', 'email'];
const ROUTES = Array.from({ length: 25 }, (_, i) => `/api/v1/resource${i}/{id}`);

let seed = 11;
const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
const hex = (bytes: number) => randomBytes(bytes).toString('hex');

/** COPY lines: each request is a server span plus an internal child span (not a request). */
function* lines(orgId: string, n: number, start: number): Generator<string> {
  let buf = '';
  for (let k = 0; k < n; k++) {
    const t = start + Math.floor((k / n) * DAY);
    const service = SERVICES[k % SERVICES.length]!;
    const r = Math.floor(rand() * ROUTES.length);
    const base = 5 + r * 30;
    const ms = Math.round(base * Math.exp((rand() + rand() + rand() - 1.5) * 1.2) * 1000) / 1000;
    const status = rand() < 0.02 ? 500 : rand() < 0.05 ? 404 : 200;
    const trace = hex(16);
    const span = hex(8);
    const s = new Date(t).toISOString();
    const e = new Date(t + ms).toISOString();
    buf += `${s}\t${orgId}\t${e}\t${ms}\t1\t${status}\t${trace}\t${span}\t\\N\tGET ${ROUTES[r]}\tserver\tunset\t${service}\tprod\tGET\t${ROUTES[r]}\n`;
    buf += `${s}\t${orgId}\t${s}\t1\t1\t\\N\t${trace}\t${hex(8)}\t${span}\trender\tinternal\tunset\t${service}\tprod\t\\N\t\\N\n`;
    if (buf.length > 1 << 20) {
      yield buf;
      buf = '';
    }
  }
  if (buf) yield buf;
}

function stats(xs: number[]) {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)]!;
  return { median: q(0.5), p95: q(0.95) };
}

async function time(fn: () => Promise<unknown>, runs = RUNS) {
  await fn();
  const xs: number[] = [];
  for (let k = 0; k < runs; k++) {
    const t0 = performance.now();
    await fn();
    xs.push(performance.now() - t0);
  }
  return stats(xs);
}

const dir = mkdtempSync(join(tmpdir(), 'pharos-bench-performance-'));
const pgDb = await startEmbeddedPostgres({
  dataDir: dir,
  port: 0,
  databaseName: 'pharos_bench',
  settings: {
    shared_buffers: '1GB',
    work_mem: '64MB',
    max_wal_size: '8GB',
    synchronous_commit: 'off',
    fsync: 'off',
    full_page_writes: 'off',
  },
});
const db = createDb(pgDb.url, 4);
try {
  await migrate(db.pool);
  await ensurePartitions(db.pool, 2);
  const orgId = (
    await db.pool.query<{ id: string }>(
      `INSERT INTO organizations (slug, name, settings) VALUES ('bench', 'bench', '{}') RETURNING id`,
    )
  ).rows[0]!.id;
  const now = Math.floor(Date.now() / MIN) * MIN;
  const start = now - DAY;
  const client = await db.pool.connect();
  const t0 = performance.now();
  try {
    await pipeline(
      Readable.from(lines(orgId, REQUESTS, start)),
      client.query(
        copyFrom(
          'COPY spans (start_time, org_id, end_time, duration_ms, project_id, status_code, trace_id, span_id, parent_span_id, name, kind, status, service, environment, method, route) FROM STDIN',
        ),
      ),
    );
  } finally {
    client.release();
  }
  await db.pool.query('ANALYZE spans');
  process.stdout.write(
    `loaded ${REQUESTS} requests (${2 * REQUESTS} spans) over 24 h in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`,
  );

  // Baseline: one pass over the same spans with the same grouping and no statistics.
  const scanStart = performance.now();
  await db.pool.query(
    `SELECT service, route, date_trunc('minute', start_time), count(*) FROM spans
      WHERE org_id = $1 AND kind = 'server' GROUP BY 1, 2, 3`,
    [orgId],
  );
  const scanMs = performance.now() - scanStart;

  // The first runs catch up the whole day (12 hour-sized chunks per run).
  const aggStart = performance.now();
  let rows = 0;
  for (let k = 0; k < 3; k++) {
    const r = await aggregateEndpointStats(db.db, { now: new Date(now), backfillMinutes: 25 * 60 });
    rows += r.minuteRows;
  }
  const aggMs = performance.now() - aggStart;
  // As autovacuum would after the first fill: without statistics the planner sorts wide rows.
  await db.pool.query('ANALYZE endpoint_stats, endpoint_stats_5m, endpoint_stats_1h');
  const steady = await time(() => aggregateEndpointStats(db.db, { now: new Date(now) }), 5);
  const perMinute = REQUESTS / 1440;

  const ctx: Ctx = {
    db: db.db,
    orgId,
    actor: {
      type: 'user',
      userId: randomUUID(),
      email: 'b@x.test',
      role: 'viewer',
      sessionId: 'x',
    },
    meta: {},
  };
  const from = new Date(now - DAY + 7 * MIN).toISOString();
  const to = new Date(now).toISOString();
  const endpoints = await time(() =>
    getEndpointPerformance({ ctx, input: { from, to, limit: 20 } }),
  );
  const services = await time(() => getServicePerformance({ ctx, input: { from, to } }));
  const trend = await time(() =>
    getPerformanceTrend({ ctx, input: { from, to, service: 'checkout', interval: 'auto' } }),
  );
  const raw = await time(
    () =>
      db.pool.query(
        `SELECT service, route, method, count(*), count(*) FILTER (WHERE status_code >= 500),
                percentile_cont(ARRAY[0.5, 0.95, 0.99]) WITHIN GROUP (ORDER BY duration_ms)
           FROM spans WHERE org_id = $1 AND start_time >= $2 AND start_time < $3 AND kind = 'server'
          GROUP BY 1, 2, 3 ORDER BY 4 DESC LIMIT 20`,
        [orgId, from, to],
      ),
    3,
  );

  const f = (x: number) => x.toFixed(1);
  process.stdout.write(
    [
      `aggregation, first runs over 24 h: ${f(aggMs)} ms for ${REQUESTS} requests = ${Math.round(REQUESTS / (aggMs / 1000))} requests/s into ${rows} minute rows`,
      `  baseline, one grouped scan of the same server spans: ${f(scanMs)} ms (aggregation costs ${(aggMs / scanMs).toFixed(1)}x the scan)`,
      `aggregation, steady-state run (5 trailing minutes, ${Math.round(perMinute)} requests/min): median ${f(steady.median)} ms, p95 ${f(steady.p95)} ms`,
      `API over 24 h (median / p95 of ${RUNS}):`,
      `  endpoints top 20 (rollups): ${f(endpoints.median)} / ${f(endpoints.p95)} ms`,
      `  services (rollups):         ${f(services.median)} / ${f(services.p95)} ms`,
      `  trend, one service, 5m:     ${f(trend.median)} / ${f(trend.p95)} ms`,
      `  baseline, endpoints top 20 from raw spans (percentile_cont): ${f(raw.median)} / ${f(raw.p95)} ms`,
      `  ratio raw / rollups (endpoints, median): ${(raw.median / endpoints.median).toFixed(1)}x`,
    ].join('\n') + '\n',
  );
} finally {
  await db.close();
  await pgDb.stop();
  rmSync(dir, { recursive: true, force: true });
}
