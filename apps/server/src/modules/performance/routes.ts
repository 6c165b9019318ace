import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { getEndpointPerformance } from './get-endpoint-performance.ts';
import { getPerformanceTrend } from './get-performance-trend.ts';
import { getServicePerformance } from './get-service-performance.ts';
import { getSlowestEndpoints } from './get-slowest-endpoints.ts';
import {
  EndpointsQuerySchema,
  EndpointsResponseSchema,
  ServicesQuerySchema,
  ServicesResponseSchema,
  SlowestQuerySchema,
  SlowestResponseSchema,
  TrendQuerySchema,
  TrendResponseSchema,
} from './schemas.ts';

/** Endpoint performance (seed 001 section 5.2) under /api/v1/performance. */
export async function performanceRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['performance'];
  const config = { permission: 'telemetry.read' as const };

  app.get(
    '/performance/services',
    {
      config,
      schema: {
        tags,
        summary: 'Requests, error rate, throughput and latency percentiles per service',
        querystring: ServicesQuerySchema,
        response: { 200: ServicesResponseSchema },
      },
    },
    async (req) => getServicePerformance({ ctx: req.ctx, input: req.query }),
  );

  app.get(
    '/performance/endpoints',
    {
      config,
      schema: {
        tags,
        summary: 'API performance summary: per endpoint and method, busiest first',
        querystring: EndpointsQuerySchema,
        response: { 200: EndpointsResponseSchema },
      },
    },
    async (req) => getEndpointPerformance({ ctx: req.ctx, input: req.query }),
  );

  app.get(
    '/performance/slowest',
    {
      config,
      schema: {
        tags,
        summary: 'Slowest endpoints: p95 over the range above thresholdMs, slowest first',
        querystring: SlowestQuerySchema,
        response: { 200: SlowestResponseSchema },
      },
    },
    async (req) => getSlowestEndpoints({ ctx: req.ctx, input: req.query }),
  );

  app.get(
    '/performance/trend',
    {
      config,
      schema: {
        tags,
        summary: 'Requests, errors and latency percentiles per 1m, 5m or 1h interval',
        querystring: TrendQuerySchema,
        response: { 200: TrendResponseSchema },
      },
    },
    async (req) => getPerformanceTrend({ ctx: req.ctx, input: req.query }),
  );
}
