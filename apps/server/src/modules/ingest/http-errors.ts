import { AppError } from '../../platform/errors.ts';
import { IngestBusyError, IngestRejectedError } from './types.ts';

export interface IngestErrorStyle {
  /** Status for the organization's rate limit: 429 (OTLP, NDJSON, ES, Sentry) or 503. */
  rateLimitStatus?: 429 | 503;
  /** Sentry: 429 for busy too, with X-Sentry-Rate-Limits (its SDK drops events on 503). */
  sentry?: boolean;
}

/**
 * The HTTP error for a failed submit: IngestBusyError -> 503 (or 429) with Retry-After,
 * IngestRejectedError -> 400; anything else is returned unchanged (500).
 */
export function asIngestHttpError(err: unknown, style: IngestErrorStyle = {}): unknown {
  if (err instanceof IngestBusyError) {
    const retry = String(err.retryAfterSeconds);
    const limited =
      style.sentry || (err.reason === 'rate_limited' && style.rateLimitStatus !== 503);
    const headers: Record<string, string> = { 'Retry-After': retry };
    if (style.sentry) headers['X-Sentry-Rate-Limits'] = `${retry}::organization`;
    return new AppError(limited ? 'LIMIT_EXCEEDED' : 'UNAVAILABLE', err.message, { headers });
  }
  if (err instanceof IngestRejectedError) return new AppError('VALIDATION', err.message);
  return err;
}
