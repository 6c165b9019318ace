import type { IngestContext, IngestErrorStyle, IngestItem } from '../ingest/index.ts';
import { asIngestHttpError } from '../ingest/index.ts';
import { AppError } from '../../platform/errors.ts';
import { sampleValue, type MetricSampleRow } from './metric-samples-writer.ts';
import type { MetadataInput, SeriesInput } from './remote-write.ts';
import type { SeriesResolver } from './series-resolver.ts';

/**
 * The one path from decoded series + samples (remote write, OTLP, scrapes, custom JSON) to
 * durable metric_samples rows: metadata noted, series ids resolved (created when new), rows
 * submitted to the ingest pipeline (resolves after the durable commit).
 */

/** Where rows go: `app.ingest` in HTTP roles, a direct writer in the worker (scrapes). */
export interface SeriesSink {
  submit(ctx: IngestContext, items: IngestItem[]): Promise<void>;
  noteRejected(ctx: IngestContext, count: number, error: string): void;
}

export interface SeriesIngestDeps {
  ingest: SeriesSink;
  log: { warn(obj: object, msg: string): void };
}

export interface SeriesBatch {
  series: SeriesInput[];
  metadata: MetadataInput[];
  /** Samples the decoder refused, with the first reason (reported, not stored). */
  rejected: number;
  firstError: string | null;
}

export interface SeriesIngestResult {
  accepted: number;
  rejected: number;
  firstError: string | null;
}

export async function ingestSeries(
  deps: SeriesIngestDeps,
  resolver: SeriesResolver,
  ctx: IngestContext,
  input: SeriesBatch,
  style: IngestErrorStyle = {},
): Promise<SeriesIngestResult> {
  let ids: Map<string, string>;
  try {
    if (input.metadata.length) await resolver.noteMetadata(ctx.orgId, input.metadata);
    ids = await resolver.resolve(ctx.orgId, ctx.projectId, input.series);
  } catch (err) {
    // PostgreSQL unreachable or overloaded while creating series: clients retry a 503.
    deps.log.warn({ err }, `${ctx.source}: series resolution failed`);
    throw new AppError('UNAVAILABLE', 'Metric series cannot be stored right now.', {
      headers: { 'Retry-After': '10' },
    });
  }
  const rows: MetricSampleRow[] = [];
  for (const s of input.series) {
    const id = ids.get(s.fingerprint);
    if (!id) continue;
    for (const p of s.samples) {
      rows.push({ org_id: ctx.orgId, series_id: id, t: p.timeMs, v: sampleValue(p.value) });
    }
  }
  if (input.rejected) {
    deps.ingest.noteRejected(ctx, input.rejected, input.firstError ?? 'invalid sample');
  }
  if (rows.length) {
    try {
      await deps.ingest.submit(ctx, [{ writer: 'metric_samples', rows }]);
    } catch (err) {
      throw asIngestHttpError(err, style);
    }
  }
  return { accepted: rows.length, rejected: input.rejected, firstError: input.firstError };
}
