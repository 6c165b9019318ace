import type pg from 'pg';
import { copyField, copyLines, jsonText, type TableWriter } from '../ingest/index.ts';
import type { ErrorEventRow } from './rows.ts';

/**
 * The `error_events` table writer (ADR 0004 contract, docs/adr/0010). In the pipeline's
 * transaction it:
 * 1. COPYs the batch into a temporary staging table (one per connection, emptied at commit);
 *    steps 2-4 then run as one multi-statement round trip;
 * 2. inserts the events whose event_id the organization has not stored yet (index on event_id,
 *    plus ON CONFLICT on the key for a concurrent retry) and drops the others from the stage;
 * 3. upserts error_groups from the newly inserted events only: counts, first/last seen,
 *    environments, releases, and regression of resolved groups;
 * 4. records distinct users per group (error_group_users) and adds the new ones to
 *    affected_users.
 * A retried or replayed event is therefore stored once and counted once. Groups are locked in
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
  'stack_trace',
  'exception',
  'breadcrumbs',
  'context',
  'tags',
  'request',
  'user_id',
  'user_data',
  'session_id',
  'request_id',
  'trace_id',
  'span_id',
  'url',
  'endpoint',
  'method',
  'user_agent',
  'sdk',
] as const;
const JSON_COLUMNS = new Set([
  'exception',
  'breadcrumbs',
  'context',
  'tags',
  'request',
  'user_data',
  'sdk',
]);
const STAGE_COLUMNS = [...EVENT_COLUMNS, 'error_hash', 'grouping_kind', 'user_hash'] as const;
const STAGE = 'pharos_stage_error_events';
const COLS = EVENT_COLUMNS.join(', ');

function line(r: ErrorEventRow): string {
  const out: string[] = [];
  for (const c of EVENT_COLUMNS) {
    const v = r[c];
    if (JSON_COLUMNS.has(c))
      out.push(v === null || v === undefined ? '\\N' : copyField(jsonText(v)));
    else out.push(copyField(v as string | number | null));
  }
  out.push(copyField(r.error_hash), copyField(r.grouping?.kind ?? null), copyField(r.user_hash));
  return out.join('\t') + '\n';
}

const INSERT_EVENTS = `
WITH ins AS (
  INSERT INTO error_events (${COLS})
  SELECT ${COLS} FROM ${STAGE} s
   WHERE NOT EXISTS (SELECT 1 FROM error_events e WHERE e.event_id = s.event_id AND e.org_id = s.org_id)
  ON CONFLICT DO NOTHING
  RETURNING org_id, event_id
)
DELETE FROM ${STAGE} s
 WHERE NOT EXISTS (SELECT 1 FROM ins WHERE ins.org_id = s.org_id AND ins.event_id = s.event_id)`;

// Titles (type, message, culprit) stay those of the first event; counts, times, releases and
// environments follow every new event.
const UPSERT_GROUPS = `
INSERT INTO error_groups AS g (
  id, org_id, project_id, error_hash, error_type, message, severity, service, environment, platform,
  file_path, line_number, function_name, endpoint, first_release, last_release, first_seen, last_seen,
  occurrence_count, affected_users, environments, releases, grouping_kind)
SELECT group_id, org_id, project_id, error_hash,
       (array_agg(coalesce(error_type, 'Message') ORDER BY occurred_at))[1],
       left((array_agg(message ORDER BY occurred_at))[1], 10000),
       (array_agg(severity ORDER BY occurred_at))[1],
       (array_agg(service ORDER BY occurred_at DESC))[1],
       (array_agg(environment ORDER BY occurred_at DESC))[1],
       (array_agg(platform ORDER BY occurred_at DESC))[1],
       (array_agg(file_path ORDER BY occurred_at))[1],
       (array_agg(line_number ORDER BY occurred_at))[1],
       (array_agg(function_name ORDER BY occurred_at))[1],
       (array_agg(endpoint ORDER BY occurred_at))[1],
       (array_agg(release ORDER BY occurred_at) FILTER (WHERE release IS NOT NULL))[1],
       (array_agg(release ORDER BY occurred_at DESC) FILTER (WHERE release IS NOT NULL))[1],
       min(occurred_at), max(occurred_at), count(*), 0,
       coalesce(array_agg(DISTINCT environment) FILTER (WHERE environment IS NOT NULL), '{}'),
       coalesce(array_agg(DISTINCT release) FILTER (WHERE release IS NOT NULL), '{}'),
       min(grouping_kind)
  FROM ${STAGE}
 GROUP BY group_id, org_id, project_id, error_hash
 ORDER BY group_id
ON CONFLICT (org_id, project_id, error_hash) DO UPDATE SET
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

const COUNT_USERS = `
WITH u AS (
  INSERT INTO error_group_users (group_id, user_hash, org_id, first_seen)
  SELECT group_id, user_hash, org_id, min(occurred_at) FROM ${STAGE}
   WHERE user_hash IS NOT NULL
   GROUP BY group_id, user_hash, org_id
   ORDER BY group_id, user_hash
  ON CONFLICT DO NOTHING
  RETURNING group_id
)
UPDATE error_groups g SET affected_users = g.affected_users + c.n
  FROM (SELECT group_id, count(*)::int AS n FROM u GROUP BY group_id) c
 WHERE g.id = c.group_id`;

async function ensureStage(client: pg.PoolClient): Promise<void> {
  await client.query(
    `CREATE TEMP TABLE IF NOT EXISTS ${STAGE} (LIKE error_events INCLUDING DEFAULTS,
       error_hash text NOT NULL, grouping_kind text, user_hash text) ON COMMIT DELETE ROWS`,
  );
}

export function createErrorEventsWriter(): TableWriter<ErrorEventRow> {
  return {
    name: 'error_events',
    async write(client, rows) {
      // Duplicates inside the batch (an SDK retry that shares a flush) keep the first copy.
      const seen = new Set<string>();
      const unique = rows.filter((r) => {
        const k = `${r.org_id}/${r.event_id}`;
        if (seen.has(k)) return false;
        seen.add(k);
        return true;
      });
      if (!unique.length) return;
      await ensureStage(client);
      await copyLines(client, STAGE, STAGE_COLUMNS, unique.map(line));
      // One round trip (simple query protocol: no parameters); the stage empties at commit.
      await client.query(`${INSERT_EVENTS};\n${UPSERT_GROUPS};\n${COUNT_USERS}`);
    },
    sizeOf: (r) => 512 + (r.stack_trace?.length ?? 0) + (r.message?.length ?? 0) + 4 * 1024,
  };
}
