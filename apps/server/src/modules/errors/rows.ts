import { memoized } from '../../lib/memoized.ts';
import { hash } from 'node:crypto';

/**
 * Rows the Sentry adapter hands to the ingest pipeline. They must survive a JSON round trip
 * (the pipeline may spool them to disk), so times are ISO strings and JSON columns plain values.
 */

/** One error_events row plus what its error_groups upsert needs. */
export interface ErrorEventRow {
  org_id: string;
  project_id: number;
  event_id: string;
  group_id: string;
  occurred_at: string;
  received_at: string;
  severity: string;
  error_type: string | null;
  message: string;
  error_code: string | null;
  service: string | null;
  environment: string | null;
  release: string | null;
  platform: string | null;
  file_path: string | null;
  line_number: number | null;
  function_name: string | null;
  stack_trace: string | null;
  exception: unknown;
  breadcrumbs: unknown;
  context: unknown;
  tags: unknown;
  request: unknown;
  user_id: string | null;
  user_data: unknown;
  session_id: string | null;
  request_id: string | null;
  trace_id: string | null;
  span_id: string | null;
  url: string | null;
  endpoint: string | null;
  method: string | null;
  user_agent: string | null;
  sdk: unknown;
  ip_address: string | null;
  status_code: number | null;
  // For the group only (not error_events columns):
  error_hash: string;
  grouping: { kind: string; components: string[] };
  /** A hash of the user (id, email, username or IP) for affected-user counts; null if unknown. */
  user_hash: string | null;
}

/** One spans row (migration 0004). */
export interface SpanRow {
  org_id: string;
  project_id: number;
  start_time: string;
  end_time: string;
  duration_ms: number;
  status_code: number | null;
  trace_id: string;
  span_id: string;
  parent_span_id: string | null;
  trace_state: string | null;
  name: string;
  kind: 'unspecified' | 'internal' | 'server' | 'client' | 'producer' | 'consumer';
  status: 'unset' | 'ok' | 'error';
  status_message: string | null;
  service: string;
  environment: string | null;
  method: string | null;
  route: string | null;
  scope_name: string | null;
  scope_version: string | null;
  attributes: Record<string, unknown>;
  resource: Record<string, unknown>;
  events: unknown;
  links: unknown;
}

/** One release-health session state (`session` item), latest update wins (migration 0010). */
export interface SessionRow {
  org_id: string;
  project_id: number;
  session_id: string;
  distinct_id: string | null;
  release: string;
  environment: string | null;
  started: string;
  updated: string;
  status: 'ok' | 'exited' | 'crashed' | 'abnormal' | 'errored';
  errors: number;
  duration_s: number | null;
  init: boolean;
}

/** One pre-aggregated bucket (`sessions` item, server mode SDKs). */
export interface SessionAggregateRow {
  org_id: string;
  project_id: number;
  id: string;
  started: string;
  release: string;
  environment: string | null;
  distinct_id: string | null;
  exited: number;
  errored: number;
  abnormal: number;
  crashed: number;
}

/** One line of a client report: what the SDK dropped and why. */
export interface ClientOutcomeRow {
  org_id: string;
  project_id: number;
  id: string;
  reported_at: string;
  received_at: string;
  outcome: 'discarded' | 'rate_limited' | 'filtered' | 'filtered_sampling';
  reason: string;
  category: string;
  quantity: number;
}

/** A UUID (version 5 layout) from a name: stable ids for retried or replayed records. */
export function uuidFromName(name: string): string {
  // One-shot hash(): a third of the cost of a Hash object for these short inputs.
  const h = hash('sha1', name, 'buffer');
  h[6] = (h[6]! & 0x0f) | 0x50;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}

/**
 * The first 32 hex digits of SHA-256 (group hashes, user hashes), remembered: most events repeat
 * a grouping and a user seen before.
 */
export const shortHash = memoized((text) => hash('sha256', text, 'hex').slice(0, 32));

const groupIdOfName = memoized((name) => uuidFromName(`pharos.error_group:${name}`));

/** The id of the group of `hash` in a project: deterministic, so events can carry it. */
export function groupIdOf(orgId: string, projectId: number, hash: string): string {
  return groupIdOfName(`${orgId}:${projectId}:${hash}`);
}
