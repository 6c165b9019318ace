import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../../test/app.ts';
import { createIdentityTestApp, createKey, seedSignedInUser } from '../../../test/identity.ts';
import { buildDsn } from './sentry-auth.ts';

/**
 * The official @sentry/node SDK, unmodified, in its own process (it instruments the process it
 * runs in) against a real Pharos listening on 127.0.0.1:0; then everything is read back through
 * the errors API.
 */
const run = promisify(execFile);

const CLIENT = `
const Sentry = require('@sentry/node');
Sentry.init({
  dsn: process.env.DSN,
  release: 'sdk-test@1.2.3',
  environment: 'sdk-env',
  tracesSampleRate: 1,
  sendDefaultPii: false,
});
async function main() {
  Sentry.setUser({ id: 'sdk-user-1', email: 'sdk@example.com' });
  Sentry.setTag('tenant', 'sdk-tenant');
  Sentry.addBreadcrumb({ category: 'http', data: { url: '/api/items?password=hunter2' } });
  function chargeCard() { throw new TypeError('card declined for order 4711'); }
  try { chargeCard(); } catch (e) {
    Sentry.captureException(e, { extra: { cardNumber: '4111 1111 1111 1111' } });
  }
  try { chargeCard(); } catch (e) { Sentry.captureException(e); }
  Sentry.captureMessage('queue lag of 42 seconds', 'warning');
  await Sentry.startSpan({ name: 'GET /checkout', op: 'http.server' }, async () => {
    await Sentry.startSpan({ name: 'SELECT orders', op: 'db.query' }, () => new Promise((r) => setTimeout(r, 20)));
  });
  Sentry.startSession();
  Sentry.captureSession();
  Sentry.endSession();
  const ok = await Sentry.flush(10000);
  if (!ok) { console.error('flush failed'); process.exit(2); }
}
main();
`;

let t: TestApp;
let cookie: string;
let dsn: string;

beforeAll(async () => {
  t = await createIdentityTestApp({
    PHAROS_DATA_DIR: mkdtempSync(join(tmpdir(), 'pharos-errors-')),
  });
  await t.app.listen({ host: '127.0.0.1', port: 0 });
  const addr = t.app.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  const key = await createKey(t, { scopes: ['ingest'] });
  dsn = buildDsn(key, `http://127.0.0.1:${port}`, 1);
  cookie = (await seedSignedInUser(t, { role: 'viewer' })).cookie;
}, 60_000);
afterAll(async () => t?.close());

const api = (url: string) =>
  t.app.inject({ method: 'GET', url: `/api/v1${url}`, headers: { cookie } });

describe('@sentry/node 11 against Pharos', () => {
  it('captureException, captureMessage, spans and sessions arrive and read back', async () => {
    const out = await run(process.execPath, ['-e', CLIENT], {
      cwd: process.cwd(),
      env: { ...process.env, DSN: dsn },
      timeout: 60_000,
    });
    expect(out.stderr).not.toContain('flush failed');
    expect(out.stderr).not.toContain('Invalid Sentry Dsn');

    const list = await api('/errors/issues?environment=sdk-env&sort=events');
    expect(list.statusCode, list.body).toBe(200);
    const issues = list.json().items as Array<Record<string, unknown>>;
    const typeError = issues.find((i) => i.error_type === 'TypeError');
    expect(typeError).toMatchObject({
      occurrence_count: 2,
      affected_users: 1,
      function_name: 'chargeCard',
      last_release: 'sdk-test@1.2.3',
      status: 'new',
    });
    const message = issues.find((i) => i.message === 'queue lag of 42 seconds');
    expect(message).toMatchObject({ severity: 'warning', occurrence_count: 1 });

    const detail = await api(`/errors/issues/${typeError!.id as string}`);
    const latest = detail.json().latest_event;
    expect(latest.user_id).toBe('sdk-user-1');
    expect(latest.tags.tenant).toBe('sdk-tenant');
    expect(latest.stack_trace).toContain('TypeError: card declined for order 4711');
    const events = await api(`/errors/issues/${typeError!.id as string}/events`);
    const all = events.json().items as Array<{
      context: { extra?: { cardNumber?: string } };
      breadcrumbs: unknown;
    }>;
    expect(all).toHaveLength(2);
    const withCard = all.find((e) => e.context.extra?.cardNumber);
    expect(withCard?.context.extra?.cardNumber).toBe('[Filtered]');
    expect(JSON.stringify(all)).not.toContain('hunter2');

    const pool = t.db.handle.pool;
    const spans = await pool.query(
      `SELECT name, kind FROM spans WHERE environment = 'sdk-env' ORDER BY name`,
    );
    expect(spans.rows).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: 'GET /checkout', kind: 'server' }),
        expect.objectContaining({ name: 'SELECT orders', kind: 'client' }),
      ]),
    );
    const sessions = await pool.query(`SELECT release, environment FROM release_sessions`);
    expect(sessions.rows).toContainEqual({ release: 'sdk-test@1.2.3', environment: 'sdk-env' });
  }, 90_000);
});
