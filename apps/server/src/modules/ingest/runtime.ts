import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../app.ts';
import type { Caller } from '../../platform/auth.ts';
import type { BodyLimits } from './body.ts';
import type { IngestPipelineCore } from './pipeline.ts';
import type { OrgRateLimiter } from './rate-limit.ts';
import { findOrgIngestSettings, projectBelongsToOrg } from './repository.ts';
import { scrubPolicyFromSettings, type ScrubPolicy } from './scrub.ts';
import type { SourceTracker } from './sources.ts';

export interface OrgIngestSettings {
  scrub: ScrubPolicy;
  defaultProjectId: number | null;
  /** Records per second; 0 = no limit. */
  recordsPerSecond: number;
}

/** The ingest plugin's state for one app (one per buildApp). */
export interface IngestRuntime {
  core: IngestPipelineCore;
  sources: SourceTracker;
  limits: BodyLimits;
  limiter: OrgRateLimiter;
  /** Callers of keys seen valid, by key hash: used while PostgreSQL is unreachable. */
  knownKeys: Map<string, { caller: Caller; at: number }>;
  orgSettings(orgId: string): Promise<OrgIngestSettings>;
  projectInOrg(orgId: string, projectId: number): Promise<boolean>;
}

const runtimes = new WeakMap<AppDeps, IngestRuntime>();

export function setRuntime(deps: AppDeps, rt: IngestRuntime): void {
  runtimes.set(deps, rt);
}

export function runtimeOf(app: FastifyInstance): IngestRuntime {
  const rt = runtimes.get(app.deps);
  if (!rt) throw new Error('the ingest plugin is not registered');
  return rt;
}

const TTL_MS = 30_000;

/** Organization settings for ingest, cached for 30 s (scrubbing, default project, rate). */
export function orgSettingsCache(deps: AppDeps) {
  const cache = new Map<string, { at: number; value: Promise<OrgIngestSettings> }>();
  // Last values read, served while PostgreSQL is unreachable.
  const lastGood = new Map<string, OrgIngestSettings>();
  const projects = new Map<string, { at: number; value: Promise<boolean> }>();
  const pool = deps.db.pool;
  return {
    orgSettings(orgId: string): Promise<OrgIngestSettings> {
      const hit = cache.get(orgId);
      if (hit && Date.now() - hit.at < TTL_MS) return hit.value;
      const fresh = findOrgIngestSettings(pool, orgId).then((row) => {
        const settings = row?.settings ?? {};
        const ingest = settings.ingest as { records_per_second?: unknown } | undefined;
        const rate = Number(ingest?.records_per_second);
        return {
          scrub: scrubPolicyFromSettings(settings),
          defaultProjectId: row?.default_project_id ?? null,
          recordsPerSecond:
            Number.isFinite(rate) && rate >= 0 ? rate : deps.config.ingest.orgRecordsPerSecond,
        };
      });
      const value = fresh.then(
        (v) => (lastGood.set(orgId, v), v),
        (err: unknown) => {
          cache.delete(orgId);
          const stale = lastGood.get(orgId);
          if (stale) return stale;
          throw err;
        },
      );
      cache.set(orgId, { at: Date.now(), value });
      return value;
    },
    projectInOrg(orgId: string, projectId: number): Promise<boolean> {
      const key = `${orgId}/${projectId}`;
      const hit = projects.get(key);
      if (hit && Date.now() - hit.at < TTL_MS) return hit.value;
      const value = projectBelongsToOrg(pool, orgId, projectId);
      value.catch(() => projects.delete(key));
      projects.set(key, { at: Date.now(), value });
      return value;
    },
  };
}
