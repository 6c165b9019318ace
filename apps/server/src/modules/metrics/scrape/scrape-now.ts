import { withTransaction, type Ctx } from '../../../db/context.ts';
import { decryptSecret } from '../../../lib/crypto.ts';
import { invalid, notFound } from '../../../platform/errors.ts';
import { recordAudit } from '../../audit/index.ts';
import type { SeriesIngestDeps } from '../ingest-series.ts';
import type { SeriesResolver } from '../series-resolver.ts';
import { checkUrl, orgOf, secretAad } from './manage-targets.ts';
import {
  defaultProjectId,
  recordScrapeOutcome,
  selectTarget,
  type ScrapeTargetRow,
} from './repository.ts';
import {
  fetchAndParse,
  runScrape,
  type ScrapeLimits,
  type ScrapeReport,
  type ScrapeRequest,
} from './run-scrape.ts';
import type { ScrapeAuthInput } from './schemas.ts';

export interface ScrapeDeps {
  sink: SeriesIngestDeps;
  resolver: SeriesResolver;
  secretKey: Buffer;
  limits: ScrapeLimits;
}

type AuthColumns = Pick<ScrapeTargetRow, 'id' | 'auth_type' | 'auth_username' | 'auth_secret_enc'>;

/** The Authorization header of a stored target (its secret decrypted). */
export function authorizationOf(t: AuthColumns, key: Buffer): string | null {
  if (t.auth_type === 'none' || !t.auth_secret_enc) return null;
  const secret = decryptSecret(key, t.auth_secret_enc, secretAad(t.id));
  return t.auth_type === 'bearer'
    ? `Bearer ${secret}`
    : `Basic ${Buffer.from(`${t.auth_username ?? ''}:${secret}`).toString('base64')}`;
}

function authorizationFrom(auth: ScrapeAuthInput | undefined): string | null {
  if (!auth || auth.type === 'none') return null;
  if (auth.type === 'bearer') return `Bearer ${auth.token}`;
  return `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}`;
}

/** The scrape of a stored target (scheduler and "scrape now"). */
export function scrapeRequestOf(
  t: AuthColumns & Pick<ScrapeTargetRow, 'org_id' | 'url' | 'timeout_seconds' | 'labels'>,
  projectId: number,
  key: Buffer,
): ScrapeRequest {
  return {
    orgId: t.org_id,
    projectId,
    url: t.url,
    timeoutSeconds: t.timeout_seconds,
    labels: t.labels,
    authorization: authorizationOf(t, key),
  };
}

/** Scrapes a target now and stores the result like a scheduled scrape (audited first). */
export async function scrapeTargetNow({
  ctx,
  input,
  deps,
}: {
  ctx: Ctx;
  input: { id: string };
  deps: ScrapeDeps;
}): Promise<ScrapeReport> {
  const { target, projectId } = await withTransaction(ctx, async (tx) => {
    const target = await selectTarget(tx, orgOf(ctx), input.id);
    if (!target) throw notFound('Scrape target');
    const projectId = target.project_id
      ? Number(target.project_id)
      : await defaultProjectId(tx, orgOf(ctx));
    if (projectId === null) throw invalid('the organization has no project to report series in');
    await recordAudit(tx, {
      action: 'scrape_target.scrape',
      actionType: 'execute',
      resourceType: 'scrape_target',
      resourceId: target.id,
      resourceName: target.name,
    });
    return { target, projectId };
  });
  const at = new Date();
  const report = await runScrape(
    deps.sink,
    deps.resolver,
    scrapeRequestOf(target, projectId, deps.secretKey),
    deps.limits,
  );
  await withTransaction(ctx, (tx) =>
    recordScrapeOutcome(tx, target.id, {
      at,
      durationMs: report.duration_ms,
      samples: report.samples,
      error: report.error,
    }),
  );
  return report;
}

/** Fetches and parses a URL without storing anything: the "test target" endpoint. */
export async function testScrape({
  input,
  limits,
}: {
  input: { url: string; timeout_seconds?: number; auth?: ScrapeAuthInput };
  limits: ScrapeLimits;
}): Promise<ScrapeReport> {
  checkUrl(input.url);
  const r = await fetchAndParse(
    {
      url: input.url,
      timeoutSeconds: input.timeout_seconds ?? 10,
      authorization: authorizationFrom(input.auth),
    },
    limits,
  );
  return {
    up: r.exposition !== null,
    duration_ms: Math.round(r.ms),
    samples: r.exposition?.samples.length ?? 0,
    families: r.exposition?.metadata.length ?? 0,
    content_type: r.contentType,
    error: r.error,
  };
}
