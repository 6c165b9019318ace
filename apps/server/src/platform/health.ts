import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { pendingMigrations } from '../db/migrate.ts';

const HealthSchema = Type.Object({
  status: Type.Union([Type.Literal('ok'), Type.Literal('unavailable')]),
  checks: Type.Optional(Type.Record(Type.String(), Type.String())),
});

/** /healthz: the process answers. /readyz: the database answers and every migration is applied. */
export async function healthRoutes(app: FastifyInstance) {
  app.get(
    '/healthz',
    { config: { public: true }, schema: { tags: ['health'], response: { 200: HealthSchema } } },
    async () => ({ status: 'ok' as const }),
  );
  app.get(
    '/readyz',
    {
      config: { public: true },
      schema: { tags: ['health'], response: { 200: HealthSchema, 503: HealthSchema } },
    },
    async (_req, reply) => {
      const checks: Record<string, string> = {};
      let ok = true;
      try {
        const pending = await pendingMigrations(app.deps.db.pool);
        checks.database = 'ok';
        checks.migrations = pending.length ? `pending: ${pending.join(', ')}` : 'ok';
        if (pending.length) ok = false;
      } catch (err) {
        ok = false;
        checks.database = `unreachable: ${err instanceof Error ? err.message : String(err)}`;
      }
      if (!ok) reply.header('Retry-After', '5');
      return reply.status(ok ? 200 : 503).send({ status: ok ? 'ok' : 'unavailable', checks });
    },
  );
}
