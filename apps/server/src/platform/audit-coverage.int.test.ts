import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/app.ts';
import { seedSignedInUser } from '../../test/identity.ts';
import { MUTATION_FIXTURES, type PreparedCall } from '../../test/mutation-fixtures.ts';
import { isIngestPath } from './cors.ts';

/**
 * Every mutating route writes an audit event in the same transaction as its change: a call
 * leaves an audit row carrying its request id, and when the audit write fails the whole change
 * rolls back (the database is byte-for-byte as before, bar activity timestamps).
 */
let t: TestApp;
let admin: { cookie: string };

beforeAll(async () => {
  t = await createTestApp();
  admin = await seedSignedInUser(t, { role: 'admin' });
});
afterAll(async () => {
  await t?.close();
});

const VOLATILE = [
  'last_activity',
  'expires_at',
  'last_used_at',
  'last_used_ip',
  'usage_count',
  'updated_at',
];

/** A digest of every application table except the audit trail itself. */
async function digest(): Promise<Record<string, string>> {
  const tables = await t.db.handle.pool.query<{ relname: string }>(`
    SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition
       AND c.relname NOT IN ('audit_events', 'schema_migrations')`);
  // A TOTP step is claimed in its own transaction on purpose: a code once presented stays used
  // even when the sign-in that presented it fails (replay protection), so it is not "the change".
  const strip = VOLATILE.map((c) => ` - '${c}'`).join('') + " #- '{metadata,totp_last_step}'";
  const out: Record<string, string> = {};
  for (const { relname } of tables.rows) {
    const r = await t.db.handle.pool.query<{ d: string | null }>(
      `SELECT md5(string_agg(x, ',' ORDER BY x)) AS d FROM (SELECT (to_jsonb(t)${strip})::text AS x FROM "${relname}" t) s`,
    );
    out[relname] = r.rows[0]?.d ?? '';
  }
  return out;
}

async function send(call: PreparedCall) {
  return t.app.inject({
    method: call.method,
    url: call.url,
    headers: call.cookie ? { cookie: call.cookie } : {},
    ...(call.payload !== undefined ? { payload: call.payload as object } : {}),
    remoteAddress: '10.97.0.1',
  });
}

describe('audit coverage', () => {
  it('has a fixture for every mutating route', () => {
    const mutating = t.app.routeCatalog
      .filter((r) => r.url.startsWith('/api/') && !['GET', 'HEAD', 'OPTIONS'].includes(r.method))
      // POSTs that only read (the Prometheus query API) change nothing to audit.
      .filter((r) => !r.readOnly)
      // Telemetry ingestion is not an audited mutation (it authenticates in its protocol's way).
      .filter((r) => !(r.public && isIngestPath(r.url.replace(/:\w+/g, '1'))))
      .map((r) => `${r.method} ${r.url}`);
    const missing = mutating.filter((k) => !(k in MUTATION_FIXTURES));
    expect(missing).toEqual([]);
  });

  for (const [route, fixture] of Object.entries(MUTATION_FIXTURES)) {
    it(`${route} writes an audit event in its transaction`, async () => {
      const call = await fixture(t, admin);
      const res = await send(call);
      expect(res.statusCode, res.body).toBeLessThan(300);
      const rows = await t.db.handle.pool.query(
        "SELECT action, outcome, ip_address::text AS ip FROM audit_events WHERE request_id = $1 AND outcome = 'success'",
        [res.headers['x-request-id']],
      );
      expect(rows.rows.length, `no audit event for ${route}`).toBeGreaterThan(0);
      expect(rows.rows[0].action).toMatch(/^[a-z0-9_]+(\.[a-z0-9_]+)+$/);
      expect(rows.rows[0].ip).toContain('10.97.0.1');
    });

    it(`${route} rolls back when its audit event cannot be written`, async () => {
      const call = await fixture(t, admin);
      const before = await digest();
      await t.db.handle.pool.query(`
        CREATE OR REPLACE FUNCTION test_fail_audit() RETURNS trigger LANGUAGE plpgsql AS
          $$ BEGIN RAISE EXCEPTION 'audit store unavailable'; END $$;
        CREATE TRIGGER test_fail_audit BEFORE INSERT ON audit_events FOR EACH ROW EXECUTE FUNCTION test_fail_audit();`);
      let res;
      try {
        res = await send(call);
      } finally {
        await t.db.handle.pool.query('DROP TRIGGER test_fail_audit ON audit_events');
      }
      expect(res.statusCode).toBeGreaterThanOrEqual(500);
      expect(res.body).not.toContain('audit store unavailable');
      expect(res.json().request_id).toBe(res.headers['x-request-id']);
      const after = await digest();
      const changed = Object.keys(before).filter((k) => before[k] !== after[k]);
      expect(changed, `tables changed despite the failed audit write`).toEqual([]);
    });
  }
});
