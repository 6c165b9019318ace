import { isUniqueViolation } from '../../db/errors.ts';
import { withTransaction, type Ctx } from '../../db/context.ts';
import { encryptSecret } from '../../lib/crypto.ts';
import { conflict, notFound } from '../../platform/errors.ts';
import { recordAudit } from '../audit/index.ts';
import {
  deleteIntegrationRow,
  insertIntegration,
  selectIntegration,
  selectIntegrations,
  updateIntegrationRow,
  type IntegrationWrite,
} from './repository.ts';
import type { CreateIntegrationInput, UpdateIntegrationInput } from './schemas.ts';

export const orgOf = (ctx: Ctx): string => {
  if (!ctx.orgId) throw new Error('no organization');
  return ctx.orgId;
};

function toWrite(input: UpdateIntegrationInput, key: Buffer): IntegrationWrite {
  const { webhook_secret, ...rest } = input;
  return {
    ...rest,
    ...(webhook_secret
      ? { webhook_secret_enc: encryptSecret(key, webhook_secret, 'integration.webhook') }
      : {}),
  };
}

export async function createIntegration({
  ctx,
  input,
  secretKey,
}: {
  ctx: Ctx;
  input: CreateIntegrationInput;
  secretKey: Buffer;
}) {
  return withTransaction(ctx, async (tx) => {
    try {
      const row = await insertIntegration(tx, orgOf(ctx), toWrite(input, secretKey));
      await recordAudit(tx, {
        action: 'integration.create',
        resourceType: 'integration',
        resourceId: row.id,
        resourceName: row.name,
        after: { ...row },
      });
      return row;
    } catch (err) {
      if (isUniqueViolation(err)) throw conflict(`an integration named ${input.name} exists`);
      throw err;
    }
  });
}

export async function updateIntegration({
  ctx,
  input,
  secretKey,
}: {
  ctx: Ctx;
  input: { id: string; patch: UpdateIntegrationInput };
  secretKey: Buffer;
}) {
  return withTransaction(ctx, async (tx) => {
    const before = await selectIntegration(tx, orgOf(ctx), input.id, true);
    if (!before) throw notFound('Integration');
    const row = await updateIntegrationRow(
      tx,
      orgOf(ctx),
      input.id,
      toWrite(input.patch, secretKey),
    );
    await recordAudit(tx, {
      action: 'integration.update',
      resourceType: 'integration',
      resourceId: input.id,
      resourceName: before.name,
      before: { ...before },
      after: { ...row },
    });
    return row!;
  });
}

export async function deleteIntegration({ ctx, input }: { ctx: Ctx; input: { id: string } }) {
  await withTransaction(ctx, async (tx) => {
    const before = await selectIntegration(tx, orgOf(ctx), input.id, true);
    if (!before || !(await deleteIntegrationRow(tx, orgOf(ctx), input.id)))
      throw notFound('Integration');
    await recordAudit(tx, {
      action: 'integration.delete',
      resourceType: 'integration',
      resourceId: input.id,
      resourceName: before.name,
      before: { ...before },
    });
  });
}

export async function getIntegration({ ctx, input }: { ctx: Ctx; input: { id: string } }) {
  const row = await withTransaction(ctx, (tx) => selectIntegration(tx, orgOf(ctx), input.id));
  if (!row) throw notFound('Integration');
  return row;
}

export async function listIntegrations({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { limit: number; offset: number };
}) {
  return {
    items: await withTransaction(ctx, (tx) =>
      selectIntegrations(tx, orgOf(ctx), input.limit, input.offset),
    ),
  };
}
