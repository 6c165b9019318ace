import type { FastifyInstance } from 'fastify';

const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Pharos</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem;color:#1b1f24}
a{color:#0b5cad}code{background:#f1f3f5;padding:.1rem .3rem;border-radius:3px}</style></head>
<body><h1>Pharos</h1>
<p>Pharos is running. The web interface is on its way; meanwhile everything is available through the HTTP API.</p>
<ul><li><a href="/api/docs">API documentation</a> (OpenAPI: <a href="/api/openapi.json">/api/openapi.json</a>)</li>
<li>Sign in: <code>POST /api/v1/auth/sign-in</code> with the admin email and the password printed at first start.</li>
<li>Health: <a href="/readyz">/readyz</a> &middot; Metrics: <a href="/metrics">/metrics</a></li></ul>
</body></html>`;

/** Until the web UI lands, `/` is a minimal page that points at the API documentation. */
export async function rootPage(app: FastifyInstance) {
  app.get('/', { config: { public: true }, schema: { hide: true } }, async (_req, reply) =>
    reply.type('text/html; charset=utf-8').send(PAGE),
  );
}
