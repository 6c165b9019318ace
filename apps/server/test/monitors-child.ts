// A separate Pharos worker process for monitors.int.test.ts: runs the monitor scheduler against
// DATABASE_URL for RUN_MS and prints one JSON line per check it ran.
import pino from 'pino';
import { createDb } from '../src/db/client.ts';
import { startMonitorScheduler } from '../src/modules/monitors/index.ts';

const db = createDb(process.env.DATABASE_URL ?? '', 10, 'pharos-monitors-child');
const log = pino({ level: 'error' });
const sched = startMonitorScheduler({
  db: db.db,
  secretKey: Buffer.alloc(32, 1),
  log,
  tickMs: 200,
  concurrency: 50,
  onChecked: (c) =>
    process.stdout.write(
      JSON.stringify({ m: c.monitorId, slot: c.slot.toISOString(), status: c.outcome.status }) +
        '\n',
    ),
});
await new Promise((r) => setTimeout(r, Number(process.env.RUN_MS ?? '12000')));
await sched.stop(5000);
await db.close();
