import type pg from 'pg';
import type { SeriesIngestDeps } from '../ingest-series.ts';
import { createMetricSamplesWriter } from '../metric-samples-writer.ts';

/**
 * Where a worker process (no HTTP app, so no ingest pipeline) writes scraped samples: the same
 * metric_samples writer, in one transaction per scrape. A failure throws to the scheduler, which
 * logs it; the next interval scrapes again (Prometheus does not re-send a scrape either).
 */
export function directSampleSink(pool: pg.Pool, log: SeriesIngestDeps['log']): SeriesIngestDeps {
  const writer = createMetricSamplesWriter({
    onOutOfRange: (orgId, n) =>
      log.warn({ orgId, samples: n }, 'scrape: samples outside the stored time range dropped'),
  });
  return {
    log,
    ingest: {
      noteRejected: () => undefined,
      async submit(_ctx, items) {
        const client = await pool.connect();
        try {
          await client.query('BEGIN');
          for (const item of items) {
            await writer.write(client, item.rows as Parameters<typeof writer.write>[1]);
          }
          await client.query('COMMIT');
        } catch (err) {
          await client.query('ROLLBACK').catch(() => undefined);
          throw err;
        } finally {
          client.release();
        }
      },
    },
  };
}
