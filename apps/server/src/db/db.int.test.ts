import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmptyDatabase, createTestDatabase, type TestDatabase } from '../../test/db.ts';
import { createDb } from './client.ts';
import { systemCtx, withTransaction, type Ctx } from './context.ts';
import { listMigrations, migrate, pendingMigrations } from './migrate.ts';
import { ensurePartitions } from './partitions.ts';

describe('migrations', () => {
  it('apply from an empty database, once, and report nothing pending', async () => {
    const empty = await createEmptyDatabase();
    const pool = new pg.Pool({ connectionString: empty.url, max: 2 });
    try {
      expect((await pendingMigrations(pool)).length).toBe(listMigrations().length);
      // Two migrators at once: the advisory lock makes the second wait and find nothing to do.
      const [a, b] = await Promise.all([migrate(pool), migrate(pool)]);
      expect(a.applied.length + b.applied.length).toBe(listMigrations().length);
      expect(await pendingMigrations(pool)).toEqual([]);
      const again = await migrate(pool);
      expect(again.applied).toEqual([]);
      expect(await ensurePartitions(pool, 2)).toBeGreaterThan(0);
    } finally {
      await pool.end();
      await empty.drop();
    }
  });

  it('refuses a migration that changed after it was applied', async () => {
    const db = await createTestDatabase(1);
    try {
      await db.handle.pool.query("UPDATE schema_migrations SET checksum = 'x' WHERE version = 1");
      await expect(migrate(db.handle.pool)).rejects.toThrow(/changed after it was applied/);
    } finally {
      await db.drop();
    }
  });
});

describe('row-level security', () => {
  let t: TestDatabase;
  let orgA: string;
  let orgB: string;
  const ctxFor = (orgId: string): Ctx => ({
    db: t.handle.db,
    orgId,
    actor: { type: 'system', name: 'test' },
    meta: {},
  });

  beforeAll(async () => {
    t = await createTestDatabase();
    const r = await t.handle.pool.query<{ id: string }>(
      "INSERT INTO organizations (slug, name) VALUES ('rls-a', 'A'), ('rls-b', 'B') RETURNING id",
    );
    orgA = r.rows[0]!.id;
    orgB = r.rows[1]!.id;
    await t.handle.pool.query(
      `INSERT INTO teams (org_id, name, display_name) VALUES ($1, 'alpha', 'Alpha'), ($2, 'beta', 'Beta')`,
      [orgA, orgB],
    );
    await ensurePartitions(t.handle.pool, 1);
    await t.handle.pool.query(
      `INSERT INTO audit_events (org_id, action, action_type, resource_type) VALUES
         ($1, 'team.create', 'create', 'team'), ($2, 'team.create', 'create', 'team')`,
      [orgA, orgB],
    );
  });
  afterAll(async () => {
    await t?.drop();
  });

  it('a query that forgets its organization filter sees only its own organization', async () => {
    const teams = await withTransaction(ctxFor(orgA), (ctx) =>
      ctx.tx.selectFrom('teams').select(['name', 'org_id']).execute(),
    );
    expect(teams).toEqual([{ name: 'alpha', org_id: orgA }]);
    const events = await withTransaction(ctxFor(orgB), (ctx) =>
      ctx.tx.selectFrom('audit_events').select('org_id').execute(),
    );
    expect(events.map((e) => e.org_id)).toEqual([orgB]);
    const orgs = await withTransaction(ctxFor(orgA), (ctx) =>
      ctx.tx.selectFrom('organizations').select('id').execute(),
    );
    expect(orgs.map((o) => o.id)).toEqual([orgA]);
  });

  it('cannot write rows into another organization, nor change or delete its rows', async () => {
    await expect(
      withTransaction(ctxFor(orgA), (ctx) =>
        ctx.tx
          .insertInto('teams')
          .values({ org_id: orgB, name: 'sneaky', display_name: 'S' } as never)
          .execute(),
      ),
    ).rejects.toThrow(/row-level security/);
    const upd = await withTransaction(ctxFor(orgA), (ctx) =>
      ctx.tx
        .updateTable('teams')
        .set({ display_name: 'pwned' })
        .where('name', '=', 'beta')
        .executeTakeFirst(),
    );
    expect(Number(upd.numUpdatedRows)).toBe(0);
    const del = await withTransaction(ctxFor(orgA), (ctx) =>
      ctx.tx.deleteFrom('teams').executeTakeFirst(),
    );
    expect(Number(del.numDeletedRows)).toBe(1); // only its own team
    const left = await t.handle.pool.query('SELECT name FROM teams ORDER BY name');
    expect(left.rows.map((r) => r.name)).toEqual(['beta']);
  });

  it('a transaction without an organization sees nothing through the application role', async () => {
    const c = await t.handle.pool.connect();
    try {
      await c.query('BEGIN');
      await c.query("SELECT set_config('role', 'pharos_app', true)");
      const r = await c.query('SELECT count(*)::int AS n FROM teams');
      expect(r.rows[0].n).toBe(0);
      await c.query('ROLLBACK');
    } finally {
      c.release();
    }
  });

  it('the organization setting does not leak to the next transaction on the same connection', async () => {
    // One connection only, so the second statement surely runs where the transaction ran.
    const single = createDb(t.url, 1);
    try {
      const ctx = systemCtx(single.db, 'test', orgB);
      const inside = await withTransaction(ctx, (c) =>
        c.tx.selectFrom('teams').select('name').execute(),
      );
      expect(inside.map((x) => x.name)).toEqual(['beta']);
      const s = await single.pool.query(
        "SELECT current_setting('app.org_id', true) AS v, current_user AS u, (SELECT count(*)::int FROM teams) AS n",
      );
      expect(s.rows[0].v ?? '').toBe('');
      expect(s.rows[0].u).not.toBe('pharos_app');
    } finally {
      await single.close();
    }
  });

  it('the application role cannot read a partition directly, around the parent policy', async () => {
    const part = (
      await t.handle.pool.query<{ relname: string }>(
        "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'audit_events'::regclass LIMIT 1",
      )
    ).rows[0]!.relname;
    await expect(
      withTransaction(ctxFor(orgA), (ctx) =>
        sql.raw(`SELECT count(*) FROM ${part}`).execute(ctx.tx),
      ),
    ).rejects.toThrow(/permission denied/);
  });

  it('every table carries org_id and has row-level security enabled', async () => {
    const r = await t.handle.pool.query<{ relname: string; has_org: boolean; rls: boolean }>(`
      SELECT c.relname,
             EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname IN ('org_id', 'id') AND NOT a.attisdropped
                     AND (a.attname = 'org_id' OR c.relname = 'organizations')) AS has_org,
             c.relrowsecurity AS rls
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition
         AND c.relname NOT IN ('schema_migrations', 'telemetry_tables', 'telemetry_row_tables')`);
    expect(r.rows.length).toBeGreaterThan(5);
    const bad = r.rows.filter((x) => !x.has_org || !x.rls).map((x) => x.relname);
    expect(bad).toEqual([]);
  });
});
