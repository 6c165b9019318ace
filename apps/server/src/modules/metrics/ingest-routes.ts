import type { FastifyInstance } from 'fastify';
import { customMetricsRoutes } from './custom-metrics-routes.ts';
import { DeltaAccumulator } from './otlp-delta.ts';
import { otlpMetricsRoutes } from './otlp-metrics-routes.ts';
import { scrapeTargetRoutes } from './scrape/routes.ts';
import type { SeriesResolver } from './series-resolver.ts';

/** The metric ingest routes besides remote write: OTLP, custom JSON, scrape targets. */
export async function registerMetricIngest(app: FastifyInstance, resolver: SeriesResolver) {
  await app.register(otlpMetricsRoutes(resolver, new DeltaAccumulator()));
  await app.register(scrapeTargetRoutes(resolver), { prefix: '/api/v1' });
  await app.register(customMetricsRoutes(resolver));
}
