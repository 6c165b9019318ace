import type pg from 'pg';
import type { SeriesIngestDeps } from '../ingest-series.ts';
import { isUniqueViolation } from '../../ingest/index.ts';
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
        const write = async (replay: boolean) => {
          const client = await pool.connect();
          try {
            await client.query('BEGIN');
            for (const item of items) {
              await writer.write(client, item.rows as Parameters<typeof writer.write>[1], {
                replay,
              });
            }
            await client.query('COMMIT');
          } catch (err) {
            await client.query('ROLLBACK').catch(() => undefined);
            throw err;
          } finally {
            client.release();
          }
        };
        try {
          await write(false);
        } catch (err) {
          // Samples already stored (a scrape written twice): store the rest once.
          if (!isUniqueViolation(err)) throw err;
          await write(true);
        }
      },
    },
  };
}
