import { isUniqueViolation } from '../../../db/errors.ts';
import { randomUUID } from 'node:crypto';
import { withTransaction, type Ctx } from '../../../db/context.ts';
import { encryptSecret } from '../../../lib/crypto.ts';
import { conflict, invalid, notFound } from '../../../platform/errors.ts';
import { recordAudit } from '../../audit/index.ts';
import {
  deleteTargetRow,
  insertTarget,
  selectTarget,
  selectTargets,
  updateTargetRow,
  type ScrapeTargetRow,
  type ScrapeTargetWrite,
} from './repository.ts';
import type {
  CreateScrapeTargetInput,
  ScrapeAuthInput,
  ScrapeTargetView,
  UpdateScrapeTargetInput,
} from './schemas.ts';

/** Scrape target CRUD: org-scoped, audited in the same transaction, secrets encrypted at rest. */

export const orgOf = (ctx: Ctx): string => {
  if (!ctx.orgId) throw new Error('no organization');
  return ctx.orgId;
};
const userOf = (ctx: Ctx) =>
  ctx.actor.type === 'user' || ctx.actor.type === 'api_key' ? ctx.actor.userId : null;

/** The secret's AAD binds it to its row: a ciphertext copied to another target does not decrypt. */
export const secretAad = (id: string) => `scrape_target:${id}`;

export function toView(row: ScrapeTargetRow): ScrapeTargetView {
  return {
    id: row.id,
    name: row.name,
    url: row.url,
    interval_seconds: row.interval_seconds,
    timeout_seconds: row.timeout_seconds,
    labels: row.labels,
    enabled: row.enabled,
    auth: { type: row.auth_type, username: row.auth_username },
    health: row.health,
    last_scrape_at: row.last_scrape_at,
    last_duration_ms: row.last_duration_ms,
    last_samples: row.last_samples,
    last_error: row.last_error,
    next_scrape_at: row.next_scrape_at,
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
}

/** Checks a URL for scraping: http(s), no credentials in it (they belong in `auth`). */
export function checkUrl(url: string): URL {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw invalid('url is not a valid URL');
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw invalid('url must be http or https');
  if (u.username || u.password) throw invalid('put credentials in auth, not in the url');
  return u;
}

const defaultInstance = (url: URL) =>
  `${url.hostname}:${url.port || (url.protocol === 'https:' ? '443' : '80')}`;

/** job defaults to the target's name, instance to the URL's host:port (as Prometheus). */
function withDefaults(labels: Record<string, string>, name: string, url: URL) {
  return { ...labels, job: labels.job ?? name, instance: labels.instance ?? defaultInstance(url) };
}

/** The labels after an update: defaulted job/instance follow a new name or URL. */
function updatedLabels(
  before: ScrapeTargetRow,
  patch: UpdateScrapeTargetInput,
  name: string,
  url: URL,
) {
  if (patch.labels) return withDefaults(patch.labels, name, url);
  const labels = { ...before.labels };
  if (labels.job === before.name) labels.job = name;
  if (labels.instance === defaultInstance(new URL(before.url)))
    labels.instance = defaultInstance(url);
  return labels;
}

function authColumns(auth: ScrapeAuthInput, key: Buffer, id: string) {
  if (auth.type === 'none')
    return { auth_type: 'none', auth_username: null, auth_secret_enc: null } as const;
  const secret = auth.type === 'bearer' ? auth.token : auth.password;
  return {
    auth_type: auth.type,
    auth_username: auth.type === 'basic' ? auth.username : null,
    auth_secret_enc: encryptSecret(key, secret, secretAad(id)),
  };
}

function validated(w: ScrapeTargetWrite): ScrapeTargetWrite {
  if (w.timeout_seconds >= w.interval_seconds)
    throw invalid('timeout_seconds must be shorter than interval_seconds');
  return w;
}

export async function createScrapeTarget({
  ctx,
  input,
  secretKey,
}: {
  ctx: Ctx;
  input: CreateScrapeTargetInput;
  secretKey: Buffer;
}): Promise<ScrapeTargetView> {
  const url = checkUrl(input.url);
  const id = randomUUID();
  const write = validated({
    name: input.name,
    url: input.url,
    interval_seconds: input.interval_seconds ?? 60,
    timeout_seconds: input.timeout_seconds ?? 10,
    labels: withDefaults(input.labels ?? {}, input.name, url),
    enabled: input.enabled ?? true,
    ...authColumns(input.auth ?? { type: 'none' }, secretKey, id),
  });
  return withTransaction(ctx, async (tx) => {
    try {
      const view = toView(await insertTarget(tx, orgOf(ctx), id, userOf(ctx), write));
      await recordAudit(tx, {
        action: 'scrape_target.create',
        resourceType: 'scrape_target',
        resourceId: id,
        resourceName: view.name,
        after: { ...view },
      });
      return view;
    } catch (err) {
      if (isUniqueViolation(err)) throw conflict(`a scrape target named ${input.name} exists`);
      throw err;
    }
  });
}

export async function updateScrapeTarget({
  ctx,
  input,
  secretKey,
}: {
  ctx: Ctx;
  input: { id: string; patch: UpdateScrapeTargetInput };
  secretKey: Buffer;
}): Promise<ScrapeTargetView> {
  const { patch } = input;
  return withTransaction(ctx, async (tx) => {
    const before = await selectTarget(tx, orgOf(ctx), input.id, true);
    if (!before) throw notFound('Scrape target');
    const name = patch.name ?? before.name;
    const url = patch.url ?? before.url;
    const write = validated({
      name,
      url,
      interval_seconds: patch.interval_seconds ?? before.interval_seconds,
      timeout_seconds: patch.timeout_seconds ?? before.timeout_seconds,
      labels: updatedLabels(before, patch, name, checkUrl(url)),
      enabled: patch.enabled ?? before.enabled,
      ...(patch.auth
        ? authColumns(patch.auth, secretKey, before.id)
        : {
            auth_type: before.auth_type,
            auth_username: before.auth_username,
            auth_secret_enc: before.auth_secret_enc,
          }),
    });
    let row: ScrapeTargetRow | null;
    try {
      row = await updateTargetRow(tx, orgOf(ctx), input.id, write);
    } catch (err) {
      if (isUniqueViolation(err)) throw conflict(`a scrape target named ${name} exists`);
      throw err;
    }
    const view = toView(row!);
    await recordAudit(tx, {
      action: 'scrape_target.update',
      resourceType: 'scrape_target',
      resourceId: input.id,
      resourceName: before.name,
      before: { ...toView(before) },
      after: { ...view },
    });
    return view;
  });
}

export async function deleteScrapeTarget({ ctx, input }: { ctx: Ctx; input: { id: string } }) {
  await withTransaction(ctx, async (tx) => {
    const before = await selectTarget(tx, orgOf(ctx), input.id, true);
    if (!before || !(await deleteTargetRow(tx, orgOf(ctx), input.id)))
      throw notFound('Scrape target');
    await recordAudit(tx, {
      action: 'scrape_target.delete',
      resourceType: 'scrape_target',
      resourceId: input.id,
      resourceName: before.name,
      before: { ...toView(before) },
    });
  });
}

export async function getScrapeTarget({ ctx, input }: { ctx: Ctx; input: { id: string } }) {
  const row = await withTransaction(ctx, (tx) => selectTarget(tx, orgOf(ctx), input.id));
  if (!row) throw notFound('Scrape target');
  return toView(row);
}

export async function listScrapeTargets({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { limit: number; offset: number };
}) {
  const rows = await withTransaction(ctx, (tx) =>
    selectTargets(tx, orgOf(ctx), input.limit, input.offset),
  );
  return { items: rows.map(toView) };
}
