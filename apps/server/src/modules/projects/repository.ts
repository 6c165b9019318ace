import { sql } from 'kysely';
import { txOf, type Ctx } from '../../db/context.ts';
import type { Db } from '../../db/client.ts';

export interface ClientKeyRow {
  id: string;
  project_id: string;
  label: string;
  public_key: string;
  created_at: Date;
  revoked_at: Date | null;
}

export interface ProjectRow {
  id: string;
  slug: string;
  name: string;
  platform: string | null;
  created_at: Date;
}

export async function selectProjects(ctx: Ctx, orgId: string): Promise<ProjectRow[]> {
  const r = await sql<ProjectRow>`
    SELECT id::text AS id, slug, name, platform, created_at FROM projects
     WHERE org_id = ${orgId} AND deleted_at IS NULL ORDER BY id`.execute(txOf(ctx));
  return r.rows;
}

export async function selectProject(ctx: Ctx, orgId: string, id: number) {
  const r = await sql<ProjectRow>`
    SELECT id::text AS id, slug, name, platform, created_at FROM projects
     WHERE org_id = ${orgId} AND id = ${id} AND deleted_at IS NULL`.execute(txOf(ctx));
  return r.rows[0] ?? null;
}

/** Inserts a project; its first client key comes from the projects_default_client_key trigger. */
export async function insertProject(
  ctx: Ctx,
  orgId: string,
  p: { slug: string; name: string; platform: string | null },
): Promise<ProjectRow> {
  const r = await sql<ProjectRow>`
    INSERT INTO projects (org_id, slug, name, platform)
    VALUES (${orgId}, ${p.slug}, ${p.name}, ${p.platform})
    RETURNING id::text AS id, slug, name, platform, created_at`.execute(txOf(ctx));
  return r.rows[0]!;
}

const KEY_COLUMNS = sql`id, project_id::text AS project_id, label, public_key, created_at, revoked_at`;

export async function selectClientKeys(ctx: Ctx, orgId: string): Promise<ClientKeyRow[]> {
  const r = await sql<ClientKeyRow>`
    SELECT ${KEY_COLUMNS} FROM project_client_keys
     WHERE org_id = ${orgId} ORDER BY project_id, revoked_at NULLS FIRST, created_at`.execute(
    txOf(ctx),
  );
  return r.rows;
}

export async function selectClientKey(ctx: Ctx, orgId: string, id: string) {
  const r = await sql<ClientKeyRow>`
    SELECT ${KEY_COLUMNS} FROM project_client_keys
     WHERE org_id = ${orgId} AND id = ${id}`.execute(txOf(ctx));
  return r.rows[0] ?? null;
}

export async function insertClientKey(
  ctx: Ctx,
  orgId: string,
  k: { projectId: number; label: string; createdBy: string | null },
): Promise<ClientKeyRow> {
  const r = await sql<ClientKeyRow>`
    INSERT INTO project_client_keys (org_id, project_id, label, public_key, created_by)
    VALUES (${orgId}, ${k.projectId}, ${k.label}, pharos_new_client_key(), ${k.createdBy})
    RETURNING ${KEY_COLUMNS}`.execute(txOf(ctx));
  return r.rows[0]!;
}

export async function revokeClientKeyRow(ctx: Ctx, orgId: string, id: string) {
  const r = await sql<ClientKeyRow>`
    UPDATE project_client_keys SET revoked_at = now()
     WHERE org_id = ${orgId} AND id = ${id} AND revoked_at IS NULL
    RETURNING ${KEY_COLUMNS}`.execute(txOf(ctx));
  return r.rows[0] ?? null;
}

/**
 * The organization and project of an active client key, across organizations (the key is what
 * tells the organization): runs as the connecting role, outside row-level security.
 */
export async function findActiveClientKey(db: Db, publicKey: string) {
  const r = await sql<{ id: string; org_id: string; project_id: string }>`
    SELECT k.id, k.org_id, k.project_id::text AS project_id
      FROM project_client_keys k JOIN projects p ON p.id = k.project_id
     WHERE k.public_key = ${publicKey} AND k.revoked_at IS NULL AND p.deleted_at IS NULL`.execute(
    db,
  );
  return r.rows[0] ?? null;
}
