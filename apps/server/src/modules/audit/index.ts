// Placeholder wiring; the audit module (recording and the audit-events API) replaces this.
import type { FastifyInstance } from 'fastify';

export async function auditModule(_app: FastifyInstance) {}
