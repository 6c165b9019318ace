import type { CheckOutcome } from './types.ts';

export const DEFAULT_TLS_WARN_DAYS = [21, 14, 7];
const DAY_MS = 86_400_000;

export interface CertificateInfo {
  validTo: Date;
  subject?: string;
  issuer?: string;
}

/**
 * Judges a certificate's expiry: expired is down; within the smallest warning threshold is
 * degraded; within any threshold is healthy with a warning (details.tlsWarningDays, the
 * smallest threshold reached), which the scheduler turns into one event per threshold.
 */
export function judgeCertificate(
  cert: CertificateInfo,
  now: Date,
  warnDays: number[] = DEFAULT_TLS_WARN_DAYS,
): Pick<CheckOutcome, 'status' | 'error' | 'details'> {
  const daysRemaining = Math.floor((cert.validTo.getTime() - now.getTime()) / DAY_MS);
  const thresholds = [...warnDays].sort((a, b) => a - b);
  const reached = thresholds.find((d) => daysRemaining <= d);
  const details: Record<string, unknown> = {
    tlsValidTo: cert.validTo.toISOString(),
    tlsDaysRemaining: daysRemaining,
    ...(cert.subject ? { tlsSubject: cert.subject } : {}),
    ...(cert.issuer ? { tlsIssuer: cert.issuer } : {}),
    ...(reached !== undefined ? { tlsWarningDays: reached } : {}),
  };
  if (cert.validTo.getTime() <= now.getTime()) {
    return { status: 'down', error: 'TLS certificate has expired', details };
  }
  if (reached !== undefined && reached === thresholds[0]) {
    return {
      status: 'degraded',
      error: `TLS certificate expires in ${daysRemaining} days`,
      details,
    };
  }
  return { status: 'healthy', error: null, details };
}
