import { request } from 'node:http';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testConfig } from '../test/app.ts';
import { createTestDatabase, type TestDatabase } from '../test/db.ts';
import { startServer } from './server.ts';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase(2);
});
afterAll(async () => {
  await db?.drop();
});

const silent = pino({ level: 'silent' });
const configFor = (role: string) => ({
  ...testConfig({ PHAROS_ROLE: role, PORT: '0' }),
  databaseUrl: db.url,
});

describe('pharos start --role', () => {
  it('api: serves HTTP on a real port and is ready', async () => {
    const server = await startServer(configFor('api'), silent);
    try {
      expect(server.app).not.toBeNull();
      const res = await fetch(`${server.url}/readyz`);
      expect(res.status).toBe(200);
    } finally {
      await server.stop();
    }
  });

  it('worker: runs no HTTP server', async () => {
    const server = await startServer(configFor('worker'), silent);
    try {
      expect(server.app).toBeNull();
      expect(server.url).toBe('');
    } finally {
      await server.stop();
    }
  });
});

describe('graceful shutdown', () => {
  it('finishes a request that is in flight and refuses new connections', async () => {
    const server = await startServer(configFor('all'), silent);
    const { port } = new URL(server.url);
    // A sign-in whose body is still being uploaded when shutdown starts.
    const answered = new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port,
          method: 'POST',
          path: '/api/v1/auth/sign-in',
          headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
        },
        (res) => {
          let body = '';
          res.on('data', (c: Buffer) => (body += c.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        },
      );
      req.on('error', reject);
      req.write('{"email":"nobody@example.com",');
      setTimeout(() => req.end('"password":"wrong-password-123"}'), 400);
    });
    await new Promise((r) => setTimeout(r, 100));
    const stopped = server.stop();
    const res = await answered;
    await stopped;
    expect(res.status).toBe(401);
    expect(JSON.parse(res.body).code).toBe('UNAUTHORIZED');
    await expect(fetch(`${server.url}/healthz`)).rejects.toThrow();
  });
});
