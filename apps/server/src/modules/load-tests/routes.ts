import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { getLoadTest, listLoadTests, recordLoadTest } from './record-load-test.ts';
import {
  IdParamsSchema,
  ListLoadTestsQuerySchema,
  LoadTestDetailSchema,
  LoadTestListSchema,
  LoadTestSummarySchema,
  RecordLoadTestQuerySchema,
  SummaryBodySchema,
} from './schemas.ts';

/** /api/v1/load-tests: k6 and autocannon summaries (seed 000 load_test_results). */
export async function loadTestRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['load-tests'];
  app.post(
    '/load-tests',
    {
      config: { permission: 'telemetry.write' as const },
      schema: {
        tags,
        summary: 'Record a load test from its k6 or autocannon JSON summary',
        description:
          'Send the JSON as the tool wrote it (k6 `--summary-export`, k6 `handleSummary` data, or autocannon `--json`); the format is detected. Name and type go in the query string. Status: failed when a k6 threshold failed, warning when requests or checks failed, else passed (`status` overrides).',
        querystring: RecordLoadTestQuerySchema,
        body: SummaryBodySchema,
        response: { 201: LoadTestSummarySchema },
      },
    },
    async (req, reply) =>
      reply
        .code(201)
        .send(await recordLoadTest({ ctx: req.ctx, input: { query: req.query, body: req.body } })),
  );
  app.get(
    '/load-tests',
    {
      config: { permission: 'telemetry.read' as const },
      schema: {
        tags,
        summary: 'List load test results, newest first',
        querystring: ListLoadTestsQuerySchema,
        response: { 200: LoadTestListSchema },
      },
    },
    async (req) => listLoadTests({ ctx: req.ctx, input: req.query }),
  );
  app.get(
    '/load-tests/:id',
    {
      config: { permission: 'telemetry.read' as const },
      schema: {
        tags,
        summary: 'One load test result with its thresholds and the summary as sent',
        params: IdParamsSchema,
        response: { 200: LoadTestDetailSchema },
      },
    },
    async (req) => getLoadTest({ ctx: req.ctx, input: req.params }),
  );
}
