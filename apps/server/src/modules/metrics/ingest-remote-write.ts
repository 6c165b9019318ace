import type { FastifyInstance } from 'fastify';
import { asIngestHttpError, type IngestContext } from '../ingest/index.ts';
import { AppError } from '../../platform/errors.ts';
import { floatText, type MetricSampleRow } from './metric-samples-writer.ts';
import { decodeWriteRequest, toWriteInput } from './remote-write.ts';
import type { SeriesResolver } from './series-resolver.ts';

export interface RemoteWriteResult {
  accepted: number;
  rejected: number;
  firstError: string | null;
  staleSkipped: number;
}

/**
 * Remote write 1.0 use case: decode, validate, resolve series ids, submit the samples to the
 * pipeline (resolves after the durable commit). Invalid series are counted; the valid ones are
 * stored anyway, as Prometheus' own receiver does, and the caller answers 400 for the rest.
 */
export async function ingestRemoteWrite(
  app: FastifyInstance,
  resolver: SeriesResolver,
  ctx: IngestContext,
  body: Buffer,
): Promise<RemoteWriteResult> {
  const input = toWriteInput(decodeWriteRequest(body));
  let ids: Map<string, string>;
  try {
    if (input.metadata.length) await resolver.noteMetadata(ctx.orgId, input.metadata);
    ids = await resolver.resolve(ctx.orgId, ctx.projectId, input.series);
  } catch (err) {
    // PostgreSQL unreachable or overloaded while creating series: Prometheus retries a 503.
    app.log.warn({ err }, 'remote write: series resolution failed');
    throw new AppError('UNAVAILABLE', 'Metric series cannot be stored right now.', {
      headers: { 'Retry-After': '10' },
    });
  }
  const rows: MetricSampleRow[] = [];
  for (const s of input.series) {
    const id = ids.get(s.fingerprint);
    if (!id) continue;
    for (const p of s.samples) {
      rows.push({ org_id: ctx.orgId, series_id: id, t: p.timeMs, v: floatText(p.value) });
    }
  }
  if (input.rejected) {
    app.ingest.noteRejected(ctx, input.rejected, input.firstError ?? 'invalid sample');
  }
  if (rows.length) {
    try {
      await app.ingest.submit(ctx, [{ writer: 'metric_samples', rows }]);
    } catch (err) {
      throw asIngestHttpError(err, { rateLimitStatus: 503 });
    }
  }
  return {
    accepted: rows.length,
    rejected: input.rejected,
    firstError: input.firstError,
    staleSkipped: input.staleSkipped,
  };
}
