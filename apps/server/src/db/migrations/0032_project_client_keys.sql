-- Client keys (Sentry's "DSN public keys"): what a Sentry SDK carries in its DSN. A client key
-- lets its holder submit events to one project and nothing else, so it is not a secret (it ships
-- in browser bundles, as Sentry's does) and is kept readable: the UI shows each project's DSN at
-- any time. API keys stay hashed; a DSN built from an API key still works but carries that key.
CREATE TABLE project_client_keys (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id      uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  project_id  bigint NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
  label       text NOT NULL DEFAULT 'Default' CHECK (length(label) BETWEEN 1 AND 100),
  public_key  text NOT NULL UNIQUE CHECK (public_key ~ '^[0-9a-f]{32}$'),
  created_by  uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  revoked_at  timestamptz
);
CREATE INDEX project_client_keys_project_idx ON project_client_keys (org_id, project_id);
SELECT pharos_enable_rls('project_client_keys');

-- 32 random hex digits: the random digits of three gen_random_uuid() values (it draws from the
-- strong random source), skipping their fixed version and variant digits.
CREATE FUNCTION pharos_new_client_key() RETURNS text
LANGUAGE sql VOLATILE AS $$
  SELECT substr(replace(gen_random_uuid()::text, '-', ''), 1, 12)
      || substr(replace(gen_random_uuid()::text, '-', ''), 18, 15)
      || substr(replace(gen_random_uuid()::text, '-', ''), 1, 5)
$$;

-- Every project has a client key from the start (project 1 of the first run included).
CREATE FUNCTION pharos_project_default_client_key() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO project_client_keys (org_id, project_id, public_key)
  VALUES (NEW.org_id, NEW.id, pharos_new_client_key());
  RETURN NEW;
END
$$;
CREATE TRIGGER projects_default_client_key AFTER INSERT ON projects
  FOR EACH ROW EXECUTE FUNCTION pharos_project_default_client_key();

INSERT INTO project_client_keys (org_id, project_id, public_key)
SELECT p.org_id, p.id, pharos_new_client_key() FROM projects p WHERE p.deleted_at IS NULL;
