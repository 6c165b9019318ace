/**
 * The parts of the Sentry event payload Pharos reads. SDKs send many more fields; everything is
 * optional and untrusted, so readers check types before use.
 */
export interface SentryFrame {
  filename?: unknown;
  abs_path?: unknown;
  module?: unknown;
  function?: unknown;
  lineno?: unknown;
  colno?: unknown;
  in_app?: unknown;
  context_line?: unknown;
  pre_context?: unknown;
  post_context?: unknown;
}

export interface SentryException {
  type?: unknown;
  value?: unknown;
  module?: unknown;
  stacktrace?: { frames?: unknown } | null;
  mechanism?: unknown;
}

export interface SentryEvent {
  event_id?: unknown;
  timestamp?: unknown;
  level?: unknown;
  platform?: unknown;
  logger?: unknown;
  message?: unknown;
  logentry?: unknown;
  exception?: unknown;
  threads?: unknown;
  stacktrace?: unknown;
  fingerprint?: unknown;
  transaction?: unknown;
  environment?: unknown;
  release?: unknown;
  dist?: unknown;
  server_name?: unknown;
  tags?: unknown;
  extra?: unknown;
  contexts?: unknown;
  user?: unknown;
  request?: unknown;
  breadcrumbs?: unknown;
  sdk?: unknown;
  modules?: unknown;
  type?: unknown;
  [key: string]: unknown;
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function str(v: unknown, max = 10_000): string | null {
  if (typeof v === 'string') return v.length > max ? v.slice(0, max) : v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return null;
}

/** exception may be `{ values: [...] }` or (old SDKs) a bare array. Oldest cause first. */
export function exceptionsOf(event: SentryEvent): SentryException[] {
  const ex = event.exception;
  const values = Array.isArray(ex) ? ex : isRecord(ex) ? ex.values : undefined;
  return Array.isArray(values) ? (values.filter(isRecord) as SentryException[]) : [];
}

export function framesOf(ex: SentryException | null | undefined): SentryFrame[] {
  const frames = isRecord(ex?.stacktrace) ? ex.stacktrace.frames : undefined;
  return Array.isArray(frames) ? (frames.filter(isRecord) as SentryFrame[]) : [];
}

/** The message template (before formatting) and the formatted text, from logentry or message. */
export function messageOf(event: SentryEvent): {
  template: string | null;
  formatted: string | null;
} {
  for (const m of [event.logentry, event.message]) {
    if (typeof m === 'string' && m) return { template: m, formatted: m };
    if (isRecord(m)) {
      const template = str(m.message);
      const formatted = str(m.formatted) ?? template;
      if (template || formatted) return { template: template ?? formatted, formatted };
    }
  }
  return { template: null, formatted: null };
}

/**
 * An exception the SDK made up to carry a stack trace for a message (captureMessage with
 * attachStacktrace: no type, `mechanism.synthetic`), which is a message event, not an error.
 */
export function isSyntheticException(ex: SentryException | null | undefined): boolean {
  if (!ex || (typeof ex.type === 'string' && ex.type !== '')) return false;
  return isRecord(ex.mechanism) ? ex.mechanism.synthetic !== false : true;
}
