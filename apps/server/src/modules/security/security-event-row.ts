import { createHash } from 'node:crypto';
import type { CspViolation } from './csp-report.ts';

/** A security_events row as the writer stores it (survives a JSON round trip: spool). */
export interface SecurityEventRow {
  org_id: string;
  id: string;
  occurred_at: string;
  project_id: number;
  ip_address: string | null;
  blocked: boolean;
  attack_type: 'csp_violation';
  severity: 'low' | 'medium' | 'high' | 'critical';
  action_taken: 'logged_only' | null;
  blocked_payload: string | null;
  service: string | null;
  environment: string | null;
  endpoint_targeted: string | null;
  url: string | null;
  method: string | null;
  user_agent: string | null;
  request_id: string | null;
  error_message: string | null;
  csp_violation: Record<string, unknown>;
  metadata: Record<string, unknown>;
}

/** Identical reports within one bucket are one event (browser retries, reloads in a burst). */
export const DEDUP_BUCKET_MS = 60_000;
export const MAX_PAYLOAD = 1000;

export interface ReportContext {
  orgId: string;
  projectId: number;
  receivedAt: number;
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
  environment: string | null;
  release: string | null;
}

function uuidFromHash(parts: string[]): string {
  const h = createHash('sha256').update(parts.join('\u0000')).digest();
  h[6] = ((h[6] ?? 0) & 0x0f) | 0x50;
  h[8] = ((h[8] ?? 0) & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}

/** The start of the dedup bucket of a time (ms), and the end (exclusive). */
export function bucketOf(ms: number): { start: number; end: number } {
  const start = Math.floor(ms / DEDUP_BUCKET_MS) * DEDUP_BUCKET_MS;
  return { start, end: start + DEDUP_BUCKET_MS };
}

/**
 * One violation as a security_events row. The id is derived from the project, the report's
 * content and the time bucket, so the same report posted twice within a bucket is stored once.
 * A violation the browser enforced was blocked by it; a report-only one was only logged.
 */
export function toSecurityEventRow(v: CspViolation, c: ReportContext): SecurityEventRow {
  const occurredMs = c.receivedAt - v.ageMs;
  const directive = v.effectiveDirective ?? v.violatedDirective;
  const csp = {
    document_uri: v.documentUri,
    blocked_uri: v.blockedUri,
    violated_directive: v.violatedDirective,
    effective_directive: v.effectiveDirective,
    original_policy: v.originalPolicy,
    disposition: v.disposition,
    referrer: v.referrer,
    source_file: v.sourceFile,
    line_number: v.lineNumber,
    column_number: v.columnNumber,
    status_code: v.statusCode,
    sample: v.sample,
  };
  const userAgent = c.userAgent ?? v.userAgent;
  const id = uuidFromHash([
    'csp',
    String(c.projectId),
    JSON.stringify(csp),
    userAgent ?? '',
    String(bucketOf(occurredMs).start),
  ]);
  const payload = v.sample || v.blockedUri;
  const enforced = v.disposition !== 'report';
  return {
    org_id: c.orgId,
    id,
    occurred_at: new Date(occurredMs).toISOString(),
    project_id: c.projectId,
    ip_address: c.ip,
    blocked: enforced,
    attack_type: 'csp_violation',
    severity: enforced ? 'medium' : 'low',
    action_taken: enforced ? null : 'logged_only',
    blocked_payload: payload ? payload.slice(0, MAX_PAYLOAD) : null,
    service: null,
    environment: c.environment,
    endpoint_targeted: v.blockedUri,
    url: v.documentUri,
    method: null,
    user_agent: userAgent,
    request_id: c.requestId,
    error_message: directive
      ? `${enforced ? 'Blocked' : 'Reported'} ${v.blockedUri ?? 'a resource'} (${directive})`
      : null,
    csp_violation: csp,
    metadata: {
      format: v.format,
      ...(v.format === 'reporting-api' ? { age_ms: v.ageMs } : {}),
      ...(c.release ? { release: c.release } : {}),
    },
  };
}
