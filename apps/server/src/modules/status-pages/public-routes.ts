import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { getPublicPage } from './get-public-page.ts';
import { etagOf, renderAtom, renderBadge, renderRss } from './render.ts';
import { BadgeQuerySchema, SlugParamsSchema } from './schemas.ts';

// Shared caches may keep a page 30 s and serve it stale while revalidating; ETags make the
// revalidation a 304.
const CACHE = 'public, max-age=30, stale-while-revalidate=60';

function send(req: FastifyRequest, reply: FastifyReply, type: string, body: string) {
  const etag = etagOf(body);
  reply.header('ETag', etag).header('Cache-Control', CACHE).header('Content-Type', type);
  if (req.headers['if-none-match'] === etag) return reply.code(304).send();
  return reply.send(body);
}

/** Public status pages, served without sign-in: JSON, Atom and RSS feeds, SVG badge. */
export async function statusPagePublicRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['status-pages'];
  const config = { public: true };
  const text = { 200: Type.String(), 304: Type.Null() };
  const pageUrl = (slug: string) => `${fastify.deps.config.publicUrl}/status/${slug}`;

  app.get(
    '/status/:slug',
    { config, schema: { tags, summary: 'A public status page (JSON)', params: SlugParamsSchema } },
    async (req, reply) =>
      send(
        req,
        reply,
        'application/json; charset=utf-8',
        JSON.stringify(await getPublicPage({ ctx: req.ctx, input: req.params })),
      ),
  );
  app.get(
    '/status/:slug/feed.atom',
    {
      config,
      schema: {
        tags,
        summary: 'Incidents and maintenance as an Atom feed',
        params: SlugParamsSchema,
        response: text,
      },
    },
    async (req, reply) =>
      send(
        req,
        reply,
        'application/atom+xml; charset=utf-8',
        renderAtom(
          await getPublicPage({ ctx: req.ctx, input: req.params }),
          pageUrl(req.params.slug),
        ),
      ),
  );
  app.get(
    '/status/:slug/feed.rss',
    {
      config,
      schema: {
        tags,
        summary: 'Incidents and maintenance as an RSS feed',
        params: SlugParamsSchema,
        response: text,
      },
    },
    async (req, reply) =>
      send(
        req,
        reply,
        'application/rss+xml; charset=utf-8',
        renderRss(
          await getPublicPage({ ctx: req.ctx, input: req.params }),
          pageUrl(req.params.slug),
        ),
      ),
  );
  app.get(
    '/status/:slug/badge.svg',
    {
      config,
      schema: {
        tags,
        summary: 'An embeddable status or uptime badge (SVG)',
        params: SlugParamsSchema,
        querystring: BadgeQuerySchema,
        response: text,
      },
    },
    async (req, reply) => {
      const page = await getPublicPage({
        ctx: req.ctx,
        input: { slug: req.params.slug, monitorId: req.query.monitor },
      });
      const m = req.query.monitor ? page.groups.flatMap((g) => g.monitors)[0] : undefined;
      const status = req.query.monitor ? (m?.status ?? 'unknown') : page.status;
      const value =
        req.query.style === 'uptime'
          ? `${(m ? m.uptime_30d : null) ?? '–'}%`
          : status.replace('-', ' ');
      const label = req.query.label ?? m?.name ?? page.title;
      return send(req, reply, 'image/svg+xml; charset=utf-8', renderBadge(label, value, status));
    },
  );
}
