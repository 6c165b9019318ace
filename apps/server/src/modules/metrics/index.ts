// Public surface of the metrics module: Prometheus remote write, the metric_samples writer and
// the series listing.
import type { FastifyInstance } from 'fastify';
import { createMetricSamplesWriter } from './metric-samples-writer.ts';
import { registerMetricIngest } from './ingest-routes.ts';
import { metricsReadRoutes, remoteWriteRoutes } from './routes.ts';
import { seriesResolverFor } from './series-resolver.ts';

export { createMetricSamplesWriter, type MetricSampleRow } from './metric-samples-writer.ts';
export { fingerprintOf, isStaleMarker } from './remote-write.ts';
export { startScrapeScheduler, type ScrapeScheduler } from './scrape/scheduler.ts';
export { compactMetricSamples, type CompactionResult, type StorageOptions } from './compaction.ts';
export { refreshMetricRollups } from './rollups.ts';
export { SeriesBatchBuilder } from './series-batch.ts';
export { ingestSeries, type SeriesIngestDeps } from './ingest-series.ts';
export { SeriesResolver, seriesResolverFor } from './series-resolver.ts';

/** Registers the metric_samples writer on app.ingest, remote write and the series listing. */
export async function metricsModule(app: FastifyInstance) {
  app.ingest.register(
    createMetricSamplesWriter({
      onOutOfRange: (orgId, n) =>
        app.log.warn(
          { orgId, samples: n },
          'remote write: samples outside the stored time range dropped',
        ),
    }),
  );
  const resolver = seriesResolverFor(app.deps.db.pool);
  await app.register(remoteWriteRoutes(resolver));
  await registerMetricIngest(app, resolver);
  await app.register(metricsReadRoutes);
}
