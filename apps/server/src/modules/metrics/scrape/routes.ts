import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { SeriesResolver } from '../series-resolver.ts';
import {
  createScrapeTarget,
  deleteScrapeTarget,
  getScrapeTarget,
  listScrapeTargets,
  updateScrapeTarget,
} from './manage-targets.ts';
import { scrapeTargetNow, testScrape, type ScrapeDeps } from './scrape-now.ts';
import {
  CreateScrapeTargetSchema,
  IdParamsSchema,
  PageQuerySchema,
  ScrapeResultSchema,
  ScrapeTargetListSchema,
  ScrapeTargetSchema,
  TestScrapeSchema,
  UpdateScrapeTargetSchema,
} from './schemas.ts';

/** /api/v1/scrape-targets: the Prometheus endpoints the worker's scrape scheduler pulls. */
export function scrapeTargetRoutes(resolver: SeriesResolver) {
  return async (fastify: FastifyInstance) => {
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
    const tags = ['metrics'];
    const read = { permission: 'telemetry.read' as const };
    const write = { permission: 'telemetry.write' as const };
    const { config } = fastify.deps;
    const key = config.secretKey;
    const limits = { maxBytes: config.scrape.maxBytes, sampleLimit: config.scrape.sampleLimit };
    const deps = (): ScrapeDeps => ({ sink: fastify, resolver, secretKey: key, limits });

    app.get(
      '/scrape-targets',
      {
        config: read,
        schema: {
          tags,
          summary: 'List scrape targets with their last scrape',
          querystring: PageQuerySchema,
          response: { 200: ScrapeTargetListSchema },
        },
      },
      async (req) => listScrapeTargets({ ctx: req.ctx, input: req.query }),
    );
    app.post(
      '/scrape-targets',
      {
        config: write,
        schema: {
          tags,
          summary: 'Add a scrape target',
          description:
            'Pharos pulls `url` every `interval_seconds` (Prometheus text 0.0.4 or OpenMetrics) and stores the series with the target labels (`job` defaults to the name, `instance` to host:port), plus `up`, `scrape_duration_seconds` and `scrape_samples_scraped`. A bearer token or basic password is stored encrypted and never returned.',
          body: CreateScrapeTargetSchema,
          response: { 201: ScrapeTargetSchema },
        },
      },
      async (req, reply) =>
        reply
          .code(201)
          .send(await createScrapeTarget({ ctx: req.ctx, input: req.body, secretKey: key })),
    );
    app.post(
      '/scrape-targets/test',
      {
        config: { ...write, readOnly: true },
        schema: {
          tags,
          summary: 'Scrape a URL once without storing anything (check a target before adding it)',
          body: TestScrapeSchema,
          response: { 200: ScrapeResultSchema },
        },
      },
      async (req) => testScrape({ input: req.body, limits }),
    );
    app.get(
      '/scrape-targets/:id',
      {
        config: read,
        schema: {
          tags,
          summary: 'Get a scrape target',
          params: IdParamsSchema,
          response: { 200: ScrapeTargetSchema },
        },
      },
      async (req) => getScrapeTarget({ ctx: req.ctx, input: req.params }),
    );
    app.patch(
      '/scrape-targets/:id',
      {
        config: write,
        schema: {
          tags,
          summary: 'Update a scrape target (auth is replaced only when given)',
          params: IdParamsSchema,
          body: UpdateScrapeTargetSchema,
          response: { 200: ScrapeTargetSchema },
        },
      },
      async (req) =>
        updateScrapeTarget({
          ctx: req.ctx,
          input: { id: req.params.id, patch: req.body },
          secretKey: key,
        }),
    );
    app.delete(
      '/scrape-targets/:id',
      {
        config: write,
        schema: {
          tags,
          summary: 'Delete a scrape target (its stored series stay)',
          params: IdParamsSchema,
          response: { 204: Type.Null() },
        },
      },
      async (req, reply) => {
        await deleteScrapeTarget({ ctx: req.ctx, input: req.params });
        return reply.code(204).send(null);
      },
    );
    app.post(
      '/scrape-targets/:id/scrape',
      {
        config: write,
        schema: {
          tags,
          summary: 'Scrape a target now and store the result like a scheduled scrape',
          params: IdParamsSchema,
          response: { 200: ScrapeResultSchema },
        },
      },
      async (req) => scrapeTargetNow({ ctx: req.ctx, input: req.params, deps: deps() }),
    );
  };
}
