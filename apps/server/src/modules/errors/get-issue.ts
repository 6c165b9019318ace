import { withTransaction, type Ctx } from '../../db/context.ts';
import { notFound } from '../../platform/errors.ts';
import { selectIssue, selectIssueEvents } from './repository.ts';

/** One issue and its latest event. */
export async function getIssue({ ctx, input }: { ctx: Ctx; input: { id: string } }) {
  return withTransaction(ctx, async (tx) => {
    const issue = await selectIssue(tx, input.id);
    if (!issue) throw notFound('Issue');
    const [latest] = await selectIssueEvents(tx, input.id, 1, null);
    return { issue, latest_event: latest ?? null };
  });
}
