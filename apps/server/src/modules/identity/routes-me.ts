import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { changePassword } from './change-password.ts';
import { disableMfa } from './disable-mfa.ts';
import { getMe } from './get-me.ts';
import {
  BackupCodesSchema,
  ChangePasswordBodySchema,
  CodeBodySchema,
  DisableMfaBodySchema,
  MeSchema,
  TotpEnrolmentSchema,
  UpdateMeBodySchema,
} from './schemas.ts';
import { confirmTotpEnrolment, startTotpEnrolment } from './totp-enrolment.ts';
import { updateMe } from './update-me.ts';

/** The caller's own account: profile, password, MFA. */
export async function meRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const config = app.deps.config;
  const tags = ['me'];

  app.patch(
    '/me',
    {
      config: { authenticated: true },
      schema: {
        tags,
        summary: 'Update your name and preferences (timezone, theme, locale, date format)',
        body: UpdateMeBodySchema,
        response: { 200: MeSchema },
      },
    },
    async (req) => {
      await updateMe({ ctx: req.ctx, input: req.body });
      return getMe({ ctx: req.ctx });
    },
  );

  app.post(
    '/me/password',
    {
      config: { authenticated: true },
      schema: {
        tags,
        summary: 'Change your password (signs out your other sessions)',
        body: ChangePasswordBodySchema,
        response: { 200: Type.Object({ revoked_sessions: Type.Integer() }) },
      },
    },
    async (req) => {
      const r = await changePassword({
        ctx: req.ctx,
        input: { currentPassword: req.body.current_password, newPassword: req.body.new_password },
        config,
      });
      return { revoked_sessions: r.revokedSessions };
    },
  );

  app.post(
    '/me/mfa/totp',
    {
      config: { authenticated: true },
      schema: {
        tags,
        summary: 'Start TOTP enrolment: secret, otpauth URI and QR code',
        response: { 200: TotpEnrolmentSchema },
      },
    },
    async (req, reply) => {
      reply.header('Cache-Control', 'no-store');
      return startTotpEnrolment({ ctx: req.ctx, config });
    },
  );

  app.post(
    '/me/mfa/totp/confirm',
    {
      config: { authenticated: true },
      schema: {
        tags,
        summary: 'Confirm TOTP enrolment with a code; returns 10 backup codes once',
        body: CodeBodySchema,
        response: { 200: BackupCodesSchema },
      },
    },
    async (req, reply) => {
      reply.header('Cache-Control', 'no-store');
      return confirmTotpEnrolment({ ctx: req.ctx, input: req.body, config });
    },
  );

  app.delete(
    '/me/mfa',
    {
      config: { authenticated: true },
      schema: {
        tags,
        summary: 'Disable MFA with a current code or your password',
        body: DisableMfaBodySchema,
        response: { 204: Type.Null() },
      },
    },
    async (req, reply) => {
      await disableMfa({ ctx: req.ctx, input: req.body, config });
      return reply.status(204).send(null);
    },
  );
}
