import type { ClientKey as ClientKeyView, Project as ProjectView } from '@pharos/contracts';
import { withTransaction, type Ctx } from '../../db/context.ts';
import { buildDsn } from '../../lib/dsn.ts';
import { conflict, invalid, notFound } from '../../platform/errors.ts';
import { recordAudit } from '../audit/index.ts';
import { forgetClientKeys } from './client-key-auth.ts';
import {
  insertClientKey,
  insertProject,
  revokeClientKeyRow,
  selectClientKey,
  selectClientKeys,
  selectProject,
  selectProjects,
  type ClientKeyRow,
  type ProjectRow,
} from './repository.ts';

function orgOf(ctx: Ctx): string {
  if (!ctx.orgId) throw new Error('projects: no organization in context');
  return ctx.orgId;
}

function userOf(ctx: Ctx): string | null {
  return ctx.actor.type === 'user' || ctx.actor.type === 'api_key' ? ctx.actor.userId : null;
}

function keyView(k: ClientKeyRow, publicUrl: string): ClientKeyView {
  const projectId = Number(k.project_id);
  return {
    id: k.id,
    project_id: projectId,
    label: k.label,
    public_key: k.public_key,
    dsn: buildDsn(k.public_key, publicUrl, projectId),
    active: k.revoked_at === null,
    created_at: k.created_at.toISOString(),
    revoked_at: k.revoked_at?.toISOString() ?? null,
  };
}

function projectView(p: ProjectRow, keys: ClientKeyView[]): ProjectView {
  const mine = keys.filter((k) => k.project_id === Number(p.id));
  const active = mine.filter((k) => k.active);
  return {
    id: Number(p.id),
    slug: p.slug,
    name: p.name,
    platform: p.platform,
    created_at: p.created_at.toISOString(),
    dsn: active.at(-1)?.dsn ?? null,
    client_keys: mine,
  };
}

/** The organization's projects, each with its client keys and DSN. */
export async function listProjects({ ctx, publicUrl }: { ctx: Ctx; publicUrl: string }) {
  return withTransaction(ctx, async (tx) => {
    const [projects, keys] = await Promise.all([
      selectProjects(tx, orgOf(ctx)),
      selectClientKeys(tx, orgOf(ctx)),
    ]);
    const views = keys.map((k) => keyView(k, publicUrl));
    return projects.map((p) => projectView(p, views));
  });
}

/** `Checkout API` -> `checkout-api` (the slug rule of the projects table). */
export function slugOf(name: string): string {
  return name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63)
    .replace(/-+$/, '');
}

export async function createProject({
  ctx,
  input,
  publicUrl,
}: {
  ctx: Ctx;
  input: { name: string; slug?: string; platform?: string | null };
  publicUrl: string;
}): Promise<ProjectView> {
  const name = input.name.trim();
  const slug = input.slug ?? slugOf(name);
  if (!/^[a-z0-9][a-z0-9-]{0,62}$/.test(slug)) {
    throw invalid(
      `slug "${slug}" must be 1-63 lower-case letters, digits and dashes, starting with a letter or digit`,
    );
  }
  return withTransaction(ctx, async (tx) => {
    const existing = await selectProjects(tx, orgOf(ctx));
    if (existing.some((p) => p.slug === slug)) throw conflict(`a project with slug ${slug} exists`);
    const row = await insertProject(tx, orgOf(ctx), {
      slug,
      name,
      platform: input.platform ?? null,
    });
    const keys = (await selectClientKeys(tx, orgOf(ctx))).map((k) => keyView(k, publicUrl));
    const view = projectView(row, keys);
    await recordAudit(tx, {
      action: 'project.create',
      resourceType: 'project',
      resourceId: String(view.id),
      resourceName: view.name,
      after: {
        id: view.id,
        slug,
        name,
        platform: view.platform,
        client_keys: view.client_keys.length,
      },
    });
    return view;
  });
}

export async function createClientKey({
  ctx,
  input,
  publicUrl,
}: {
  ctx: Ctx;
  input: { projectId: number; label?: string };
  publicUrl: string;
}): Promise<ClientKeyView> {
  return withTransaction(ctx, async (tx) => {
    const project = await selectProject(tx, orgOf(ctx), input.projectId);
    if (!project) throw notFound(`Project ${input.projectId}`);
    const row = await insertClientKey(tx, orgOf(ctx), {
      projectId: input.projectId,
      label: input.label?.trim() || 'Default',
      createdBy: userOf(ctx),
    });
    const view = keyView(row, publicUrl);
    await recordAudit(tx, {
      action: 'client_key.create',
      resourceType: 'client_key',
      resourceId: view.id,
      resourceName: `${project.name}: ${view.label}`,
      after: { project_id: view.project_id, label: view.label, public_key: view.public_key },
    });
    return view;
  });
}

export async function revokeClientKey({
  ctx,
  input,
  publicUrl,
}: {
  ctx: Ctx;
  input: { id: string };
  publicUrl: string;
}): Promise<ClientKeyView> {
  return withTransaction(ctx, async (tx) => {
    const before = await selectClientKey(tx, orgOf(ctx), input.id);
    if (!before) throw notFound('Client key');
    const row = await revokeClientKeyRow(tx, orgOf(ctx), input.id);
    if (!row) throw conflict('this client key is already revoked');
    const view = keyView(row, publicUrl);
    forgetClientKeys();
    await recordAudit(tx, {
      action: 'client_key.revoke',
      resourceType: 'client_key',
      resourceId: view.id,
      resourceName: view.label,
      before: { revoked_at: null },
      after: { revoked_at: view.revoked_at },
    });
    return view;
  });
}
