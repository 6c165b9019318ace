import type pg from 'pg';

/**
 * The ingest module's SQL. It runs as the connecting role, outside withTransaction's role
 * switch (like the COPY writers), so every statement filters by org_id itself.
 */

export interface OrgIngestRow {
  settings: Record<string, unknown>;
  default_project_id: number | null;
}

export async function findOrgIngestSettings(
  pool: pg.Pool,
  orgId: string,
): Promise<OrgIngestRow | null> {
  const r = await pool.query<OrgIngestRow>(
    `SELECT o.settings,
            (SELECT min(p.id) FROM projects p WHERE p.org_id = o.id AND p.deleted_at IS NULL)::bigint
              AS default_project_id
       FROM organizations o WHERE o.id = $1 AND o.deleted_at IS NULL`,
    [orgId],
  );
  return r.rows[0] ?? null;
}

export async function projectBelongsToOrg(
  pool: pg.Pool,
  orgId: string,
  projectId: number,
): Promise<boolean> {
  const r = await pool.query(
    'SELECT 1 FROM projects WHERE id = $1 AND org_id = $2 AND deleted_at IS NULL',
    [projectId, orgId],
  );
  return (r.rowCount ?? 0) > 0;
}

export interface SourceUpdate {
  orgId: string;
  name: string;
  type: string;
  apiKeyId: string | null;
  records: number;
  errors: number;
  lastError: string | null;
  ratePerSecond: number;
  seenAt: Date;
}

/** Upserts the activity of many sources in one statement (log_sources upkeep). */
export async function upsertSources(pool: pg.Pool, updates: SourceUpdate[]): Promise<void> {
  if (!updates.length) return;
  await pool.query(
    `INSERT INTO log_sources AS s (org_id, name, type, api_key_id, last_seen_at, ingest_rate,
                                   records_total, error_count, last_error, last_error_at,
                                   health_status, last_health_check)
     SELECT u.org_id, u.name, u.type, u.api_key_id, u.seen_at, u.rate, u.records, u.errors,
            u.last_error, CASE WHEN u.errors > 0 THEN u.seen_at END,
            CASE WHEN u.errors = 0 THEN 'healthy' WHEN u.records > 0 THEN 'degraded' ELSE 'unhealthy' END,
            u.seen_at
       FROM unnest($1::uuid[], $2::text[], $3::text[], $4::uuid[], $5::timestamptz[],
                   $6::float8[], $7::bigint[], $8::bigint[], $9::text[])
            AS u(org_id, name, type, api_key_id, seen_at, rate, records, errors, last_error)
       JOIN organizations o ON o.id = u.org_id
     ON CONFLICT (org_id, name) DO UPDATE SET
       api_key_id = coalesce(EXCLUDED.api_key_id, s.api_key_id),
       last_seen_at = EXCLUDED.last_seen_at,
       ingest_rate = EXCLUDED.ingest_rate,
       records_total = s.records_total + EXCLUDED.records_total,
       error_count = s.error_count + EXCLUDED.error_count,
       last_error = coalesce(EXCLUDED.last_error, s.last_error),
       last_error_at = coalesce(EXCLUDED.last_error_at, s.last_error_at),
       health_status = EXCLUDED.health_status,
       last_health_check = EXCLUDED.last_health_check`,
    [
      updates.map((u) => u.orgId),
      updates.map((u) => u.name),
      updates.map((u) => u.type),
      updates.map((u) => u.apiKeyId),
      updates.map((u) => u.seenAt),
      updates.map((u) => u.ratePerSecond),
      updates.map((u) => u.records),
      updates.map((u) => u.errors),
      updates.map((u) => u.lastError),
    ],
  );
}
