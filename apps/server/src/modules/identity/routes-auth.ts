import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { Ctx } from '../../db/context.ts';
import { SESSION_COOKIE, sessionCookieOptions } from './deps.ts';
import { getMe } from './get-me.ts';
import { listMySessions } from './list-sessions.ts';
import { revokeSession } from './revoke-session.ts';
import {
  IdParamsSchema,
  MeSchema,
  SessionListSchema,
  SignInBodySchema,
  SignInMfaBodySchema,
  SignInResponseSchema,
  SwitchOrgBodySchema,
} from './schemas.ts';
import { signInWithMfa } from './sign-in-mfa.ts';
import { signIn, type SignInResult } from './sign-in.ts';
import { signOut } from './sign-out.ts';
import { switchOrg } from './switch-org.ts';

const tags = ['auth'];

/** Sign-in (password, then code when MFA is on), sign-out, organization switch, sessions. */
export async function authRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const config = app.deps.config;

  const sessionResponse = async (
    req: FastifyRequest,
    reply: FastifyReply,
    r: SignInResult & { kind: 'session' },
  ) => {
    reply.setCookie(SESSION_COOKIE, r.session.token, sessionCookieOptions(config));
    const ctx: Ctx = {
      ...req.ctx,
      orgId: r.orgId,
      actor: {
        type: 'user',
        userId: r.userId,
        email: '',
        role: r.role,
        sessionId: r.session.sessionId,
      },
    };
    return { mfa_required: false, user: await getMe({ ctx }) };
  };

  app.post(
    '/auth/sign-in',
    {
      config: { public: true },
      schema: {
        tags,
        summary: 'Sign in with email and password',
        description:
          'Sets the `pharos_session` cookie, or answers `mfa_required` with a challenge for POST /auth/sign-in/mfa.',
        body: SignInBodySchema,
        response: { 200: SignInResponseSchema },
      },
    },
    async (req, reply) => {
      const r = await signIn({ ctx: req.ctx, input: req.body, config });
      if (r.kind === 'mfa') return { mfa_required: true, challenge: r.challenge };
      return sessionResponse(req, reply, r);
    },
  );

  app.post(
    '/auth/sign-in/mfa',
    {
      config: { public: true },
      schema: {
        tags,
        summary: 'Complete an MFA sign-in with a TOTP or backup code',
        body: SignInMfaBodySchema,
        response: { 200: SignInResponseSchema },
      },
    },
    async (req, reply) => {
      const r = await signInWithMfa({ ctx: req.ctx, input: req.body, config });
      return sessionResponse(req, reply, r);
    },
  );

  app.post(
    '/auth/sign-out',
    {
      config: { authenticated: true },
      schema: {
        tags,
        summary: 'Sign out (revokes the current session)',
        response: { 204: Type.Null() },
      },
    },
    async (req, reply) => {
      await signOut({ ctx: req.ctx });
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/auth/switch-org',
    {
      config: { authenticated: true },
      schema: {
        tags,
        summary: 'Switch the session to another organization you belong to',
        body: SwitchOrgBodySchema,
        response: { 200: SignInResponseSchema },
      },
    },
    async (req, reply) => {
      const { session, role } = await switchOrg({
        ctx: req.ctx,
        input: { orgId: req.body.org_id },
        config,
      });
      const a = req.ctx.actor;
      return sessionResponse(req, reply, {
        kind: 'session',
        session,
        role,
        orgId: req.body.org_id,
        userId: a.type === 'user' ? a.userId : '',
        mustChangePassword: false,
      });
    },
  );

  app.get(
    '/me',
    {
      config: { authenticated: true },
      schema: {
        tags: ['me'],
        summary: 'Your profile in the current organization',
        response: { 200: MeSchema },
      },
    },
    async (req) => getMe({ ctx: req.ctx }),
  );

  app.get(
    '/sessions',
    {
      config: { authenticated: true },
      schema: {
        tags: ['sessions'],
        summary: 'Your active sessions',
        response: { 200: SessionListSchema },
      },
    },
    async (req) => ({ items: await listMySessions({ ctx: req.ctx }) }),
  );

  app.delete(
    '/sessions/:id',
    {
      config: { authenticated: true },
      schema: {
        tags: ['sessions'],
        summary: 'Revoke a session (yours; any in the organization with users.manage)',
        params: IdParamsSchema,
        response: { 204: Type.Null() },
      },
    },
    async (req, reply) => {
      await revokeSession({ ctx: req.ctx, input: { id: req.params.id } });
      return reply.status(204).send(null);
    },
  );
}
