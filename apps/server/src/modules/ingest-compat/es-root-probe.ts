import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { versionDocument } from './es-documents.ts';

/** Whether a request for `/` comes from an Elasticsearch client rather than a browser. */
export function isEsRootProbe(method: string, url: string, accept: string | undefined): boolean {
  if (method !== 'GET' && method !== 'HEAD') return false;
  if ((url.split('?')[0] ?? '') !== '/') return false;
  // Browsers always list text/html; ES clients send application/json, a vendor type or */*.
  return !(accept ?? '').toLowerCase().includes('text/html');
}

/**
 * `GET /` is the web UI's page and also the first thing every Elasticsearch shipper asks (the
 * version document). A root-level onRequest hook answers the version document to non-browser
 * requests before routing reaches the UI route.
 */
export const esRootProbe = fp(
  async (app: FastifyInstance) => {
    app.addHook('onRequest', async (req, reply) => {
      if (!isEsRootProbe(req.method, req.url, req.headers.accept)) return;
      return reply
        .header('X-Elastic-Product', 'Elasticsearch')
        .header('Cache-Control', 'no-store')
        .type('application/json; charset=utf-8')
        .send(JSON.stringify(versionDocument()));
    });
  },
  { name: 'pharos-es-root-probe' },
);
