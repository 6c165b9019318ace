import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/db.ts';
import { createIdentityTestApp, createKey, defaultOrgId } from '../../../test/identity.ts';
import type { TestApp } from '../../../test/app.ts';
import { createLogRecordsWriter, type LogRow } from '../logs/index.ts';
import { IngestBusyError, IngestPipelineCore, type IngestContext } from './index.ts';
import { startTcpProxy, type TcpProxy } from './testing/tcp-proxy.ts';

let db: TestDatabase;
let proxy: TcpProxy;
let orgId: string;
const dirs: string[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
  const u = new URL(db.url);
  proxy = await startTcpProxy(u.hostname, Number(u.port));
  orgId = await defaultOrgId(db.handle.db);
});
afterAll(async () => {
  await proxy?.close();
  await db?.drop();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function pipeline(opts: { spoolMaxBytes?: number } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'pharos-spool-'));
  dirs.push(dir);
  const pool = new pg.Pool({
    connectionString: proxy.url(db.url),
    max: 4,
    connectionTimeoutMillis: 2000,
  });
  pool.on('error', () => {});
  const core = new IngestPipelineCore({
    pool,
    spoolDir: dir,
    spoolMaxBytes: opts.spoolMaxBytes ?? 50_000_000,
    queueMaxBytes: 10_000_000,
    flushMaxRows: 5000,
    flushIntervalMs: 1,
    writeTimeoutMs: 3000,
    probeIntervalMs: 200,
    log: pino({ level: 'silent' }),
  });
  core.register(createLogRecordsWriter() as never);
  return { core, pool, dir };
}

const ctx = (): IngestContext => ({
  orgId,
  apiKeyId: null,
  projectIds: null,
  projectId: 1,
  source: 'test',
});

function batch(n: number, tag: string): LogRow[] {
  const time = new Date().toISOString();
  return Array.from({ length: n }, (_, i) => ({
    org_id: orgId,
    time,
    record_id: randomUUID(),
    project_id: 1,
    level: 'info' as const,
    service: tag,
    message: `${tag} ${i}`,
    attributes: { i },
    resource: {},
  }));
}

async function countsById(tag: string) {
  const r = await db.handle.pool.query<{ record_id: string; n: number }>(
    'SELECT record_id, count(*)::int AS n FROM log_records WHERE service = $1 GROUP BY record_id',
    [tag],
  );
  return new Map(r.rows.map((x) => [x.record_id, x.n]));
}

describe('ingest pipeline durability', () => {
  it('commits before resolving and stores a batch sent twice once', async () => {
    const { core, pool } = pipeline();
    await core.open();
    const rows = batch(300, 'twice');
    await core.submit(ctx(), [{ writer: 'log_records', rows }]);
    expect((await countsById('twice')).size).toBe(300); // visible right after submit resolved
    await Promise.all([
      core.submit(ctx(), [{ writer: 'log_records', rows }]),
      core.submit(ctx(), [{ writer: 'log_records', rows: [...rows, ...rows] }]),
    ]);
    const counts = await countsById('twice');
    expect(counts.size).toBe(300);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    await core.close();
    await pool.end();
  });

  it('writes a flush again without its stored rows when one batch repeats stored records', async () => {
    const { core, pool } = pipeline();
    await core.open();
    const old = batch(50, 'mixed');
    await core.submit(ctx(), [{ writer: 'log_records', rows: old }]);
    const fresh = batch(70, 'mixed');
    // Submitted together, so they share one flush: its plain COPY hits the stored rows
    // (unique violation) and the pipeline writes the flush again in replay mode.
    await Promise.all([
      core.submit(ctx(), [{ writer: 'log_records', rows: fresh }]),
      core.submit(ctx(), [{ writer: 'log_records', rows: old }]),
    ]);
    const counts = await countsById('mixed');
    expect(counts.size).toBe(120);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    await core.close();
    await pool.end();
  });

  it('acknowledges into the spool while PostgreSQL is unreachable and drains it once back', async () => {
    const { core, pool, dir } = pipeline();
    await core.open();
    const sent: LogRow[] = [];
    const first = batch(200, 'outage');
    await core.submit(ctx(), [{ writer: 'log_records', rows: first }]);
    sent.push(...first);
    await proxy.down();
    for (let i = 0; i < 5; i++) {
      const b = batch(100, 'outage');
      await core.submit(ctx(), [{ writer: 'log_records', rows: b }]);
      sent.push(...b);
    }
    expect(core.stats().databaseUp).toBe(false);
    expect(readdirSync(dir).filter((f) => f.endsWith('.spool')).length).toBeGreaterThan(0);
    // A replayed batch that was also committed (lost COMMIT reply) must not double either.
    const dup = sent.slice(0, 50);
    await core.submit(ctx(), [{ writer: 'log_records', rows: dup }]);
    await proxy.up();
    await expect.poll(() => core.stats().spoolFiles, { timeout: 15_000 }).toBe(0);
    const counts = await countsById('outage');
    expect(counts.size).toBe(sent.length);
    expect(sent.every((r) => counts.get(r.record_id) === 1)).toBe(true);
    await core.close();
    await pool.end();
  });

  it('refuses with IngestBusyError when the database is down and the spool is full', async () => {
    const { core, pool } = pipeline({ spoolMaxBytes: 60_000 });
    await core.open();
    await proxy.down();
    let busy: unknown = null;
    const accepted: LogRow[] = [];
    for (let i = 0; i < 20 && !busy; i++) {
      const b = batch(100, 'full');
      try {
        await core.submit(ctx(), [{ writer: 'log_records', rows: b }]);
        accepted.push(...b);
      } catch (err) {
        busy = err;
      }
    }
    expect(busy).toBeInstanceOf(IngestBusyError);
    expect((busy as IngestBusyError).retryAfterSeconds).toBeGreaterThan(0);
    await proxy.up();
    await expect.poll(() => core.stats().spoolFiles, { timeout: 15_000 }).toBe(0);
    const counts = await countsById('full');
    expect(accepted.every((r) => counts.get(r.record_id) === 1)).toBe(true);
    await core.close();
    await pool.end();
  });
});

describe('ingest over HTTP when busy', () => {
  let t: TestApp;
  afterAll(async () => t?.close());

  it('answers 503 with Retry-After when the spool is full and PostgreSQL is unreachable', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pharos-data-'));
    dirs.push(dir);
    t = await createIdentityTestApp({ PHAROS_DATA_DIR: dir, PHAROS_INGEST_SPOOL_MAX_BYTES: '0' });
    const key = await createKey(t, { scopes: ['ingest'] });
    const post = () =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/ingest/logs',
        headers: { authorization: `Bearer ${key}` },
        payload: '{"msg":"x"}',
      });
    expect((await post()).statusCode).toBe(200);
    // Every connection of the pipeline's pool dies and new ones fail: PostgreSQL is gone.
    const pool = t.db.handle.pool;
    const orig = pool.connect.bind(pool);
    (pool as unknown as { connect: () => Promise<never> }).connect = () =>
      Promise.reject(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }));
    try {
      const res = await post();
      expect(res.statusCode).toBe(503);
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    } finally {
      (pool as unknown as { connect: typeof orig }).connect = orig;
    }
  });
});
