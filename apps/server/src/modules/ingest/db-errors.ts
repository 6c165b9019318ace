/** How the pipeline reacts to a failed write. */
export type WriteFailure = 'unavailable' | 'data' | 'other';

const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
]);

/**
 * PostgreSQL gone or overloaded (connection classes 08, 53, 57, 58, 40, Node socket errors,
 * pool timeouts): spool and retry later. Data refused (classes 22, 23, 54): retrying cannot help,
 * so the batch is rejected. Anything else is a bug and is rejected too.
 */
export function classifyWriteError(err: unknown): WriteFailure {
  const e = err as { code?: unknown; message?: unknown } | null;
  const code = typeof e?.code === 'string' ? e.code : '';
  if (UNAVAILABLE_CODES.has(code)) return 'unavailable';
  if (/^[0-9A-Z]{5}$/.test(code)) {
    const cls = code.slice(0, 2);
    if (['08', '53', '57', '58', '40'].includes(cls)) return 'unavailable';
    if (['22', '23', '54'].includes(cls)) return 'data';
    return 'other';
  }
  const msg = typeof e?.message === 'string' ? e.message : '';
  if (/connection|terminat|timeout|timed out|not queryable|ECONN|socket|write after end/i.test(msg))
    return 'unavailable';
  return 'other';
}

// A unique violation means rows already stored (a client retry, a spool replay, or a retry
// racing its original): writing the same rows again with `replay` stores the rest once.
export { isUniqueViolation } from '../../db/errors.ts';
