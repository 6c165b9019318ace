// Teams and team members.
import { txOf, type Ctx } from '../../db/context.ts';

const TEAM_COLUMNS = [
  'id',
  'name',
  'display_name',
  'description',
  'parent_team_id',
  'created_at',
] as const;

export async function listTeams(ctx: Ctx, orgId: string) {
  return txOf(ctx)
    .selectFrom('teams')
    .select(TEAM_COLUMNS)
    .where('org_id', '=', orgId)
    .where('deleted_at', 'is', null)
    .orderBy('name')
    .limit(1000)
    .execute();
}

export async function findTeam(ctx: Ctx, orgId: string, id: string) {
  return txOf(ctx)
    .selectFrom('teams')
    .select(TEAM_COLUMNS)
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
}

export async function insertTeam(
  ctx: Ctx,
  t: {
    orgId: string;
    name: string;
    displayName: string;
    description: string | null;
    parentId: string | null;
  },
) {
  return txOf(ctx)
    .insertInto('teams')
    .values({
      org_id: t.orgId,
      name: t.name,
      display_name: t.displayName,
      description: t.description,
      parent_team_id: t.parentId,
      settings: '{}',
      metadata: '{}',
    })
    .returning(TEAM_COLUMNS)
    .executeTakeFirstOrThrow();
}

export async function updateTeam(
  ctx: Ctx,
  id: string,
  patch: {
    display_name?: string;
    description?: string | null;
    parent_team_id?: string | null;
    deleted_at?: Date;
  },
) {
  await txOf(ctx).updateTable('teams').set(patch).where('id', '=', id).execute();
}

/** Children of a deleted team move up to the top level. */
export async function detachChildren(ctx: Ctx, parentId: string) {
  await txOf(ctx)
    .updateTable('teams')
    .set({ parent_team_id: null })
    .where('parent_team_id', '=', parentId)
    .execute();
}

export async function listTeamMembers(ctx: Ctx, teamId: string) {
  return txOf(ctx)
    .selectFrom('team_members as tm')
    .innerJoin('users as u', 'u.id', 'tm.user_id')
    .select(['tm.user_id', 'u.email', 'u.name', 'tm.role', 'tm.joined_at'])
    .where('tm.team_id', '=', teamId)
    .where('u.deleted_at', 'is', null)
    .orderBy('u.email')
    .execute();
}

export async function findTeamMember(ctx: Ctx, teamId: string, userId: string) {
  return txOf(ctx)
    .selectFrom('team_members')
    .select(['role'])
    .where('team_id', '=', teamId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
}

export async function upsertTeamMember(
  ctx: Ctx,
  m: { orgId: string; teamId: string; userId: string; role: string },
) {
  await txOf(ctx)
    .insertInto('team_members')
    .values({ org_id: m.orgId, team_id: m.teamId, user_id: m.userId, role: m.role })
    .onConflict((oc) => oc.columns(['team_id', 'user_id']).doUpdateSet({ role: m.role }))
    .execute();
}

export async function deleteTeamMember(ctx: Ctx, teamId: string, userId: string) {
  await txOf(ctx)
    .deleteFrom('team_members')
    .where('team_id', '=', teamId)
    .where('user_id', '=', userId)
    .execute();
}
