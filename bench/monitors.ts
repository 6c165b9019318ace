// `npm run bench -- monitors [MONITORS=1000] [INTERVAL=60] [SECONDS=70]`: one worker's monitor
// scheduler against a local HTTP server; prints sustained checks per second and the scheduling
// delay (start of check - slot) p50/p95/p99. Target: 1,000 monitors at 60 s with p95 < 2 s.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { loadConfig } from '../apps/server/src/config.ts';
import { ensureFirstRun } from '../apps/server/src/modules/identity/index.ts';
import { startMonitorScheduler } from '../apps/server/src/modules/monitors/index.ts';
import { createLogger } from '../apps/server/src/platform/logger.ts';
import { openDatabase } from '../apps/server/src/server.ts';

const MONITORS = Number(process.argv[2] ?? 1000);
const INTERVAL = Number(process.argv[3] ?? 60);
const SECONDS = Number(process.argv[4] ?? 70);

const dataDir = mkdtempSync(join(tmpdir(), 'pharos-bench-monitors-'));
const config = loadConfig(
  {
    PHAROS_DATA_DIR: dataDir,
    PHAROS_SECRET_KEY: randomBytes(32).toString('hex'),
    PHAROS_LOG_LEVEL: 'warn',
  },
  {},
);
const log = createLogger('warn');
const database = await openDatabase(config, log);
await ensureFirstRun(database.handle.db);
const db = database.handle.db;
const target = http.createServer((_req, res) => res.end('ok'));
await new Promise<void>((r) => target.listen(0, '127.0.0.1', r));
const base = `http://127.0.0.1:${(target.address() as AddressInfo).port}`;
const org = await db.selectFrom('organizations').select('id').executeTakeFirstOrThrow();
// Slots spread evenly over one interval, as a fleet created over time would be.
await sql`INSERT INTO monitors (org_id, name, kind, health_check_url, check_interval, timeout, next_check_at)
  SELECT ${org.id}, 'bench ' || i, 'http', ${base} || '/m/' || i, ${INTERVAL}, 10,
         now() + make_interval(secs => (i % ${INTERVAL})::double precision)
    FROM generate_series(1, ${MONITORS}) i`.execute(db);

const delays: number[] = [];
let checks = 0;
const started = Date.now();
const sched = startMonitorScheduler({
  db,
  secretKey: config.secretKey,
  log,
  onChecked: (c) => {
    checks++;
    delays.push(c.delayMs);
  },
});
await new Promise((r) => setTimeout(r, SECONDS * 1000));
await sched.stop(15_000);
const elapsed = (Date.now() - started) / 1000;
delays.sort((a, b) => a - b);
const p = (q: number) =>
  delays[Math.min(delays.length - 1, Math.ceil(q * delays.length) - 1)] ?? NaN;
process.stdout.write(
  `monitors=${MONITORS} interval=${INTERVAL}s run=${elapsed.toFixed(1)}s checks=${checks} ` +
    `rate=${(checks / elapsed).toFixed(1)}/s (needed ${(MONITORS / INTERVAL).toFixed(1)}/s) ` +
    `delay p50=${p(0.5)}ms p95=${p(0.95)}ms p99=${p(0.99)}ms max=${delays.at(-1)}ms\n`,
);
target.close();
await database.close();
rmSync(dataDir, { recursive: true, force: true });
