import { createHash } from 'node:crypto';
import { parseSentryTime } from './normalize-event.ts';
import {
  uuidFromName,
  type ClientOutcomeRow,
  type SessionAggregateRow,
  type SessionRow,
} from './rows.ts';
import { isRecord, str } from './sentry-types.ts';

/**
 * Release health (`session`, `sessions`) and `client_report` items as rows. Pure. Ids of the
 * pre-aggregated and report rows derive from the item bytes, so a replayed envelope stores once.
 */
export interface HealthSource {
  orgId: string;
  projectId: number;
  receivedAt: Date;
}

const STATUSES = new Set(['ok', 'exited', 'crashed', 'abnormal', 'errored']);

function count(v: unknown): number {
  const n = Number(v ?? 0);
  return Number.isSafeInteger(n) && n >= 0 ? Math.min(n, 2 ** 31 - 1) : 0;
}

function itemHash(payload: Buffer): string {
  return createHash('sha256').update(payload).digest('hex');
}

/** A `session` item: one session's latest state. Null when it lacks an id or a release. */
export function sessionFromItem(p: Record<string, unknown>, src: HealthSource): SessionRow | null {
  const attrs = isRecord(p.attrs) ? p.attrs : {};
  const sid = str(p.sid, 100);
  const release = str(attrs.release, 250);
  if (!sid || !release) return null;
  const started = parseSentryTime(p.started) ?? src.receivedAt;
  const updated = parseSentryTime(p.timestamp) ?? src.receivedAt;
  const status = String(p.status ?? 'ok');
  const errors = count(p.errors);
  const duration = Number(p.duration);
  return {
    org_id: src.orgId,
    project_id: src.projectId,
    session_id: sid,
    distinct_id: str(p.did, 200),
    release,
    environment: str(attrs.environment, 200),
    started: started.toISOString(),
    updated: updated.toISOString(),
    // A session that ended ok but saw handled errors is "errored" in release health.
    status: STATUSES.has(status)
      ? status === 'exited' && errors > 0
        ? 'errored'
        : (status as SessionRow['status'])
      : 'ok',
    errors,
    duration_s: Number.isFinite(duration) && duration >= 0 ? duration : null,
    init: p.init === true,
  };
}

/** A `sessions` item: `{ aggregates: [{ started, did?, exited, errored, abnormal, crashed }], attrs }`. */
export function aggregatesFromItem(
  p: Record<string, unknown>,
  payload: Buffer,
  src: HealthSource,
): SessionAggregateRow[] {
  const attrs = isRecord(p.attrs) ? p.attrs : {};
  const release = str(attrs.release, 250);
  const list = Array.isArray(p.aggregates) ? p.aggregates.filter(isRecord) : [];
  if (!release) return [];
  const h = itemHash(payload);
  return list.slice(0, 1000).flatMap((a, i) => {
    const started = parseSentryTime(a.started);
    if (!started) return [];
    return [
      {
        org_id: src.orgId,
        project_id: src.projectId,
        id: uuidFromName(`sentry.sessions:${src.orgId}:${src.projectId}:${h}:${i}`),
        started: started.toISOString(),
        release,
        environment: str(attrs.environment, 200),
        distinct_id: str(a.did, 200),
        exited: count(a.exited),
        errored: count(a.errored),
        abnormal: count(a.abnormal),
        crashed: count(a.crashed),
      },
    ];
  });
}

const OUTCOME_LISTS: Array<[string, ClientOutcomeRow['outcome']]> = [
  ['discarded_events', 'discarded'],
  ['rate_limited_events', 'rate_limited'],
  ['filtered_events', 'filtered'],
  ['filtered_sampling_events', 'filtered_sampling'],
];

/** A `client_report` item: what the SDK dropped (and why) since its last report. */
export function outcomesFromReport(
  p: Record<string, unknown>,
  payload: Buffer,
  src: HealthSource,
): ClientOutcomeRow[] {
  const reportedAt = (parseSentryTime(p.timestamp) ?? src.receivedAt).toISOString();
  const h = itemHash(payload);
  const rows: ClientOutcomeRow[] = [];
  for (const [key, outcome] of OUTCOME_LISTS) {
    const list = Array.isArray(p[key]) ? (p[key] as unknown[]).filter(isRecord) : [];
    list.slice(0, 500).forEach((e, i) => {
      const quantity = count(e.quantity);
      if (quantity === 0) return;
      rows.push({
        org_id: src.orgId,
        project_id: src.projectId,
        id: uuidFromName(`sentry.client_report:${src.orgId}:${src.projectId}:${h}:${key}:${i}`),
        reported_at: reportedAt,
        received_at: src.receivedAt.toISOString(),
        outcome,
        reason: str(e.reason, 200) ?? 'unknown',
        category: str(e.category, 100) ?? 'unknown',
        quantity,
      });
    });
  }
  return rows;
}
