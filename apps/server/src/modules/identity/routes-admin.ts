import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { createUser } from './create-user.ts';
import {
  createTeam,
  deleteTeam,
  getTeam,
  listTeams,
  putTeamMember,
  removeTeamMember,
  updateTeam,
} from './manage-teams.ts';
import { deleteOrgUser, listUsers, updateOrgUser } from './manage-users.ts';
import { IdParamsSchema } from './schemas.ts';
import {
  CreatedUserSchema,
  CreateTeamBodySchema,
  CreateUserBodySchema,
  ListUsersQuerySchema,
  PutTeamMemberBodySchema,
  TeamDetailSchema,
  TeamListSchema,
  TeamMemberParamsSchema,
  TeamSchema,
  UpdateTeamBodySchema,
  UpdateUserBodySchema,
  UserListSchema,
  UserSchema,
} from './schemas-admin.ts';

/** Users and teams of the current organization. */
export async function adminRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const users = ['users'];
  const teams = ['teams'];
  const noContent = { 204: Type.Null() };

  app.get(
    '/users',
    {
      config: { permission: 'users.read' },
      schema: {
        tags: users,
        summary: 'Users of the organization',
        querystring: ListUsersQuerySchema,
        response: { 200: UserListSchema },
      },
    },
    async (req) => ({ items: await listUsers({ ctx: req.ctx, input: req.query }) }),
  );

  app.post(
    '/users',
    {
      config: { permission: 'users.manage' },
      schema: {
        tags: users,
        summary:
          'Create a user (without a password, a one-time password is generated and shown once)',
        body: CreateUserBodySchema,
        response: { 201: CreatedUserSchema },
      },
    },
    async (req, reply) => {
      const { user, oneTimePassword } = await createUser({ ctx: req.ctx, input: req.body });
      reply.header('Cache-Control', 'no-store');
      return reply
        .status(201)
        .send({ user, ...(oneTimePassword ? { one_time_password: oneTimePassword } : {}) });
    },
  );

  app.patch(
    '/users/:id',
    {
      config: { permission: 'users.manage' },
      schema: {
        tags: users,
        summary: 'Change a user’s role, name or active flag (deactivating signs them out)',
        params: IdParamsSchema,
        body: UpdateUserBodySchema,
        response: { 200: UserSchema },
      },
    },
    async (req) => updateOrgUser({ ctx: req.ctx, input: { id: req.params.id, ...req.body } }),
  );

  app.delete(
    '/users/:id',
    {
      config: { permission: 'users.manage' },
      schema: {
        tags: users,
        summary: 'Remove a user (soft delete in their home organization)',
        params: IdParamsSchema,
        response: noContent,
      },
    },
    async (req, reply) => {
      await deleteOrgUser({ ctx: req.ctx, input: { id: req.params.id } });
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/teams',
    {
      config: { permission: 'teams.read' },
      schema: {
        tags: teams,
        summary: 'Teams of the organization',
        response: { 200: TeamListSchema },
      },
    },
    async (req) => ({ items: await listTeams({ ctx: req.ctx }) }),
  );

  app.get(
    '/teams/:id',
    {
      config: { permission: 'teams.read' },
      schema: {
        tags: teams,
        summary: 'A team with its members',
        params: IdParamsSchema,
        response: { 200: TeamDetailSchema },
      },
    },
    async (req) => getTeam({ ctx: req.ctx, input: { id: req.params.id } }),
  );

  app.post(
    '/teams',
    {
      config: { permission: 'teams.write' },
      schema: {
        tags: teams,
        summary: 'Create a team (optionally inside a parent team)',
        body: CreateTeamBodySchema,
        response: { 201: TeamSchema },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await createTeam({ ctx: req.ctx, input: req.body })),
  );

  app.patch(
    '/teams/:id',
    {
      config: { permission: 'teams.write' },
      schema: {
        tags: teams,
        summary: 'Update a team (parent changes may not create a cycle)',
        params: IdParamsSchema,
        body: UpdateTeamBodySchema,
        response: { 200: TeamSchema },
      },
    },
    async (req) => updateTeam({ ctx: req.ctx, input: { id: req.params.id, ...req.body } }),
  );

  app.delete(
    '/teams/:id',
    {
      config: { permission: 'teams.write' },
      schema: {
        tags: teams,
        summary: 'Delete a team',
        params: IdParamsSchema,
        response: noContent,
      },
    },
    async (req, reply) => {
      await deleteTeam({ ctx: req.ctx, input: { id: req.params.id } });
      return reply.status(204).send(null);
    },
  );

  app.put(
    '/teams/:id/members/:userId',
    {
      config: { permission: 'teams.write' },
      schema: {
        tags: teams,
        summary: 'Add a member to a team or change their team role',
        params: TeamMemberParamsSchema,
        body: PutTeamMemberBodySchema,
        response: noContent,
      },
    },
    async (req, reply) => {
      await putTeamMember({
        ctx: req.ctx,
        input: { teamId: req.params.id, userId: req.params.userId, role: req.body.role },
      });
      return reply.status(204).send(null);
    },
  );

  app.delete(
    '/teams/:id/members/:userId',
    {
      config: { permission: 'teams.write' },
      schema: {
        tags: teams,
        summary: 'Remove a member from a team',
        params: TeamMemberParamsSchema,
        response: noContent,
      },
    },
    async (req, reply) => {
      await removeTeamMember({
        ctx: req.ctx,
        input: { teamId: req.params.id, userId: req.params.userId },
      });
      return reply.status(204).send(null);
    },
  );
}
