import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Type } from '@sinclair/typebox';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testConfig } from '../../test/app.ts';
import { createTestDatabase, type TestDatabase } from '../../test/db.ts';
import { maintainPartitions } from '../db/partitions.ts';
import type { JobDefinition } from './catalog.ts';
import { jobCatalog, startJobRuntime } from './index.ts';

const silent = pino({ level: 'silent' });
const fast = {
  pollingIntervalSeconds: 0.5,
  cronMonitorIntervalSeconds: 1,
  cronWorkerIntervalSeconds: 1,
};

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.drop();
});

const q = async <R extends object = Record<string, unknown>>(
  text: string,
  values: unknown[] = [],
) => (await t.handle.pool.query<R>(text, values)).rows;

const CHILD = fileURLToPath(new URL('../../test/jobs-child.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

/** Runs test/jobs-child.ts as its own Node process; resolves to its JSON log lines. */
function runChild(id: string, env: Record<string, string>): Promise<Record<string, unknown>[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD], {
      cwd: ROOT,
      env: { ...process.env, ...env, CHILD_ID: id },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('error', reject);
    // A hung child must fail the test with its output, not time it out silently.
    const timer = setTimeout(() => child.kill('SIGKILL'), 45_000);
    child.on('exit', () => clearTimeout(timer));
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`child ${id} exited with ${code}: ${err}${out}`));
      resolve(
        out
          .split('\n')
          .filter((l) => l.startsWith('{'))
          .map((l) => JSON.parse(l) as Record<string, unknown>),
      );
    });
  });
}

describe('job runtime', () => {
  it('runs each singleton slot exactly once across two separate processes', async () => {
    const env = { DATABASE_URL: t.url, SEND_COUNT: '40', RUN_MS: '3500' };
    const [a, b] = await Promise.all([runChild('a', env), runChild('b', env)]);
    const logs = [...a, ...b];
    expect(a.some((l) => l.msg === 'child stopped')).toBe(true);
    expect(b.some((l) => l.msg === 'child stopped')).toBe(true);

    for (const name of ['partitions.maintain', 'sessions.cleanup']) {
      // Every job pg-boss recorded for this name, by singleton slot.
      const slots = await q<{ slot: string; jobs: number; completed: number }>(
        `SELECT singleton_on::text AS slot, count(*)::int AS jobs,
                count(*) FILTER (WHERE state = 'completed')::int AS completed
           FROM pgboss.job WHERE name = $1 GROUP BY 1 ORDER BY 1`,
        [name],
      );
      expect(slots.length).toBeGreaterThan(0);
      for (const s of slots) {
        expect(s.slot).not.toBeNull();
        // One job per slot. A cron slot that opened just before the children stopped may still
        // be queued (not run yet): that is fine, running it twice is not.
        expect(s.jobs).toBe(1);
      }
      const completed = slots.reduce((n, s) => n + s.completed, 0);
      expect(completed).toBeGreaterThan(0);
      // ...and the handlers really ran once per job, counted from both processes' logs.
      const runs = logs.filter((l) => l.job === name && l.msg === 'job completed');
      expect(runs.length).toBe(completed);
    }
    // Both processes tried to send them 40 times each; at most one send per slot got through.
    const sent = logs.filter((l) => l.msg === 'sends done') as { sent: number; accepted: number }[];
    expect(sent.map((s) => s.sent)).toEqual([40, 40]);
    expect(sent.reduce((n, s) => n + s.accepted, 0)).toBeLessThanOrEqual(4);
    // The cron path ran too: a minute-slot maintain was queued by the schedule (send-it queue).
    const cron = await q<{ n: number }>(
      `SELECT count(*)::int AS n FROM pgboss.job WHERE name = '__pgboss__send-it' AND singleton_key = 'partitions.maintain'`,
    );
    expect(cron[0]!.n).toBeGreaterThan(0);
    // Two Node processes starting under tsx take most of it on a loaded machine.
  }, 60_000);

  it('partitions.maintain creates partitions ahead for every table and drops expired ones', async () => {
    const tables = await q<{ table_name: string; default_retention_days: number }>(
      'SELECT table_name, default_retention_days FROM telemetry_tables ORDER BY 1',
    );
    expect(tables.length).toBeGreaterThan(0);
    // An old partition past retention, and one just inside it.
    const audit = tables.find((x) => x.table_name === 'audit_events')!;
    const days = audit.default_retention_days;
    await q(
      `SELECT pharos_create_partitions('audit_events', (now() AT TIME ZONE 'UTC')::date - $1::int, 1),
              pharos_create_partitions('audit_events', (now() AT TIME ZONE 'UTC')::date - $2::int, 1)`,
      [days + 5, days - 1],
    );
    const dayName = async (offset: number) =>
      (
        await q<{ d: string }>(
          `SELECT to_char((now() AT TIME ZONE 'UTC')::date + $1::int, 'YYYYMMDD') AS d`,
          [offset],
        )
      )[0]!.d;
    const oldName = `audit_events_p${await dayName(-(days + 5))}`;
    const keptName = `audit_events_p${await dayName(-(days - 1))}`;

    const result = await jobCatalog['partitions.maintain'].handler(
      { reason: 'manual' },
      {
        db: t.handle,
        config: testConfig({ PHAROS_PARTITION_DAYS_AHEAD: '3' }),
        log: silent,
        jobId: 'x',
      },
    );
    expect(result).toMatchObject({ tables: tables.length });
    expect(result.dropped).toBeGreaterThanOrEqual(1);

    const exists = async (name: string) =>
      (await q<{ r: string | null }>('SELECT to_regclass($1)::text AS r', [name]))[0]!.r;
    expect(await exists(oldName)).toBeNull();
    expect(await exists(keptName)).toBe(keptName);
    for (const { table_name } of tables) {
      for (let d = -1; d <= 3; d++) {
        expect(await exists(`${table_name}_p${await dayName(d)}`)).not.toBeNull();
      }
    }
  });

  it('keeps partitions an organization retention policy still needs', async () => {
    const [org] = await q<{ id: string }>(
      `INSERT INTO organizations (slug, name) VALUES ('keeper', 'Keeper') RETURNING id`,
    );
    // security_events: 365 days by default; this organization keeps them 800.
    await q(
      `INSERT INTO retention_policies (org_id, data_kind, retention_days) VALUES ($1, 'security_events', 800)`,
      [org!.id],
    );
    await q(
      `SELECT pharos_create_partitions('security_events', (now() AT TIME ZONE 'UTC')::date - 500, 1),
              pharos_create_partitions('security_events', (now() AT TIME ZONE 'UTC')::date - 900, 1)`,
    );
    const res = await maintainPartitions(t.handle.pool, 1);
    expect(res.find((r) => r.table === 'security_events')).toMatchObject({
      retentionDays: 800,
      dropped: 1,
    });
    const left = await q<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_inherits i JOIN pg_class p ON p.oid = i.inhparent
        WHERE p.relname = 'security_events'
          AND (SELECT to_date(right(c.relname, 8), 'YYYYMMDD') FROM pg_class c WHERE c.oid = i.inhrelid)
              < (now() AT TIME ZONE 'UTC')::date - 365`,
    );
    expect(left[0]!.n).toBe(1);
  });

  it('prunes release health and client reports by row, honouring organization policies', async () => {
    const orgs = await q<{ id: string }>(
      `INSERT INTO organizations (slug, name) VALUES ('rh-default', 'A'), ('rh-keeper', 'B') RETURNING id`,
    );
    const [a, b] = orgs.map((o) => o.id) as [string, string];
    // The keeper keeps error data 200 days instead of the default 90.
    await q(
      `INSERT INTO retention_policies (org_id, data_kind, retention_days) VALUES ($1, 'errors', 200)`,
      [b],
    );
    const projects = await q<{ id: string; org_id: string }>(
      `INSERT INTO projects (org_id, name, slug) VALUES ($1, 'p', 'p'), ($2, 'p', 'p') RETURNING id, org_id`,
      [a, b],
    );
    const project = (org: string) => projects.find((p) => p.org_id === org)!.id;
    const session = (org: string, id: string, daysAgo: number) =>
      q(
        `INSERT INTO release_sessions (org_id, project_id, session_id, release, started, updated, status)
         VALUES ($1, $2, $3, '1.0', now() - make_interval(days => $4), now() - make_interval(days => $4), 'ok')`,
        [org, project(org), id, daysAgo],
      );
    await session(a, 'a-old', 120);
    await session(a, 'a-new', 10);
    await session(b, 'b-old', 120);
    await session(b, 'b-older', 250);
    await q(
      `INSERT INTO client_outcomes (org_id, id, project_id, reported_at, outcome, reason, category, quantity)
       VALUES ($1, gen_random_uuid(), $2, now() - interval '100 days', 'discarded', 'queue_overflow', 'error', 3),
              ($1, gen_random_uuid(), $2, now() - interval '1 day', 'discarded', 'queue_overflow', 'error', 1)`,
      [a, project(a)],
    );
    const res = await maintainPartitions(t.handle.pool, 1);
    expect(res.find((r) => r.table === 'release_sessions')?.deletedRows).toBe(2);
    expect(res.find((r) => r.table === 'client_outcomes')?.deletedRows).toBe(1);
    const left = await q<{ session_id: string }>(
      `SELECT session_id FROM release_sessions WHERE org_id = ANY($1::uuid[]) ORDER BY session_id`,
      [[a, b]],
    );
    expect(left.map((r) => r.session_id)).toEqual(['a-new', 'b-old']);
    // A second run finds nothing more.
    const again = await maintainPartitions(t.handle.pool, 1);
    expect(again.reduce((n, r) => n + (r.deletedRows ?? 0), 0)).toBe(0);
  });

  it('partition maintenance is safe when two runs overlap', async () => {
    await q(
      `SELECT pharos_create_partitions('audit_events', (now() AT TIME ZONE 'UTC')::date - 900, 2)`,
    );
    const [a, b] = await Promise.all([
      maintainPartitions(t.handle.pool, 10),
      maintainPartitions(t.handle.pool, 10),
    ]);
    const sum = (r: typeof a, k: 'created' | 'dropped') => r.reduce((n, x) => n + x[k], 0);
    // The advisory lock serializes them per table: what one did, the other found done.
    expect(sum(a, 'dropped') + sum(b, 'dropped')).toBe(2);
    expect(sum(a, 'created') + sum(b, 'created')).toBeGreaterThan(0);
    for (const [i, x] of a.entries()) expect(Math.min(x.created, b[i]!.created)).toBe(0);
  });

  it('sessions.cleanup deletes only sessions expired or revoked more than 7 days ago', async () => {
    const [org] = await q<{ id: string }>(
      `INSERT INTO organizations (slug, name) VALUES ('cleanup', 'Cleanup') RETURNING id`,
    );
    const [user] = await q<{ id: string }>(
      `INSERT INTO users (org_id, email) VALUES ($1, 'cleanup@example.com') RETURNING id`,
      [org!.id],
    );
    const cases: [string, string, string | null, string | null, boolean][] = [
      // label, expires_at, refresh_expires_at, revoked_at, should be deleted
      ['active', `now() + interval '1 day'`, null, null, false],
      ['expired recently', `now() - interval '6 days'`, null, null, false],
      ['expired long ago', `now() - interval '8 days'`, null, null, true],
      [
        'expired, refresh still valid',
        `now() - interval '30 days'`,
        `now() + interval '1 day'`,
        null,
        false,
      ],
      [
        'expired, refresh expired long ago',
        `now() - interval '30 days'`,
        `now() - interval '8 days'`,
        null,
        true,
      ],
      ['revoked recently', `now() + interval '1 day'`, null, `now() - interval '1 day'`, false],
      ['revoked long ago', `now() + interval '1 day'`, null, `now() - interval '8 days'`, true],
    ];
    for (const [label, exp, refresh, revoked] of cases) {
      await q(
        `INSERT INTO sessions (org_id, user_id, token_hash, user_agent, expires_at, refresh_expires_at, revoked_at)
         VALUES ($1, $2, sha256(gen_random_uuid()::text::bytea), $3, ${exp}, ${refresh ?? 'NULL'}, ${revoked ?? 'NULL'})`,
        [org!.id, user!.id, label],
      );
    }
    const result = await jobCatalog['sessions.cleanup'].handler(
      {},
      { db: t.handle, config: testConfig(), log: silent, jobId: 'x' },
    );
    expect(result).toEqual({ deleted: cases.filter((c) => c[4]).length });
    const left = (
      await q<{ user_agent: string }>('SELECT user_agent FROM sessions ORDER BY 1')
    ).map((r) => r.user_agent);
    expect(left).toEqual(
      cases
        .filter((c) => !c[4])
        .map((c) => c[0])
        .sort(),
    );
  });

  it('validates payloads on send and stops gracefully, waiting for a running job', async () => {
    let started = false;
    let finished = false;
    const slow: JobDefinition = {
      payload: Type.Object({ id: Type.String() }, { additionalProperties: false }),
      retryLimit: 0,
      retryDelaySeconds: 1,
      retryBackoff: false,
      expireInSeconds: 60,
      policy: 'standard',
      handler: async () => {
        started = true;
        await new Promise((r) => setTimeout(r, 1200));
        finished = true;
        return { ok: true };
      },
    };
    const jobs = await startJobRuntime({
      config: testConfig(),
      db: t.handle,
      log: silent,
      work: true,
      catalog: { 'test.slow': slow },
      tuning: fast,
    });
    await expect(jobs.send('test.slow', { id: 1 })).rejects.toThrow(
      /invalid payload for job test.slow/,
    );
    await expect(jobs.send('nope.nope', {})).rejects.toThrow(/unknown job/);
    const id = await jobs.send('test.slow', { id: 'a' });
    expect(id).toBeTruthy();
    const deadline = Date.now() + 10_000;
    while (!started && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(started).toBe(true);
    expect(finished).toBe(false);
    await jobs.stop(10_000);
    expect(finished).toBe(true);
    const [row] = await q<{ state: string }>(`SELECT state::text FROM pgboss.job WHERE id = $1`, [
      id,
    ]);
    expect(row?.state).toBe('completed');
  });
});
