// Public surface of the audit module.
import type { FastifyInstance } from 'fastify';
import { auditRoutes } from './routes.ts';

export { recordAudit, diffChanges, type AuditInput, type AuditActionType } from './record-audit.ts';

/** Routes: the audit-events API (search, CSV/JSON export, one event). */
export async function auditModule(app: FastifyInstance) {
  await app.register(auditRoutes);
}
