// Synthetic log records for bench/search.ts: 8 services, 5 levels, a few message shapes (HTTP
// access lines, payment failures, timeouts, logins, cache misses), loaded with COPY.
import { randomUUID } from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

export const DAY = 86_400_000;
const BATCH = 50_000;

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

export async function copyRows(
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
export async function load(pool: pg.Pool, orgId: string, n: number, start: number, parallel = 2) {
  const t0 = performance.now();
  const per = Math.ceil(n / parallel);
  await Promise.all(
    Array.from({ length: parallel }, (_, k) =>
      copyRows(pool, orgId, Math.min(per, n - k * per), start),
    ),
  );
  return n / ((performance.now() - t0) / 1000);
}
