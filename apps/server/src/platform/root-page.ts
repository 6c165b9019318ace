import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Pharos</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem;color:#1b1f24}
a{color:#0b5cad}code{background:#f1f3f5;padding:.1rem .3rem;border-radius:3px}</style></head>
<body><h1>Pharos</h1>
<p>Pharos is running. The web interface is not built (run <code>npm run build</code>); meanwhile everything is available through the HTTP API.</p>
<ul><li><a href="/api/docs">API documentation</a> (OpenAPI: <a href="/api/openapi.json">/api/openapi.json</a>)</li>
<li>Sign in: <code>POST /api/v1/auth/sign-in</code> with the admin email and the password printed at first start.</li>
<li>Health: <a href="/readyz">/readyz</a> &middot; Metrics: <a href="/metrics">/metrics</a></li></ul>
</body></html>`;

/** The built web UI (`npm run build -w @pharos/web`), next to this package in the workspace. */
export const WEB_DIST_DIR = fileURLToPath(new URL('../../../web/dist/', import.meta.url));

/**
 * Paths that belong to the server, never to the single-page app: an unknown URL under them is a
 * 404 problem body, not the UI's index.html.
 */
const SERVER_PREFIXES = ['/api/', '/v1/', '/assets/', '/healthz', '/readyz', '/metrics', '/otlp'];

const route = { config: { public: true }, schema: { hide: true } } as const;

/**
 * Serves the web UI from the API's port when it is built: hashed files under /assets/ cached for
 * a year, and index.html (never cached, so a deploy takes effect at once) for every other GET
 * the server has no route for, so client-side URLs can be shared and reloaded. Without a build,
 * `/` is a minimal page that points at the API documentation.
 */
export async function rootPage(app: FastifyInstance, opts: { distDir?: string } = {}) {
  const dist = opts.distDir ?? WEB_DIST_DIR;
  const indexFile = `${dist}/index.html`;
  if (!existsSync(indexFile)) {
    app.get('/', route, async (_req, reply) => reply.type('text/html; charset=utf-8').send(PAGE));
    return;
  }
  // Cached, but re-read when a new build replaces it: the old hashed assets are gone by then.
  let cached = { mtimeMs: -1, html: '' };
  const indexHtml = () => {
    const { mtimeMs } = statSync(indexFile);
    if (mtimeMs !== cached.mtimeMs) cached = { mtimeMs, html: readFileSync(indexFile, 'utf8') };
    return cached.html;
  };
  await app.register(fastifyStatic, { root: dist, serve: false });

  const sendIndex = async (_req: FastifyRequest, reply: FastifyReply) =>
    reply.header('Cache-Control', 'no-cache').type('text/html; charset=utf-8').send(indexHtml());

  app.get('/', route, sendIndex);
  app.get('/assets/*', route, async (req, reply) => {
    const file = (req.params as { '*': string })['*'];
    return reply.sendFile(`assets/${file}`, { maxAge: '365d', immutable: true });
  });
  app.get('/favicon.svg', route, async (_req, reply) =>
    reply.sendFile('favicon.svg', { maxAge: '1d' }),
  );
  app.get('/*', route, async (req, reply) => {
    const path = req.url.split('?')[0] ?? '/';
    if (SERVER_PREFIXES.some((p) => path === p.replace(/\/$/, '') || path.startsWith(p)))
      return reply.callNotFound();
    return sendIndex(req, reply);
  });
}
