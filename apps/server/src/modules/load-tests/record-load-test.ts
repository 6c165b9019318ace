import { withTransaction, type Ctx } from '../../db/context.ts';
import { AppError, invalid, notFound } from '../../platform/errors.ts';
import { recordAudit } from '../audit/index.ts';
import { parseLoadTestSummary, SummaryError } from './parse-summary.ts';
import { insertLoadTest, selectLoadTest, selectLoadTests } from './repository.ts';
import type { ListLoadTestsQuery, RecordLoadTestQuery } from './schemas.ts';

const orgOf = (ctx: Ctx): string => {
  if (!ctx.orgId) throw new Error('no organization');
  return ctx.orgId;
};

/** Stores a k6 or autocannon summary (detected from its shape) with its audit event. */
export async function recordLoadTest({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { query: RecordLoadTestQuery; body: unknown };
}) {
  let figures;
  try {
    figures = parseLoadTestSummary(input.body);
  } catch (err) {
    if (err instanceof SummaryError) throw new AppError('VALIDATION', err.message);
    throw err;
  }
  const { query } = input;
  const name = query.name ?? figures.title;
  if (!name) throw invalid('name is required (?name=...)');
  const durationMs = figures.durationSeconds * 1000;
  const startedAt = query.started_at
    ? new Date(query.started_at)
    : (figures.startedAt ?? new Date(Date.now() - durationMs));
  const completedAt = figures.completedAt ?? new Date(startedAt.getTime() + durationMs);
  return withTransaction(ctx, async (tx) => {
    const row = await insertLoadTest(tx, orgOf(ctx), {
      name,
      testType: query.test_type ?? 'load',
      scenario: query.scenario ?? '',
      status: query.status ?? figures.status,
      startedAt,
      completedAt,
      figures,
      results: input.body,
    });
    await recordAudit(tx, {
      action: 'load_test.create',
      resourceType: 'load_test',
      resourceId: row.id,
      resourceName: row.test_name,
      after: { ...row },
    });
    return row;
  });
}

export async function listLoadTests({ ctx, input }: { ctx: Ctx; input: ListLoadTestsQuery }) {
  return { items: await withTransaction(ctx, (tx) => selectLoadTests(tx, orgOf(ctx), input)) };
}

export async function getLoadTest({ ctx, input }: { ctx: Ctx; input: { id: string } }) {
  const row = await withTransaction(ctx, (tx) => selectLoadTest(tx, orgOf(ctx), input.id));
  if (!row) throw notFound('Load test result');
  return row;
}
