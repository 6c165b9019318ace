import { withTransaction, type Ctx, type TxCtx } from '../../db/context.ts';
import { conflict, invalid, notFound } from '../../platform/errors.ts';
import { recordAudit } from '../audit/index.ts';
import { isUniqueViolation, orgIdOf } from './actor.ts';
import { findMemberRole } from './repository.ts';
import {
  deleteTeamMember,
  detachChildren,
  findTeam,
  findTeamMember,
  insertTeam,
  listTeamMembers,
  listTeams as listRows,
  updateTeam as updateRow,
  upsertTeamMember,
} from './repository-teams.ts';

type TeamRow = NonNullable<Awaited<ReturnType<typeof findTeam>>>;
const view = (t: TeamRow) => ({ ...t, created_at: t.created_at.toISOString() });

async function loadTeam(tx: TxCtx, id: string) {
  const team = await findTeam(tx, orgIdOf(tx), id);
  if (!team) throw notFound('Team');
  return team;
}

/** Refuses a parent that does not exist or that is the team itself or one of its descendants. */
async function assertParent(tx: TxCtx, teamId: string | null, parentId: string) {
  let cur: string | null = parentId;
  for (let depth = 0; cur; depth++) {
    if (cur === teamId || depth > 100) {
      throw invalid('parent_team_id would create a cycle of teams', [
        { path: 'body.parent_team_id', message: 'would create a cycle' },
      ]);
    }
    const t = await findTeam(tx, orgIdOf(tx), cur);
    if (!t) throw invalid('parent_team_id is not a team of this organization');
    cur = t.parent_team_id;
  }
}

export async function listTeams({ ctx }: { ctx: Ctx }) {
  return (await withTransaction(ctx, (tx) => listRows(tx, orgIdOf(ctx)))).map(view);
}

export async function getTeam({ ctx, input }: { ctx: Ctx; input: { id: string } }) {
  return withTransaction(ctx, async (tx) => {
    const team = await loadTeam(tx, input.id);
    const members = await listTeamMembers(tx, team.id);
    return {
      ...view(team),
      members: members.map((m) => ({
        ...m,
        role: m.role as 'owner' | 'maintainer' | 'member',
        joined_at: m.joined_at.toISOString(),
      })),
    };
  });
}

export async function createTeam({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: {
    name: string;
    display_name: string;
    description?: string;
    parent_team_id?: string | null;
  };
}) {
  try {
    return await withTransaction(ctx, async (tx) => {
      if (input.parent_team_id) await assertParent(tx, null, input.parent_team_id);
      const team = view(
        await insertTeam(tx, {
          orgId: orgIdOf(tx),
          name: input.name,
          displayName: input.display_name,
          description: input.description ?? null,
          parentId: input.parent_team_id ?? null,
        }),
      );
      await recordAudit(tx, {
        action: 'team.create',
        resourceType: 'team',
        resourceId: team.id,
        resourceName: team.name,
        after: team,
      });
      return team;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw conflict(`A team named "${input.name}" already exists.`);
    throw err;
  }
}

export async function updateTeam({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: {
    id: string;
    display_name?: string;
    description?: string | null;
    parent_team_id?: string | null;
  };
}) {
  return withTransaction(ctx, async (tx) => {
    const team = await loadTeam(tx, input.id);
    if (input.parent_team_id) await assertParent(tx, team.id, input.parent_team_id);
    const { id, ...patch } = input;
    await updateRow(tx, id, patch);
    const after = view((await findTeam(tx, orgIdOf(tx), id))!);
    await recordAudit(tx, {
      action: 'team.update',
      resourceType: 'team',
      resourceId: id,
      resourceName: team.name,
      before: view(team),
      after,
    });
    return after;
  });
}

/** Soft-deletes a team; its sub-teams move to the top level. */
export async function deleteTeam({ ctx, input }: { ctx: Ctx; input: { id: string } }) {
  await withTransaction(ctx, async (tx) => {
    const team = await loadTeam(tx, input.id);
    await detachChildren(tx, team.id);
    await updateRow(tx, team.id, { deleted_at: new Date() });
    await recordAudit(tx, {
      action: 'team.delete',
      resourceType: 'team',
      resourceId: team.id,
      resourceName: team.name,
      before: view(team),
    });
  });
}

/** Adds a member of the organization to a team, or changes their team role. */
export async function putTeamMember({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { teamId: string; userId: string; role: 'owner' | 'maintainer' | 'member' };
}) {
  await withTransaction(ctx, async (tx) => {
    const team = await loadTeam(tx, input.teamId);
    if (!(await findMemberRole(tx, orgIdOf(tx), input.userId))) throw notFound('User');
    const before = await findTeamMember(tx, team.id, input.userId);
    await upsertTeamMember(tx, { orgId: orgIdOf(tx), ...input });
    await recordAudit(tx, {
      action: before ? 'team_member.update' : 'team_member.add',
      resourceType: 'team',
      resourceId: team.id,
      resourceName: team.name,
      before: before ? { user_id: input.userId, role: before.role } : null,
      after: { user_id: input.userId, role: input.role },
    });
  });
}

export async function removeTeamMember({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { teamId: string; userId: string };
}) {
  await withTransaction(ctx, async (tx) => {
    const team = await loadTeam(tx, input.teamId);
    const before = await findTeamMember(tx, team.id, input.userId);
    if (!before) throw notFound('Team member');
    await deleteTeamMember(tx, team.id, input.userId);
    await recordAudit(tx, {
      action: 'team_member.remove',
      resourceType: 'team',
      resourceId: team.id,
      resourceName: team.name,
      before: { user_id: input.userId, role: before.role },
    });
  });
}
