-- Errors: regressions, environment/release sets and exact affected users per group; release
-- health (Sentry sessions) and client reports (what SDKs dropped). docs/adr/0010.

-- A resolved group that receives a new event regresses: status goes back to 'new', regressed_at
-- is set and times_regressed counts it; resolved_at/resolved_by keep the last resolution.
ALTER TABLE error_groups
  ADD COLUMN regressed_at     timestamptz,
  ADD COLUMN times_regressed  integer NOT NULL DEFAULT 0 CHECK (times_regressed >= 0),
  -- Every environment and the latest releases (at most 50) the group was seen in.
  ADD COLUMN environments     text[] NOT NULL DEFAULT '{}',
  ADD COLUMN releases         text[] NOT NULL DEFAULT '{}',
  -- How the group was formed (fingerprint, stacktrace, exception, message, fallback).
  ADD COLUMN grouping_kind    text;
CREATE INDEX error_groups_environments_idx ON error_groups USING gin (environments);

-- Distinct users per group (a hash of the user id, username, email or IP, never the value):
-- exact counts, one small row per (group, user). The writer inserts with ON CONFLICT DO NOTHING
-- and adds the rows it inserted to error_groups.affected_users.
CREATE TABLE error_group_users (
  group_id    uuid NOT NULL REFERENCES error_groups(id) ON DELETE CASCADE,
  user_hash   text NOT NULL CHECK (length(user_hash) <= 64),
  org_id      uuid NOT NULL,
  first_seen  timestamptz NOT NULL,
  PRIMARY KEY (group_id, user_hash)
);
SELECT pharos_enable_rls('error_group_users');

-- Release health, per session: the latest update of each session (Sentry `session` items).
-- An update older than the stored one is ignored, so retries and out-of-order updates converge.
CREATE TABLE release_sessions (
  org_id       uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  project_id   bigint NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
  session_id   text NOT NULL,
  distinct_id  text,
  release      text NOT NULL,
  environment  text,
  started      timestamptz NOT NULL,
  updated      timestamptz NOT NULL,
  status       text NOT NULL CHECK (status IN ('ok', 'exited', 'crashed', 'abnormal', 'errored')),
  errors       integer NOT NULL DEFAULT 0 CHECK (errors >= 0),
  duration_s   double precision,
  PRIMARY KEY (org_id, project_id, session_id)
);
CREATE INDEX release_sessions_release_idx ON release_sessions (org_id, project_id, release, started DESC);
SELECT pharos_enable_rls('release_sessions');

-- Release health, pre-aggregated by the SDK (`sessions` items of server-mode SDKs). The id is
-- derived from the item's bytes, so a replayed envelope stores once.
CREATE TABLE release_session_aggregates (
  org_id       uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  id           uuid NOT NULL,
  project_id   bigint NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
  started      timestamptz NOT NULL,
  release      text NOT NULL,
  environment  text,
  distinct_id  text,
  exited       integer NOT NULL DEFAULT 0 CHECK (exited >= 0),
  errored      integer NOT NULL DEFAULT 0 CHECK (errored >= 0),
  abnormal     integer NOT NULL DEFAULT 0 CHECK (abnormal >= 0),
  crashed      integer NOT NULL DEFAULT 0 CHECK (crashed >= 0),
  PRIMARY KEY (org_id, id)
);
CREATE INDEX release_session_aggregates_release_idx
  ON release_session_aggregates (org_id, project_id, release, started DESC);
SELECT pharos_enable_rls('release_session_aggregates');

-- What SDKs report they dropped (Sentry `client_report` items): rate limited, sampled out,
-- queue overflow, before_send, ... One row per (report, outcome, reason, category).
CREATE TABLE client_outcomes (
  org_id       uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  id           uuid NOT NULL,
  project_id   bigint NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
  reported_at  timestamptz NOT NULL,
  received_at  timestamptz NOT NULL DEFAULT now(),
  outcome      text NOT NULL CHECK (outcome IN ('discarded', 'rate_limited', 'filtered', 'filtered_sampling')),
  reason       text NOT NULL,
  category     text NOT NULL,
  quantity     integer NOT NULL CHECK (quantity > 0),
  PRIMARY KEY (org_id, id)
);
CREATE INDEX client_outcomes_time_idx ON client_outcomes (org_id, reported_at DESC);
SELECT pharos_enable_rls('client_outcomes');
