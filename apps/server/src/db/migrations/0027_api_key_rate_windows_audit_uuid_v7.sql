-- Per-key API rate limit shared by every Pharos process on this database: each process counts
-- locally and adds its count to its key's row about once a second (modules/identity
-- api-key-rate-limit.ts), reading back the total of all processes. Unlogged: a crash that loses
-- the current minute's counts only lets that minute's requests through again. Rows older than
-- the previous minute are deleted by the processes that write them.
CREATE UNLOGGED TABLE api_key_rate_windows (
  key_id  uuid NOT NULL,
  -- Minutes since the Unix epoch (UTC) of the fixed one-minute window.
  minute  bigint NOT NULL,
  org_id  uuid NOT NULL,
  count   integer NOT NULL CHECK (count >= 0),
  PRIMARY KEY (key_id, minute)
);
SELECT pharos_enable_rls('api_key_rate_windows');
-- Maintenance data written by the identity module as the owner; organization-scoped code
-- (pharos_app) has no business in it.
REVOKE ALL ON api_key_rate_windows FROM pharos_app;

-- Audit event ids become UUIDv7 whose 48-bit millisecond time is the event's occurred_at, so
-- GET /audit-events/:id reads the one daily partition (and the primary key (occurred_at, id)
-- range of one millisecond) instead of every partition.
CREATE FUNCTION pharos_uuid_v7(ts timestamptz) RETURNS uuid
LANGUAGE sql VOLATILE AS $$
  -- The random bits of a v4 UUID (strong random source), its first 48 bits replaced by the
  -- time in milliseconds and its version nibble 0100 turned into 0111.
  SELECT encode(
    set_bit(set_bit(
      overlay(uuid_send(gen_random_uuid())
        PLACING substring(int8send(floor(extract(epoch FROM ts) * 1000)::bigint) FROM 3)
        FROM 1 FOR 6),
      52, 1), 53, 1),
    'hex')::uuid
$$;

-- When this migration ran: every audit event inserted later has a v7 id (trigger below), so an
-- id of another version can only be of an event that occurred before this time. IMMUTABLE on
-- purpose: the planner folds it into a constant and prunes partitions at plan time.
DO $$
BEGIN
  EXECUTE format(
    'CREATE FUNCTION pharos_audit_v7_since() RETURNS timestamptz LANGUAGE sql IMMUTABLE AS %L',
    format('SELECT %L::timestamptz', clock_timestamp()));
END
$$;

CREATE FUNCTION pharos_audit_event_id() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.id IS NULL THEN
    NEW.id := pharos_uuid_v7(NEW.occurred_at);
  ELSIF substr(NEW.id::text, 15, 1) <> '7'
     OR ('x' || substr(replace(NEW.id::text, '-', ''), 1, 12))::bit(48)::bigint
        <> floor(extract(epoch FROM NEW.occurred_at) * 1000)::bigint THEN
    RAISE EXCEPTION 'audit_events.id must be a UUIDv7 of occurred_at; omit it to have one made'
      USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END
$$;

ALTER TABLE audit_events ALTER COLUMN id DROP DEFAULT;
CREATE TRIGGER audit_events_id BEFORE INSERT ON audit_events
  FOR EACH ROW EXECUTE FUNCTION pharos_audit_event_id();
