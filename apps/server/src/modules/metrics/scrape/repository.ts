import { sql, type RawBuilder } from 'kysely';
import { txOf, type Ctx } from '../../../db/context.ts';

/** SQL of scrape_targets (inside withTransaction: RLS for org callers, none for the scheduler). */

async function rows<T>(ctx: Ctx, query: RawBuilder<T>): Promise<T[]> {
  return (await query.execute(txOf(ctx))).rows;
}

export interface ScrapeTargetRow {
  id: string;
  org_id: string;
  project_id: string | null;
  name: string;
  url: string;
  interval_seconds: number;
  timeout_seconds: number;
  labels: Record<string, string>;
  enabled: boolean;
  auth_type: 'none' | 'bearer' | 'basic';
  auth_username: string | null;
  auth_secret_enc: string | null;
  next_scrape_at: Date;
  last_scrape_at: Date | null;
  last_duration_ms: number | null;
  last_samples: number | null;
  last_error: string | null;
  health: 'unknown' | 'up' | 'down';
  created_at: Date;
  updated_at: Date;
}

/** Every column a create or update sets. */
export interface ScrapeTargetWrite {
  name: string;
  url: string;
  interval_seconds: number;
  timeout_seconds: number;
  labels: Record<string, string>;
  enabled: boolean;
  auth_type: 'none' | 'bearer' | 'basic';
  auth_username: string | null;
  auth_secret_enc: string | null;
}

export async function insertTarget(
  ctx: Ctx,
  orgId: string,
  id: string,
  createdBy: string | null,
  w: ScrapeTargetWrite,
): Promise<ScrapeTargetRow> {
  const [row] = await rows(
    ctx,
    sql<ScrapeTargetRow>`INSERT INTO scrape_targets (id, org_id, project_id, name, url, interval_seconds,
        timeout_seconds, labels, enabled, auth_type, auth_username, auth_secret_enc, created_by)
      VALUES (${id}, ${orgId}, (SELECT min(id) FROM projects WHERE org_id = ${orgId}), ${w.name}, ${w.url},
        ${w.interval_seconds}, ${w.timeout_seconds}, ${JSON.stringify(w.labels)}::jsonb, ${w.enabled},
        ${w.auth_type}, ${w.auth_username}, ${w.auth_secret_enc}, ${createdBy})
      RETURNING *`,
  );
  return row!;
}

export async function updateTargetRow(
  ctx: Ctx,
  orgId: string,
  id: string,
  w: ScrapeTargetWrite,
): Promise<ScrapeTargetRow | null> {
  const [row] = await rows(
    ctx,
    sql<ScrapeTargetRow>`UPDATE scrape_targets SET name = ${w.name}, url = ${w.url},
        interval_seconds = ${w.interval_seconds}, timeout_seconds = ${w.timeout_seconds},
        labels = ${JSON.stringify(w.labels)}::jsonb, enabled = ${w.enabled}, auth_type = ${w.auth_type},
        auth_username = ${w.auth_username}, auth_secret_enc = ${w.auth_secret_enc},
        next_scrape_at = LEAST(next_scrape_at, now() + make_interval(secs => ${w.interval_seconds}))
      WHERE id = ${id} AND org_id = ${orgId} RETURNING *`,
  );
  return row ?? null;
}

export async function deleteTargetRow(ctx: Ctx, orgId: string, id: string): Promise<boolean> {
  const r = await rows(
    ctx,
    sql<{
      id: string;
    }>`DELETE FROM scrape_targets WHERE id = ${id} AND org_id = ${orgId} RETURNING id`,
  );
  return r.length > 0;
}

export async function selectTarget(
  ctx: Ctx,
  orgId: string,
  id: string,
  forUpdate = false,
): Promise<ScrapeTargetRow | null> {
  const lock = forUpdate ? sql`FOR UPDATE` : sql``;
  const [row] = await rows(
    ctx,
    sql<ScrapeTargetRow>`SELECT * FROM scrape_targets WHERE id = ${id} AND org_id = ${orgId} ${lock}`,
  );
  return row ?? null;
}

export async function selectTargets(
  ctx: Ctx,
  orgId: string,
  limit: number,
  offset: number,
): Promise<ScrapeTargetRow[]> {
  return rows(
    ctx,
    sql<ScrapeTargetRow>`SELECT * FROM scrape_targets WHERE org_id = ${orgId}
      ORDER BY name LIMIT ${limit} OFFSET ${offset}`,
  );
}

/** A target claimed for one scrape slot, with the project its series are reported in. */
export type ClaimedTarget = Pick<
  ScrapeTargetRow,
  | 'id'
  | 'org_id'
  | 'name'
  | 'url'
  | 'timeout_seconds'
  | 'labels'
  | 'auth_type'
  | 'auth_username'
  | 'auth_secret_enc'
> & { project_id: string | null; slot: Date };

/**
 * Claims up to `limit` due targets across organizations and moves each one's next_scrape_at an
 * interval on (keeping its phase unless it fell behind), in one statement; SKIP LOCKED and the
 * moved time hand a slot to one process only (as claimDueMonitors, ADR 0008).
 */
export async function claimDueTargets(ctx: Ctx, limit: number): Promise<ClaimedTarget[]> {
  return rows(
    ctx,
    sql<ClaimedTarget>`WITH due AS (
        SELECT id, next_scrape_at AS slot FROM scrape_targets
         WHERE enabled AND next_scrape_at <= now()
         ORDER BY next_scrape_at LIMIT ${limit}
         FOR UPDATE SKIP LOCKED)
      UPDATE scrape_targets t
         SET next_scrape_at = CASE
               WHEN due.slot + make_interval(secs => t.interval_seconds) > now()
                 THEN due.slot + make_interval(secs => t.interval_seconds)
               ELSE now() + make_interval(secs => t.interval_seconds) END
        FROM due WHERE t.id = due.id
      RETURNING t.id, t.org_id, t.name, t.url, t.timeout_seconds, t.labels, t.auth_type, t.auth_username,
        t.auth_secret_enc, due.slot,
        COALESCE(t.project_id, (SELECT min(p.id) FROM projects p WHERE p.org_id = t.org_id))::text AS project_id`,
  );
}

export interface ScrapeOutcome {
  at: Date;
  durationMs: number;
  samples: number;
  error: string | null;
}

/** Stores the outcome of a scrape on its target (no-op when the target was deleted meanwhile). */
export async function recordScrapeOutcome(ctx: Ctx, id: string, o: ScrapeOutcome): Promise<void> {
  await sql`UPDATE scrape_targets SET last_scrape_at = ${o.at}, last_duration_ms = ${o.durationMs},
      last_samples = ${o.samples}, last_error = ${o.error}, health = ${o.error ? 'down' : 'up'}
    WHERE id = ${id}`.execute(txOf(ctx));
}

/** The organization's first project: where series of targets without one are reported. */
export async function defaultProjectId(ctx: Ctx, orgId: string): Promise<number | null> {
  const [row] = await rows(
    ctx,
    sql<{ id: string | null }>`SELECT min(id)::text AS id FROM projects WHERE org_id = ${orgId}`,
  );
  return row?.id ? Number(row.id) : null;
}
