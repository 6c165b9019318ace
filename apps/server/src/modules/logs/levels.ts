export type Level = 'debug' | 'info' | 'warning' | 'error' | 'critical';

const WORDS: Record<string, Level> = {
  trace: 'debug',
  debug: 'debug',
  dbg: 'debug',
  verbose: 'debug',
  fine: 'debug',
  info: 'info',
  information: 'info',
  informational: 'info',
  notice: 'info',
  log: 'info',
  warn: 'warning',
  warning: 'warning',
  err: 'error',
  error: 'error',
  severe: 'error',
  fatal: 'critical',
  panic: 'critical',
  crit: 'critical',
  critical: 'critical',
  alert: 'critical',
  emerg: 'critical',
  emergency: 'critical',
};

/** pino's numeric levels: 10 trace, 20 debug, 30 info, 40 warn, 50 error, 60 fatal. */
function pinoLevel(n: number): Level {
  if (n < 30) return 'debug';
  if (n < 40) return 'info';
  if (n < 50) return 'warning';
  if (n < 60) return 'error';
  return 'critical';
}

/** A level from a word (any case; OTLP severity text too) or a pino number; null if unknown. */
export function parseLevel(v: unknown): Level | null {
  if (typeof v === 'number' && Number.isFinite(v)) return pinoLevel(v);
  if (typeof v !== 'string') return null;
  const s = v.trim().toLowerCase();
  if (/^\d+$/.test(s)) return pinoLevel(Number(s));
  // OTLP severity texts such as WARN2 or ERROR3.
  return WORDS[s] ?? WORDS[s.replace(/\d+$/, '')] ?? null;
}
