import type { IngestContext } from '../../ingest/index.ts';
import { ingestSeries, type SeriesIngestDeps } from '../ingest-series.ts';
import { SeriesBatchBuilder } from '../series-batch.ts';
import type { SeriesResolver } from '../series-resolver.ts';
import { parseExposition, type Exposition } from './exposition.ts';
import { fetchTarget } from './fetch-target.ts';

/**
 * One scrape, as Prometheus does it: fetch, parse, put the target labels on every series
 * (honor_labels=false: a scraped `job` becomes `exported_job`), stamp samples without a
 * timestamp with the scrape's start, and add `up`, `scrape_duration_seconds` and
 * `scrape_samples_scraped`. A failed fetch or parse stores up=0 and reports the error.
 */

export interface ScrapeLimits {
  maxBytes: number;
  sampleLimit: number;
}

export interface ScrapeRequest {
  orgId: string;
  projectId: number;
  url: string;
  timeoutSeconds: number;
  /** Target labels, job and instance included. */
  labels: Record<string, string>;
  authorization: string | null;
}

export interface ScrapeReport {
  up: boolean;
  duration_ms: number;
  samples: number;
  families: number;
  content_type: string | null;
  error: string | null;
}

/** Fetches and parses a target without storing anything (the test endpoint uses it alone). */
export async function fetchAndParse(
  req: Pick<ScrapeRequest, 'url' | 'timeoutSeconds' | 'authorization'>,
  limits: ScrapeLimits,
): Promise<{
  exposition: Exposition | null;
  contentType: string | null;
  error: string | null;
  ms: number;
}> {
  const started = performance.now();
  let contentType: string | null = null;
  try {
    const res = await fetchTarget(req.url, {
      timeoutMs: req.timeoutSeconds * 1000,
      maxBytes: limits.maxBytes,
      authorization: req.authorization,
    });
    contentType = res.contentType;
    const om = /application\/openmetrics-text/i.test(contentType ?? '');
    const exposition = parseExposition(res.body, om, limits.sampleLimit);
    return { exposition, contentType, error: null, ms: performance.now() - started };
  } catch (err) {
    return {
      exposition: null,
      contentType,
      error: (err as Error).message,
      ms: performance.now() - started,
    };
  }
}

/** The sample's labels with the target's put over them (clashing ones kept as exported_*). */
export function withTargetLabels(
  own: Record<string, string>,
  target: Record<string, string>,
): Record<string, string> {
  const out = { ...own };
  for (const [k, v] of Object.entries(target)) {
    if (k in out && out[k] !== '') out[`exported_${k}`] = out[k]!;
    out[k] = v;
  }
  return out;
}

/**
 * The scraped samples with the target labels, or the reason the scrape fails: like Prometheus'
 * label limits, one unstorable sample (too many labels, a value too long, a NUL) fails it all.
 */
function scrapedBatch(
  exposition: Exposition,
  targetLabels: Record<string, string>,
  startMs: number,
): SeriesBatchBuilder | string {
  const b = new SeriesBatchBuilder();
  const seen = new Set<string>();
  for (const m of exposition.metadata) b.describe(m.name, m.type, m.help, m.unit);
  for (const s of exposition.samples) {
    const series = b.prepare(s.name, withTargetLabels(s.labels, targetLabels));
    if (typeof series === 'string') return series;
    const t = s.timeMs ?? startMs;
    if (seen.has(`${series.fingerprint}@${t}`)) continue; // Prometheus keeps the first too
    seen.add(`${series.fingerprint}@${t}`);
    if (!b.push(series, t, s.value)) return b.firstError ?? 'invalid timestamp';
  }
  return b;
}

export async function runScrape(
  deps: SeriesIngestDeps,
  resolver: SeriesResolver,
  req: ScrapeRequest,
  limits: ScrapeLimits,
): Promise<ScrapeReport> {
  const startMs = Date.now();
  const r = await fetchAndParse(req, limits);
  const built = r.exposition ? scrapedBatch(r.exposition, req.labels, startMs) : r.error!;
  const up = typeof built !== 'string';
  const b = up ? built : new SeriesBatchBuilder();
  const samples = up ? r.exposition!.samples.length : 0;
  b.describe('up', 'gauge', 'Whether the last scrape of the target succeeded.', null);
  b.describe('scrape_duration_seconds', 'gauge', 'Duration of the scrape.', 'seconds');
  b.describe('scrape_samples_scraped', 'gauge', 'Samples the target exposed.', null);
  b.add('up', req.labels, startMs, up ? 1 : 0);
  b.add('scrape_duration_seconds', req.labels, startMs, r.ms / 1000);
  b.add('scrape_samples_scraped', req.labels, startMs, samples);
  const ctx: IngestContext = {
    orgId: req.orgId,
    apiKeyId: null,
    projectIds: null,
    projectId: req.projectId,
    source: 'scrape',
  };
  await ingestSeries(deps, resolver, ctx, b.result(), { rateLimitStatus: 503 });
  return {
    up,
    duration_ms: Math.round(r.ms),
    samples,
    families: up ? r.exposition!.metadata.length : 0,
    content_type: r.contentType,
    error: up ? null : built,
  };
}
