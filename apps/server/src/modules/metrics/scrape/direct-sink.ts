import type pg from 'pg';
import { writeDeduplicated } from '../../ingest/index.ts';
import type { SeriesIngestDeps } from '../ingest-series.ts';
import { createMetricSamplesWriter } from '../metric-samples-writer.ts';

/**
 * Where a worker process (no HTTP app, so no ingest pipeline) writes scraped samples: the same
 * metric_samples writer, in one transaction per scrape (written again in replay mode when some
 * samples are stored already). A failure throws to the scheduler, which logs it; the next
 * interval scrapes again (Prometheus does not re-send a scrape either).
 */
export function directSampleSink(pool: pg.Pool, log: SeriesIngestDeps['log']): SeriesIngestDeps {
  const writer = createMetricSamplesWriter({
    onOutOfRange: (orgId, n) =>
      log.warn({ orgId, samples: n }, 'scrape: samples outside the stored time range dropped'),
  });
  // Typed by its rows; the map holds writers of any rows (as IngestPipeline.register does).
  const writers = new Map([[writer.name, writer as never]]);
  return {
    log,
    ingest: {
      noteRejected: () => undefined,
      submit: (_ctx, items) => writeDeduplicated(pool, writers, items),
    },
  };
}
