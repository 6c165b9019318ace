import type { IngestContext } from '../ingest/index.ts';
import { ingestSeries, type SeriesIngestDeps, type SeriesIngestResult } from './ingest-series.ts';
import { decodeWriteRequest, toWriteInput } from './remote-write.ts';
import type { SeriesResolver } from './series-resolver.ts';

export interface RemoteWriteResult extends SeriesIngestResult {
  staleSkipped: number;
}

/**
 * Remote write 1.0 use case: decode, validate, then ingestSeries. Invalid series are counted;
 * the valid ones are stored anyway, as Prometheus' own receiver does, and the caller answers
 * 400 for the rest. The rate limit answers 503: Prometheus drops a batch answered 429.
 */
export async function ingestRemoteWrite(
  deps: SeriesIngestDeps,
  resolver: SeriesResolver,
  ctx: IngestContext,
  body: Buffer,
): Promise<RemoteWriteResult> {
  const input = toWriteInput(decodeWriteRequest(body));
  const r = await ingestSeries(deps, resolver, ctx, input, { rateLimitStatus: 503 });
  return { ...r, staleSkipped: input.staleSkipped };
}
