/** What a checker is given: the monitor's target and settings, secrets already decrypted. */
export interface CheckTarget {
  id: string;
  kind: string;
  url: string | null;
  timeoutMs: number;
  config: MonitorConfig;
  secrets: MonitorSecrets;
}

export interface MonitorSecrets {
  /** Extra request headers (Authorization, API keys) kept out of the config column. */
  headers?: Record<string, string>;
  /** Password for database checks, used in place of the one in the URL. */
  password?: string;
}

/** Kind-specific settings (monitors.config); every field is optional. */
export interface MonitorConfig {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  /** Accepted status codes or ranges ("200-299"); default 200-399. */
  expectedStatus?: string[];
  keyword?: string;
  invertKeyword?: boolean;
  jsonPath?: string;
  expectedValue?: string;
  /** A healthy check slower than this is degraded. */
  degradedAboveMs?: number;
  followRedirects?: boolean;
  maxRedirects?: number;
  ignoreTls?: boolean;
  /** Days before certificate expiry that raise a warning; default [21, 14, 7]. */
  tlsWarnDays?: number[];
  recordType?: 'A' | 'AAAA' | 'CNAME' | 'MX' | 'TXT' | 'NS';
  /** DNS server as host:port; default the system resolver. */
  resolver?: string;
  expectedAnswer?: string;
  query?: string;
  /** Record probe results as api-call events of this integration. */
  integrationId?: string;
}

export type CheckStatus = 'healthy' | 'degraded' | 'down' | 'unknown';

/** What one attempt found. */
export interface CheckOutcome {
  status: CheckStatus;
  responseTime: number | null;
  statusCode?: number | null;
  error?: string | null;
  details?: Record<string, unknown>;
}

/** One file per kind (see registry.ts). run() must settle by the signal's abort at the latest. */
export interface Checker {
  kinds: readonly string[];
  /** A problem with the target or config, or null; checked on create and update. */
  validate?(url: string | null, config: MonitorConfig): string | null;
  run(target: CheckTarget, signal: AbortSignal): Promise<CheckOutcome>;
}

export function errorText(err: unknown): string {
  if (err instanceof Error) {
    const code = (err as { code?: string }).code;
    return code && !err.message.includes(code) ? `${code}: ${err.message}` : err.message;
  }
  return String(err);
}

/** Applies the latency threshold: a healthy result slower than degradedAboveMs is degraded. */
export function withLatency(outcome: CheckOutcome, config: MonitorConfig): CheckOutcome {
  if (
    outcome.status === 'healthy' &&
    config.degradedAboveMs !== undefined &&
    outcome.responseTime !== null &&
    outcome.responseTime > config.degradedAboveMs
  ) {
    return {
      ...outcome,
      status: 'degraded',
      error: `response took ${outcome.responseTime} ms (degraded above ${config.degradedAboveMs} ms)`,
    };
  }
  return outcome;
}
