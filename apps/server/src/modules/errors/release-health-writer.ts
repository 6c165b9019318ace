import type { TableWriter } from '../ingest/index.ts';
import type { ClientOutcomeRow, SessionAggregateRow, SessionRow } from './rows.ts';

/**
 * Writers of release health and client reports (migration 0010). Low volume: one statement per
 * batch, the rows passed as one JSON parameter (never spliced into the SQL).
 */
export function createSessionsWriter(): TableWriter<SessionRow> {
  return {
    name: 'release_sessions',
    async write(client, rows) {
      // Latest update per session first, so one statement never touches a row twice.
      const latest = new Map<string, SessionRow>();
      for (const r of rows) {
        const k = `${r.org_id}/${r.project_id}/${r.session_id}`;
        const prev = latest.get(k);
        if (!prev || prev.updated <= r.updated)
          latest.set(k, prev?.init ? { ...r, init: true } : r);
      }
      await client.query(
        `INSERT INTO release_sessions AS s (org_id, project_id, session_id, distinct_id, release,
           environment, started, updated, status, errors, duration_s)
         SELECT org_id, project_id, session_id, distinct_id, release, environment, started, updated,
                status, errors, duration_s
           FROM jsonb_to_recordset($1::jsonb) AS r(org_id uuid, project_id bigint, session_id text,
                distinct_id text, release text, environment text, started timestamptz,
                updated timestamptz, status text, errors integer, duration_s double precision)
          ORDER BY org_id, project_id, session_id
         ON CONFLICT (org_id, project_id, session_id) DO UPDATE SET
           status = excluded.status, errors = greatest(s.errors, excluded.errors),
           duration_s = excluded.duration_s, updated = excluded.updated,
           distinct_id = coalesce(excluded.distinct_id, s.distinct_id)
         WHERE excluded.updated >= s.updated`,
        [JSON.stringify([...latest.values()])],
      );
    },
  };
}

export function createSessionAggregatesWriter(): TableWriter<SessionAggregateRow> {
  return {
    name: 'release_session_aggregates',
    async write(client, rows) {
      await client.query(
        `INSERT INTO release_session_aggregates (org_id, id, project_id, started, release,
           environment, distinct_id, exited, errored, abnormal, crashed)
         SELECT org_id, id, project_id, started, release, environment, distinct_id, exited, errored,
                abnormal, crashed
           FROM jsonb_to_recordset($1::jsonb) AS r(org_id uuid, id uuid, project_id bigint,
                started timestamptz, release text, environment text, distinct_id text,
                exited integer, errored integer, abnormal integer, crashed integer)
         ON CONFLICT DO NOTHING`,
        [JSON.stringify(rows)],
      );
    },
  };
}

export function createClientOutcomesWriter(): TableWriter<ClientOutcomeRow> {
  return {
    name: 'client_outcomes',
    async write(client, rows) {
      await client.query(
        `INSERT INTO client_outcomes (org_id, id, project_id, reported_at, received_at, outcome,
           reason, category, quantity)
         SELECT org_id, id, project_id, reported_at, received_at, outcome, reason, category, quantity
           FROM jsonb_to_recordset($1::jsonb) AS r(org_id uuid, id uuid, project_id bigint,
                reported_at timestamptz, received_at timestamptz, outcome text, reason text,
                category text, quantity integer)
         ON CONFLICT DO NOTHING`,
        [JSON.stringify(rows)],
      );
    },
  };
}
