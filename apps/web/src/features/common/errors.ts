import { ApiError } from '../../lib/api.ts';

/** The text to show for a failed action: the server's problem detail, or the error's message. */
export function errorText(err: unknown): string {
  if (err instanceof ApiError) return err.message;
  return err instanceof Error ? err.message : String(err);
}
