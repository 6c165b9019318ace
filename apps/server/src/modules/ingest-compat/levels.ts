/** Pharos log levels (log_records.level); fatal is stored as critical. */
export type LogLevel = 'debug' | 'info' | 'warning' | 'error' | 'critical';

/** OpenTelemetry SeverityNumber at the start of each level's range. */
export const SEVERITY_NUMBER: Record<LogLevel, number> = {
  debug: 5,
  info: 9,
  warning: 13,
  error: 17,
  critical: 21,
};

// Syslog keywords (RFC 5424 names and rsyslog/syslog-ng spellings) plus the usual logger names.
const NAMED: Record<string, LogLevel> = {
  emerg: 'critical',
  emergency: 'critical',
  panic: 'critical',
  alert: 'critical',
  crit: 'critical',
  critical: 'critical',
  fatal: 'critical',
  err: 'error',
  error: 'error',
  eror: 'error',
  warning: 'warning',
  warn: 'warning',
  wrn: 'warning',
  notice: 'info',
  info: 'info',
  informational: 'info',
  inf: 'info',
  information: 'info',
  debug: 'debug',
  dbg: 'debug',
  trace: 'debug',
  verbose: 'debug',
};

/** Syslog numeric severity 0..7 (emerg..debug). */
const SYSLOG_NUMERIC: LogLevel[] = [
  'critical',
  'critical',
  'critical',
  'error',
  'warning',
  'info',
  'info',
  'debug',
];

/**
 * A level from whatever a shipper sends: a syslog or logger keyword (any case), a syslog numeric
 * severity 0..7, or a pino/bunyan number (10 trace .. 60 fatal). Null when unrecognized.
 */
export function toLevel(value: unknown): LogLevel | null {
  if (typeof value === 'number' && Number.isFinite(value)) return numericLevel(value);
  if (typeof value !== 'string') return null;
  const s = value.trim().toLowerCase();
  if (s === '') return null;
  if (/^\d+$/.test(s)) return numericLevel(Number(s));
  return NAMED[s] ?? null;
}

function numericLevel(n: number): LogLevel | null {
  if (Number.isInteger(n) && n >= 0 && n <= 7) return SYSLOG_NUMERIC[n] ?? null;
  // pino: 10 trace, 20 debug, 30 info, 40 warn, 50 error, 60 fatal
  if (n >= 60) return 'critical';
  if (n >= 50) return 'error';
  if (n >= 40) return 'warning';
  if (n >= 30) return 'info';
  if (n >= 10) return 'debug';
  return null;
}
