import { withTransaction, type Ctx } from '../../db/context.ts';
import { selectIssues } from './repository.ts';
import type { ListIssuesQuery } from './schemas.ts';

/** Issues of the organization matching the filters, in the requested order. */
export async function listIssues({ ctx, input }: { ctx: Ctx; input: ListIssuesQuery }) {
  return withTransaction(ctx, (tx) => selectIssues(tx, input));
}
