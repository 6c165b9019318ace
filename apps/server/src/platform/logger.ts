import pino, { type LoggerOptions } from 'pino';

// Seed 002 LogEntry levels.
const LEVELS: Record<string, string> = {
  trace: 'DEBUG',
  debug: 'DEBUG',
  info: 'INFO',
  warn: 'WARNING',
  error: 'ERROR',
  fatal: 'CRITICAL',
};

/** Where secrets could appear in a log line; they are replaced, never written. */
export const REDACT_PATHS = [
  'password',
  '*.password',
  'token',
  '*.token',
  'secret',
  '*.secret',
  'authorization',
  '*.authorization',
  'headers.authorization',
  'headers.cookie',
  'req.headers.authorization',
  'req.headers.cookie',
  'cookie',
  'apiKey',
  'api_key',
  'key',
];

/** Error fields of seed 002's LogEntry. */
export function errorFields(err: unknown): Record<string, string> {
  if (err instanceof Error) {
    return {
      error_type: err.name || err.constructor.name,
      error_message: err.message,
      error_stack_trace: err.stack ?? '',
    };
  }
  return { error_type: typeof err, error_message: String(err), error_stack_trace: '' };
}

/**
 * Pharos's own JSON log lines: timestamp, level, message, request_id, and for requests method,
 * path, status_code, latency_ms and user_id (seed 002 LogEntry).
 */
export function loggerOptions(level: string): LoggerOptions {
  return {
    level,
    messageKey: 'message',
    base: { service: 'pharos' },
    timestamp: () => `,"timestamp":"${new Date().toISOString()}"`,
    formatters: {
      level: (label) => ({ level: LEVELS[label] ?? label.toUpperCase() }),
    },
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    serializers: {
      err: (e: unknown) => errorFields(e),
    },
  };
}

export function createLogger(level: string, destination?: pino.DestinationStream) {
  return destination ? pino(loggerOptions(level), destination) : pino(loggerOptions(level));
}
