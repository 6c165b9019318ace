import type pg from 'pg';
import { sql } from 'kysely';
import { txOf, type Ctx } from '../../db/context.ts';
import type { MetricType } from './remote-write.ts';

/**
 * SQL of metric_series. The upserts run as the connecting role (like the ingest writers, outside
 * withTransaction's role switch), so each statement carries the org_id from the credential; the
 * listing runs inside withTransaction under row-level security.
 */

export interface SeriesUpsert {
  name: string;
  labels: Record<string, string>;
  fingerprint: string; // hex
  type: MetricType;
  help: string | null;
  unit: string | null;
  service: string | null;
  le: number | null;
}

/** Creates the missing series (one statement) and returns every id by fingerprint (hex). */
export async function upsertSeries(
  pool: pg.Pool,
  orgId: string,
  projectId: number | null,
  series: SeriesUpsert[],
): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  if (!series.length) return ids;
  const payload = JSON.stringify(
    series.map((s) => ({
      name: s.name,
      labels: s.labels,
      fp: s.fingerprint,
      type: s.type,
      help: s.help,
      unit: s.unit,
      service: s.service,
      le: s.le === null ? null : String(s.le),
    })),
  );
  // DO UPDATE (not DO NOTHING) so existing rows are returned too; it only fills a type or help
  // that was unknown, and last_seen_at, so it stays cheap. Callers pass distinct fingerprints.
  const r = await pool.query<{ id: string; fp: string }>(
    `INSERT INTO metric_series (org_id, project_id, name, labels, fingerprint, type, help, unit, service, le)
     SELECT $1::uuid, $2::bigint, x.name, x.labels, decode(x.fp, 'hex'), x.type, x.help, x.unit,
            x.service, x.le::float8
       FROM jsonb_to_recordset($3::jsonb)
         AS x(name text, labels jsonb, fp text, type text, help text, unit text, service text, le text)
     ON CONFLICT (org_id, fingerprint) DO UPDATE
        SET type = CASE WHEN EXCLUDED.type <> 'unknown' THEN EXCLUDED.type ELSE metric_series.type END,
            help = COALESCE(EXCLUDED.help, metric_series.help),
            unit = COALESCE(EXCLUDED.unit, metric_series.unit),
            last_seen_at = now()
     RETURNING id::text AS id, encode(fingerprint, 'hex') AS fp`,
    [orgId, projectId, payload],
  );
  for (const row of r.rows) ids.set(row.fp, row.id);
  return ids;
}

/** Applies remote write metadata to the org's existing series of those families. */
export async function applyMetadata(
  pool: pg.Pool,
  orgId: string,
  items: { name: string; type: MetricType; help: string | null; unit: string | null }[],
): Promise<void> {
  if (!items.length) return;
  await pool.query(
    `UPDATE metric_series s
        SET type = CASE WHEN x.type <> 'unknown' THEN x.type ELSE s.type END,
            help = COALESCE(x.help, s.help), unit = COALESCE(x.unit, s.unit)
       FROM jsonb_to_recordset($2::jsonb) AS x(name text, type text, help text, unit text)
      WHERE s.org_id = $1::uuid
        AND (s.name = x.name OR s.name IN (x.name || '_bucket', x.name || '_sum', x.name || '_count'))
        AND (s.type IS DISTINCT FROM CASE WHEN x.type <> 'unknown' THEN x.type ELSE s.type END
             OR s.help IS DISTINCT FROM COALESCE(x.help, s.help))`,
    [orgId, JSON.stringify(items)],
  );
}

export interface SeriesListing {
  id: number;
  name: string;
  labels: Record<string, string>;
  type: MetricType;
  help: string | null;
  sample_count: number;
  first_seen_at: string;
  last_seen_at: string;
}

/** Series of one metric name with their raw sample counts (inside withTransaction). */
export async function listSeries(ctx: Ctx, name: string, limit: number): Promise<SeriesListing[]> {
  const r = await sql<{
    id: string;
    name: string;
    labels: Record<string, string>;
    type: MetricType;
    help: string | null;
    sample_count: string;
    first_seen_at: Date;
    last_seen_at: Date;
  }>`SELECT s.id::text AS id, s.name, s.labels, s.type, s.help,
            (SELECT count(*) FROM metric_samples m WHERE m.series_id = s.id)::text AS sample_count,
            s.first_seen_at, s.last_seen_at
       FROM metric_series s
      WHERE s.org_id = ${ctx.orgId} AND s.name = ${name}
      ORDER BY s.labels::text
      LIMIT ${limit}`.execute(txOf(ctx));
  return r.rows.map((x) => ({
    id: Number(x.id),
    name: x.name,
    labels: x.labels,
    type: x.type,
    help: x.help,
    sample_count: Number(x.sample_count),
    first_seen_at: x.first_seen_at.toISOString(),
    last_seen_at: x.last_seen_at.toISOString(),
  }));
}
