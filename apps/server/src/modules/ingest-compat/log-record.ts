import type { LogLevel } from './levels.ts';

/**
 * A log record as the compatibility adapters produce it, before it becomes a log_records row
 * (to-log-rows.ts). Times are ISO 8601 UTC strings with microseconds.
 */
export interface CompatLogRecord {
  recordId: string;
  time: string;
  observedTime: string;
  level: LogLevel;
  severityNumber: number;
  service: string;
  environment: string | null;
  message: string;
  traceId: string | null;
  spanId: string | null;
  requestId: string | null;
  host: string | null;
  category: string | null;
  errorType: string | null;
  errorMessage: string | null;
  errorStack: string | null;
  attributes: Record<string, unknown>;
  resource: Record<string, unknown>;
}

export const DEFAULT_SERVICE = 'unknown_service';
