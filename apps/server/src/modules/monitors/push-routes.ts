import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { PushParamsSchema, PushQuerySchema } from './schemas.ts';
import { pushHeartbeat } from './test-monitor.ts';

/** The heartbeat push URL, public: the token in the path is the credential (stored hashed). */
export async function pushRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const schema = {
    tags: ['monitors'],
    summary: 'Heartbeat push (a job reports that it ran; status=down reports a failure)',
    params: PushParamsSchema,
    querystring: PushQuerySchema,
    response: { 200: Type.Object({ ok: Type.Literal(true), status: Type.String() }) },
  };
  for (const method of ['GET', 'POST'] as const) {
    app.route({
      method,
      url: '/api/push/:token',
      config: { public: true },
      schema,
      handler: async (req, reply) => {
        reply.header('Cache-Control', 'no-store');
        return pushHeartbeat({ ctx: req.ctx, input: { token: req.params.token, ...req.query } });
      },
    });
  }
}
