import { isIP } from 'node:net';
import { computeGrouping, inAppFrames } from './fingerprint.ts';
import { groupIdOf, shortHash, uuidFromName, type ErrorEventRow } from './rows.ts';
import {
  exceptionsOf,
  framesOf,
  isRecord,
  isSyntheticException,
  messageOf,
  str,
  type SentryEvent,
  type SentryException,
} from './sentry-types.ts';

/** What the adapter knows besides the payload. */
export interface EventSource {
  orgId: string;
  projectId: number;
  /** The client's address, for `{{auto}}` IPs. */
  clientIp: string | null;
  receivedAt: Date;
  /** Earliest time the partitioned tables accept (start of yesterday, UTC). */
  oldestAccepted: Date;
  /** The envelope header's event_id, when the payload has none. */
  envelopeEventId?: string | null;
}

const LEVELS: Record<string, string> = {
  fatal: 'fatal',
  critical: 'critical',
  error: 'error',
  warning: 'warning',
  warn: 'warning',
  info: 'info',
  log: 'info',
  debug: 'debug',
};

/** Sentry event ids are 32 hex digits, with or without dashes; null when not one. */
export function normalizeEventId(v: unknown): string | null {
  if (typeof v !== 'string') return null;
  const hex = v.replace(/-/g, '').toLowerCase();
  if (!/^[0-9a-f]{32}$/.test(hex)) return null;
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Seconds since the epoch (number or numeric string) or an RFC 3339 string; null if neither. */
export function parseSentryTime(v: unknown): Date | null {
  let d: Date | null = null;
  if (typeof v === 'number' && Number.isFinite(v)) d = new Date(v * 1000);
  else if (typeof v === 'string' && v) {
    d = /^\d+(\.\d+)?$/.test(v) ? new Date(Number(v) * 1000) : new Date(v);
  }
  return d && !Number.isNaN(d.getTime()) ? d : null;
}

/**
 * The time an event is stored at: its own timestamp, unless it is in the future (clock skew) or
 * older than the partitions the table holds, where Sentry also falls back to the receive time.
 */
export function storageTime(ts: Date | null, src: EventSource): Date {
  if (!ts) return src.receivedAt;
  if (ts.getTime() > src.receivedAt.getTime() + 60_000) return src.receivedAt;
  if (ts.getTime() < src.oldestAccepted.getTime()) return src.receivedAt;
  return ts;
}

function header(headers: unknown, name: string): string | null {
  if (Array.isArray(headers)) {
    for (const h of headers) {
      if (Array.isArray(h) && String(h[0]).toLowerCase() === name) return str(h[1], 2000);
    }
    return null;
  }
  if (!isRecord(headers)) return null;
  for (const [k, v] of Object.entries(headers)) if (k.toLowerCase() === name) return str(v, 2000);
  return null;
}

function validIp(v: unknown, clientIp: string | null): string | null {
  const s = str(v, 100);
  if (s === '{{auto}}') return clientIp && isIP(clientIp) ? clientIp : null;
  return s && isIP(s) ? s : null;
}

/** `Type: value` and frames newest first, like a JavaScript stack. */
export function renderStack(exceptions: SentryException[]): string | null {
  if (!exceptions.length) return null;
  const parts: string[] = [];
  for (const ex of [...exceptions].reverse()) {
    const lines = [`${str(ex.type, 500) ?? 'Error'}: ${str(ex.value, 2000) ?? ''}`];
    for (const f of [...framesOf(ex)].reverse()) {
      const fn = str(f.function, 300) ?? '<anonymous>';
      const file = str(f.filename, 500) ?? str(f.abs_path, 500) ?? str(f.module, 300) ?? '?';
      const pos = [str(f.lineno), str(f.colno)].filter(Boolean).join(':');
      lines.push(`    at ${fn} (${file}${pos ? `:${pos}` : ''})`);
    }
    parts.push(lines.join('\n'));
  }
  const text = parts.join('\nCaused by: ');
  return text.length > 65_536 ? text.slice(0, 65_536) : text;
}

function userIdentity(user: Record<string, unknown> | null, ip: string | null) {
  const id = str(user?.id, 200) ?? str(user?.username, 200) ?? str(user?.email, 254);
  const key = id ?? ip;
  return { userId: id, userHash: key ? shortHash(key) : null };
}

function serviceOf(event: SentryEvent, tags: Record<string, unknown>, release: string | null) {
  const app = isRecord(event.contexts) && isRecord(event.contexts.app) ? event.contexts.app : null;
  // Releases are conventionally `package@version`: the package names the service.
  const fromRelease = release?.includes('@') ? release.slice(0, release.lastIndexOf('@')) : null;
  return str(tags.service, 200) ?? str(app?.app_name, 200) ?? fromRelease ?? null;
}

function pathOf(url: string | null): string | null {
  if (!url) return null;
  try {
    return new URL(url, 'http://x').pathname;
  } catch {
    return null;
  }
}

/** A Sentry error event as an error_events row (with its group). Pure; input already scrubbed. */
export function normalizeEvent(event: SentryEvent, src: EventSource): ErrorEventRow {
  const exceptions = exceptionsOf(event);
  const main = exceptions[exceptions.length - 1] ?? null;
  const frames = main ? framesOf(main) : [];
  const culprit = inAppFrames(frames).at(-1) ?? frames.at(-1) ?? null;
  const { formatted } = messageOf(event);
  const contexts = isRecord(event.contexts) ? event.contexts : {};
  const trace = isRecord(contexts.trace) ? contexts.trace : {};
  const response = isRecord(contexts.response) ? contexts.response : {};
  const tags = normalizeTags(event.tags);
  const user = isRecord(event.user) ? event.user : null;
  const request = isRecord(event.request) ? event.request : null;
  const release = str(event.release, 250);
  const ip = validIp(user?.ip_address, src.clientIp) ?? null;
  const { userId, userHash } = userIdentity(user, ip);
  const grouping = computeGrouping(event);
  const url = str(request?.url, 2000);
  const status = Number(response.status_code);
  const eventId =
    normalizeEventId(event.event_id) ??
    normalizeEventId(src.envelopeEventId) ??
    uuidFromName(`sentry:${src.orgId}:${JSON.stringify(event).slice(0, 100_000)}`);
  const message =
    (main ? str(main.value, 10_000) : null) ?? formatted ?? str(event.transaction, 500) ?? '';
  const context: Record<string, unknown> = { ...contexts };
  if (isRecord(event.extra) && Object.keys(event.extra).length) context.extra = event.extra;
  if (str(event.server_name)) context.server_name = event.server_name;
  if (str(event.dist)) context.dist = event.dist;
  if (str(event.logger)) context.logger = event.logger;
  if (isRecord(event.modules) && Object.keys(event.modules).length) context.modules = event.modules;
  const breadcrumbs = isRecord(event.breadcrumbs) ? event.breadcrumbs.values : event.breadcrumbs;
  return {
    org_id: src.orgId,
    project_id: src.projectId,
    event_id: eventId,
    group_id: groupIdOf(src.orgId, src.projectId, grouping.hash),
    occurred_at: storageTime(parseSentryTime(event.timestamp), src).toISOString(),
    received_at: src.receivedAt.toISOString(),
    severity: LEVELS[String(event.level ?? 'error').toLowerCase()] ?? 'error',
    error_type: main && !isSyntheticException(main) ? (str(main.type, 500) ?? 'Error') : null,
    message,
    error_code: str(tags.error_code, 200),
    service: serviceOf(event, tags, release),
    environment: str(event.environment, 200),
    release,
    platform: str(event.platform, 100),
    file_path: culprit ? (str(culprit.filename, 1000) ?? str(culprit.module, 500)) : null,
    line_number: culprit && Number.isInteger(culprit.lineno) ? (culprit.lineno as number) : null,
    function_name: culprit ? str(culprit.function, 500) : null,
    stack_trace: renderStack(exceptions),
    exception: exceptions.length ? { values: exceptions } : null,
    breadcrumbs: Array.isArray(breadcrumbs) ? breadcrumbs.slice(-100) : [],
    context,
    tags,
    request,
    user_id: userId,
    user_data: user,
    session_id: str(tags.session_id, 200),
    request_id: str(tags.request_id, 200) ?? header(request?.headers, 'x-request-id'),
    trace_id: str(trace.trace_id, 64),
    span_id: str(trace.span_id, 32),
    url,
    endpoint: str(event.transaction, 500) ?? pathOf(url),
    method: str(request?.method, 20)?.toUpperCase() ?? null,
    user_agent: header(request?.headers, 'user-agent'),
    sdk: isRecord(event.sdk) ? { name: event.sdk.name, version: event.sdk.version } : null,
    ip_address: ip,
    status_code: Number.isInteger(status) && status >= 100 && status <= 599 ? status : null,
    error_hash: grouping.hash,
    grouping: { kind: grouping.kind, components: grouping.components },
    user_hash: userHash,
  };
}

/** Tags arrive as an object or as `[key, value]` pairs; values become strings. */
export function normalizeTags(tags: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  const entries = Array.isArray(tags)
    ? tags
        .filter((t): t is unknown[] => Array.isArray(t) && t.length === 2)
        .map((t) => [t[0], t[1]])
    : isRecord(tags)
      ? Object.entries(tags)
      : [];
  for (const [k, v] of entries.slice(0, 200)) {
    const key = str(k, 200);
    const value = typeof v === 'boolean' ? String(v) : str(v, 1000);
    if (key && value !== null) out[key] = value;
  }
  return out;
}
