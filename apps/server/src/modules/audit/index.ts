// Public surface of the audit module.
import type { FastifyInstance } from 'fastify';

export { recordAudit, diffChanges, type AuditInput, type AuditActionType } from './record-audit.ts';

/** Routes: the audit-events API (filters, CSV/JSON export). */
export async function auditModule(_app: FastifyInstance) {}
