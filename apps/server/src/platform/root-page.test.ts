import Fastify from 'fastify';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { rootPage } from './root-page.ts';

const dir = mkdtempSync(join(tmpdir(), 'pharos-web-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function appWith(distDir: string) {
  const app = Fastify();
  await app.register(rootPage, { distDir });
  app.get('/api/v1/me', async () => ({ ok: true }));
  return app;
}

describe('root page', () => {
  it('points at the API documentation when the UI is not built', async () => {
    const app = await appWith(join(dir, 'missing'));
    const res = await app.inject({ url: '/' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('/api/docs');
    expect((await app.inject({ url: '/settings' })).statusCode).toBe(404);
  });

  it('serves the built UI with an SPA fallback and cache headers', async () => {
    mkdirSync(join(dir, 'dist/assets'), { recursive: true });
    writeFileSync(join(dir, 'dist/index.html'), '<!doctype html><div id="root"></div>');
    writeFileSync(join(dir, 'dist/assets/app-abc123.js'), 'console.log(1)');
    const app = await appWith(join(dir, 'dist'));

    for (const url of ['/', '/settings/api-keys?x=1', '/audit']) {
      const res = await app.inject({ url });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['content-type']).toContain('text/html');
      expect(res.headers['cache-control']).toBe('no-cache');
    }
    const js = await app.inject({ url: '/assets/app-abc123.js' });
    expect(js.statusCode).toBe(200);
    expect(js.headers['cache-control']).toContain('immutable');
    expect(js.headers['content-type']).toContain('javascript');

    expect((await app.inject({ url: '/assets/nope.js' })).statusCode).toBe(404);
    expect((await app.inject({ url: '/api/v1/nope' })).statusCode).toBe(404);
    expect((await app.inject({ url: '/v1/logs' })).statusCode).toBe(404);
    expect((await app.inject({ url: '/api/v1/me' })).json()).toEqual({ ok: true });
  });
});
