import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testConfig } from '../../test/app.ts';
import { createTestDatabase, type TestDatabase } from '../../test/db.ts';
import { buildApp, type App } from '../app.ts';

const BIN = fileURLToPath(new URL('../../bin/pharos.mjs', import.meta.url));

function run(args: string[], env: Record<string, string>, stdin = '') {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: { ...process.env, PHAROS_LOG_LEVEL: 'warn', ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

let db: TestDatabase;
let env: Record<string, string>;
beforeAll(async () => {
  db = await createTestDatabase(2);
  env = { DATABASE_URL: db.url, PHAROS_SECRET_KEY: randomBytes(32).toString('hex') };
});
afterAll(async () => {
  await db?.drop();
});

describe('pharos CLI', () => {
  it('--help lists every command', async () => {
    const r = await run(['--help'], {});
    expect(r.code).toBe(0);
    for (const cmd of ['start', 'migrate', 'admin', 'keys']) expect(r.stdout).toContain(cmd);
    const admin = await run(['admin', '--help'], {});
    expect(admin.stdout).toContain('create');
  });

  it('fails fast on bad configuration, naming the setting', async () => {
    const r = await run(['migrate'], {
      PORT: 'abc',
      DATABASE_URL: db.url,
      PHAROS_SECRET_KEY: env.PHAROS_SECRET_KEY!,
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('PORT');
  });

  it('admin create and keys create work against the same database as start', async () => {
    const password = 'correct horse battery staple';
    const created = await run(
      ['admin', 'create', '--email', 'ops@example.com', '--password-stdin'],
      env,
      password + '\n',
    );
    expect(created.stderr).toBe('');
    expect(created.code).toBe(0);
    expect(created.stdout).toContain('ops@example.com');

    const short = await run(
      ['admin', 'create', '--email', 'x@example.com', '--password-stdin'],
      env,
      'short\n',
    );
    expect(short.code).not.toBe(0);
    expect(short.stderr).toMatch(/at least \d+ characters/);

    const key = await run(['keys', 'create', '--name', 'ci', '--scopes', 'ingest,read'], env);
    expect(key.code).toBe(0);
    expect(key.stderr).toMatch(/Sentry DSN: http:\/\/phk_\w+@localhost:4000\/1/);
    const text = key.stdout.trim();
    expect(text).toMatch(/^phk_/);

    const bad = await run(['keys', 'create', '--name', 'ci', '--scopes', 'root'], env);
    expect(bad.code).not.toBe(0);

    // The key and the password work against a server on that database.
    const app: App = await buildApp({
      config: { ...testConfig(), databaseUrl: db.url },
      db: db.handle,
      logger: pino({ level: 'silent' }),
    });
    try {
      const projects = await app.inject({
        method: 'GET',
        url: '/api/v1/projects',
        headers: { authorization: `Bearer ${text}` },
      });
      expect(projects.statusCode).toBe(200);
      expect(projects.json().items.map((p: { id: number }) => p.id)).toContain(1);
      const signIn = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/sign-in',
        payload: { email: 'ops@example.com', password },
      });
      expect(signIn.statusCode).toBe(200);
      // The key is stored only as a hash.
      const rows = await db.handle.pool.query(
        "SELECT to_jsonb(k)::text AS row FROM api_keys k WHERE name = 'ci'",
      );
      expect(rows.rows[0].row).not.toContain(text.slice(text.indexOf('_', 4) + 1));
    } finally {
      await app.close();
    }
    // Three CLI processes, each starting Node with tsx: slow on a loaded machine.
  }, 60_000);
});
