import type pg from 'pg';
import { copyField, copyLines, type TableWriter, type WriteOptions } from '../ingest/index.ts';
import { payloadOf, type EventRowInput } from './event-payload.ts';
import { aggregateGroups } from './group-aggregate.ts';

/**
 * The `error_events` table writer (ADR 0004 contract, docs/adr/0010). In the pipeline's
 * transaction it:
 * 1. drops the events the organization already stored (one lookup on the event_id index) and
 *    duplicates inside the batch;
 * 2. COPYs the rest straight into error_events; on a spool replay (rows possibly stored by a
 *    transaction that outlived its timeout) it takes the slow path instead: COPY into a
 *    temporary stage, INSERT ... ON CONFLICT DO NOTHING, keeping only what was inserted;
 * 3. upserts error_groups from the newly inserted events only (aggregated in memory: counts,
 *    first/last seen, environments, releases, regression of resolved groups);
 * 4. in the same statement, records distinct users per group (error_group_users) and adds the
 *    new ones to affected_users.
 * A retried or replayed event is therefore stored once and counted once. Groups are upserted in
 * id order, so concurrent flushes touching the same groups cannot deadlock.
 */
const EVENT_COLUMNS = [
  'occurred_at',
  'org_id',
  'event_id',
  'group_id',
  'project_id',
  'received_at',
  'ip_address',
  'status_code',
  'line_number',
  'severity',
  'error_type',
  'message',
  'error_code',
  'service',
  'environment',
  'release',
  'platform',
  'file_path',
  'function_name',
  'user_id',
  'session_id',
  'request_id',
  'trace_id',
  'span_id',
  'url',
  'endpoint',
  'method',
  'user_agent',
  'payload',
] as const;
const STAGE = 'pharos_stage_error_events';
const COLS = EVENT_COLUMNS.join(', ');

function line(r: EventRowInput): string {
  let out = '';
  for (let i = 0; i < EVENT_COLUMNS.length - 1; i++) {
    out += copyField(r[EVENT_COLUMNS[i] as Exclude<(typeof EVENT_COLUMNS)[number], 'payload'>]);
    out += '\t';
  }
  // JSON text holds no raw control characters (JSON escapes them): of COPY's specials, only
  // backslashes need escaping, which replaceAll does without a per-match callback.
  return out + payloadOf(r).replaceAll('\\', '\\\\') + '\n';
}

const GROUP_COLUMNS = `id, org_id, project_id, error_hash, error_type, message, severity, service,
  environment, platform, file_path, line_number, function_name, endpoint, first_release,
  last_release, first_seen, last_seen, occurrence_count, environments, releases, grouping_kind`;

// Titles (type, message, culprit) stay those of the group's first event; counts, times,
// releases and environments follow every new event. $1: GroupDelta[] (group-aggregate.ts).
// One statement: the (group, user) pairs first (new pairs count as affected users; their
// foreign key is checked at the end of the statement, when new groups exist), then the groups.
const UPSERT_GROUPS = `
WITH u AS (
  INSERT INTO error_group_users (group_id, user_hash, org_id, first_seen)
  SELECT group_id, user_hash, org_id, first_seen
    FROM jsonb_to_recordset($2::jsonb) AS r(group_id uuid, user_hash text, org_id uuid, first_seen timestamptz)
  ON CONFLICT DO NOTHING
  RETURNING group_id
), c AS (SELECT group_id, count(*)::int AS n FROM u GROUP BY group_id)
INSERT INTO error_groups AS g (${GROUP_COLUMNS}, affected_users)
SELECT ${GROUP_COLUMNS.split(',')
  .map((x) => `r.${x.trim()}`)
  .join(', ')}, coalesce(c.n, 0)
  FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, org_id uuid, project_id bigint, error_hash text,
       error_type text, message text, severity text, service text, environment text, platform text,
       file_path text, line_number integer, function_name text, endpoint text, first_release text,
       last_release text, first_seen timestamptz, last_seen timestamptz, occurrence_count bigint,
       environments text[], releases text[], grouping_kind text)
  LEFT JOIN c ON c.group_id = r.id
 ORDER BY r.id
ON CONFLICT (org_id, project_id, error_hash) DO UPDATE SET
  affected_users = g.affected_users + excluded.affected_users,
  occurrence_count = g.occurrence_count + excluded.occurrence_count,
  first_seen = least(g.first_seen, excluded.first_seen),
  last_seen = greatest(g.last_seen, excluded.last_seen),
  environment = CASE WHEN excluded.last_seen >= g.last_seen
                     THEN coalesce(excluded.environment, g.environment) ELSE g.environment END,
  last_release = CASE WHEN excluded.last_seen >= g.last_seen
                      THEN coalesce(excluded.last_release, g.last_release) ELSE g.last_release END,
  first_release = coalesce(g.first_release, excluded.first_release),
  environments = CASE WHEN excluded.environments <@ g.environments THEN g.environments
    ELSE ARRAY(SELECT DISTINCT e FROM unnest(g.environments || excluded.environments) e ORDER BY e) END,
  releases = CASE WHEN excluded.releases <@ g.releases THEN g.releases
    ELSE (SELECT a[greatest(1, cardinality(a) - 49):]
            FROM (SELECT ARRAY(SELECT r FROM unnest(g.releases) r WHERE r <> ALL (excluded.releases))
                         || excluded.releases AS a) x) END,
  -- A resolved group regresses on an event that happened after its resolution.
  status = CASE WHEN g.status = 'resolved' AND excluded.last_seen > g.resolved_at THEN 'new' ELSE g.status END,
  regressed_at = CASE WHEN g.status = 'resolved' AND excluded.last_seen > g.resolved_at
                      THEN now() ELSE g.regressed_at END,
  times_regressed = g.times_regressed
    + CASE WHEN g.status = 'resolved' AND excluded.last_seen > g.resolved_at THEN 1 ELSE 0 END`;

const INSERT_FROM_STAGE = `
INSERT INTO error_events (${COLS}) SELECT ${COLS} FROM ${STAGE}
ON CONFLICT DO NOTHING RETURNING org_id, event_id`;

/**
 * Events of `rows` (org, id) already in error_events: one probe of the event_id index in the
 * partitions that can hold them. A retry repeats the event's own timestamp, so it finds its
 * original at that time; an event without a timestamp of its own is stored at its receive time,
 * so its retry looks among the last two days. No original is later than the batch's latest
 * time (a retry is received after it), so the future partitions are never probed, nor are the
 * older partitions of the 90-day retention.
 */
async function storedIds(client: pg.PoolClient, rows: EventRowInput[]): Promise<Set<string>> {
  let min = rows[0]!.occurred_at;
  let max = min;
  // ISO strings of one format (toISOString) compare as their times do.
  for (const r of rows) {
    if (r.occurred_at < min) min = r.occurred_at;
    if (r.occurred_at > max) max = r.occurred_at;
  }
  // One index probe per id (OFFSET 0 keeps the subquery per id): as a join or `= ANY(...)`, the
  // planner would rather scan the whole day's partition by time until its statistics are first
  // gathered, which takes minutes in a new day's partition.
  const r = await client.query<{ k: string }>(
    `SELECT e.k FROM unnest($1::uuid[]) AS x(id) CROSS JOIN LATERAL (
       SELECT org_id || '/' || event_id AS k FROM error_events
        WHERE event_id = x.id
          AND occurred_at >= least($2::timestamptz, now() - interval '2 days')
          AND occurred_at <= greatest($3::timestamptz, now())
       OFFSET 0) e`,
    [rows.map((x) => x.event_id), min, max],
  );
  return new Set(r.rows.map((x) => x.k));
}

/** The slow path: only the rows the INSERT actually stored. */
async function insertViaStage(
  client: pg.PoolClient,
  rows: EventRowInput[],
): Promise<EventRowInput[]> {
  await client.query(
    `CREATE TEMP TABLE IF NOT EXISTS ${STAGE} (LIKE error_events INCLUDING DEFAULTS) ON COMMIT DELETE ROWS`,
  );
  await client.query(`TRUNCATE ${STAGE}`);
  await copyLines(client, STAGE, EVENT_COLUMNS, rows.map(line));
  const r = await client.query<{ org_id: string; event_id: string }>(INSERT_FROM_STAGE);
  const inserted = new Set(r.rows.map((x) => `${x.org_id}/${x.event_id}`));
  return rows.filter((x) => inserted.has(`${x.org_id}/${x.event_id}`));
}

async function insertEvents(
  client: pg.PoolClient,
  rows: EventRowInput[],
  opts: WriteOptions | undefined,
): Promise<EventRowInput[]> {
  if (opts?.replay) return insertViaStage(client, rows);
  // No savepoint (two round trips per flush): a unique violation here means another transaction
  // committed the same event meanwhile (an SDK retry racing its original). The pipeline then
  // writes the whole flush again in replay mode, where the stage path stores the rest once.
  await copyLines(client, 'error_events', EVENT_COLUMNS, rows.map(line));
  return rows;
}

export function createErrorEventsWriter(): TableWriter<EventRowInput> {
  return {
    name: 'error_events',
    async write(client, rows, opts) {
      const stored = await storedIds(client, rows);
      // Duplicates inside the batch (an SDK retry that shares a flush) keep the first copy.
      const seen = new Set<string>(stored);
      const fresh = rows.filter((r) => {
        const k = `${r.org_id}/${r.event_id}`;
        if (seen.has(k)) return false;
        seen.add(k);
        return true;
      });
      if (!fresh.length) return;
      const inserted = await insertEvents(client, fresh, opts);
      if (!inserted.length) return;
      const { groups, users } = aggregateGroups(inserted);
      await client.query(UPSERT_GROUPS, [JSON.stringify(groups), JSON.stringify(users)]);
    },
    sizeOf: (r) =>
      'payload' in r
        ? 512 + r.payload.length + r.message.length
        : 4096 + (r.stack_trace?.length ?? 0) + r.message.length,
  };
}
