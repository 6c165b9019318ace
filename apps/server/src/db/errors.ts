/** A unique violation from PostgreSQL (SQLSTATE 23505): the row, or its key, exists already. */
export function isUniqueViolation(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === '23505';
}
