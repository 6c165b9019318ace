import { withTransaction, type Ctx } from '../../db/context.ts';
import { invalid, notFound } from '../../platform/errors.ts';
import { recordAudit } from '../audit/index.ts';
import { isOrgMember, selectIssue, updateIssue as updateIssueRow } from './repository.ts';
import type { UpdateIssueBody } from './schemas.ts';

/**
 * Changes an issue's status, assignee or resolution note, and records `error_group.update` with
 * the before/after values in the same transaction. Resolving stamps resolved_at/resolved_by; a
 * later event regresses the issue (see the error_events writer).
 */
export async function updateIssue({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { id: string } & UpdateIssueBody;
}) {
  return withTransaction(ctx, async (tx) => {
    const before = await selectIssue(tx, input.id, true);
    if (!before) throw notFound('Issue');
    if (input.assigned_to && !(await isOrgMember(tx, input.assigned_to))) {
      throw invalid('assigned_to is not a user of this organization.', [
        { path: '/assigned_to', message: 'not a member of this organization' },
      ]);
    }
    const a = tx.actor;
    const after = await updateIssueRow(tx, input.id, {
      status: input.status,
      assigned_to: input.assigned_to,
      resolution_note: input.resolution_note,
      resolvedBy: a.type === 'user' || a.type === 'api_key' ? a.userId : null,
    });
    if (!after) throw notFound('Issue');
    const pick = (i: typeof before) => ({
      status: i.status,
      assigned_to: i.assigned_to,
      resolution_note: i.resolution_note,
    });
    await recordAudit(tx, {
      action: 'error_group.update',
      resourceType: 'error_group',
      resourceId: after.id,
      resourceName: `${after.error_type}: ${after.message}`.slice(0, 200),
      description: 'Issue updated',
      before: pick(before),
      after: pick(after),
      module: 'errors',
    });
    return after;
  });
}
