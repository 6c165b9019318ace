import type pg from 'pg';
import type { IngestContext } from '../ingest/index.ts';
import type { SeriesBatch } from './ingest-series.ts';
import type { DeltaAccumulator } from './otlp-delta.ts';
import type { SeriesResolver } from './series-resolver.ts';

/**
 * Seeds the running totals of delta series this process does not know from their last stored
 * sample (the head of metric_samples: a live stream's newest sample is always there; compacted
 * chunks are not read). Series not stored yet are created here, as ingestSeries would.
 */
export async function seedDeltaTotals(
  pool: pg.Pool,
  resolver: SeriesResolver,
  ctx: IngestContext,
  batch: SeriesBatch,
  misses: Set<string>,
  deltas: DeltaAccumulator,
): Promise<void> {
  const key = (fp: string) => `${ctx.orgId}\n${fp}`;
  const wanted = batch.series.filter((s) => misses.has(key(s.fingerprint)));
  if (!wanted.length) return;
  const ids = await resolver.resolve(ctx.orgId, ctx.projectId, wanted);
  const r = await pool.query<{ id: string; value: number; t: number }>(
    `SELECT s.id::text AS id, l.value, (extract(epoch FROM l.time) * 1000)::float8 AS t
       FROM unnest($2::bigint[]) AS s(id)
       CROSS JOIN LATERAL (SELECT m.value, m.time FROM metric_samples m
                            WHERE m.series_id = s.id AND m.org_id = $1::uuid
                            ORDER BY m.time DESC LIMIT 1) l`,
    [ctx.orgId, [...ids.values()]],
  );
  const last = new Map(r.rows.map((x) => [x.id, x]));
  for (const s of wanted) {
    const row = last.get(ids.get(s.fingerprint) ?? '');
    if (row && Number.isFinite(row.value)) {
      deltas.seed(key(s.fingerprint), { value: row.value, t: Math.round(row.t) });
    }
  }
}
