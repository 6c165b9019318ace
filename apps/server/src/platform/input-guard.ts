import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { AppError } from './errors.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Ingestion routes clean NUL characters from telemetry themselves instead of refusing. */
    allowNul?: boolean;
  }
}

const MAX_DEPTH = 64;

/** Path of the first string (or key) that holds a NUL character, or null. */
export function findNul(value: unknown, path = '', depth = 0): string | null {
  if (depth > MAX_DEPTH) return null; // schema validation bounds real inputs far below this
  if (typeof value === 'string') return value.includes('\u0000') ? path || '(value)' : null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const hit = findNul(value[i], `${path}[${i}]`, depth + 1);
      if (hit) return hit;
    }
    return null;
  }
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const p = path ? `${path}.${k}` : k;
      if (k.includes('\u0000')) return p;
      const hit = findNul(v, p, depth + 1);
      if (hit) return hit;
    }
  }
  return null;
}

/**
 * PostgreSQL text cannot hold NUL characters: API input containing one is refused with a 400
 * that names the field, before it can reach a query and fail there.
 */
export const inputGuardPlugin = fp(async (app: FastifyInstance) => {
  app.addHook('preValidation', async (req) => {
    if (req.routeOptions.config?.allowNul) return;
    for (const [where, value] of [
      ['body', req.body],
      ['query', req.query],
      ['params', req.params],
    ] as const) {
      const hit = findNul(value);
      if (hit) {
        throw new AppError(
          'VALIDATION',
          `${where}.${hit} contains a NUL character, which is not allowed.`,
          {
            errors: [{ path: `${where}.${hit}`, message: 'must not contain NUL characters' }],
          },
        );
      }
    }
  });
});
