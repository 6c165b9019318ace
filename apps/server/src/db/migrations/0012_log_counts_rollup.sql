-- Per-minute log counts by organization, service and level, maintained as records arrive, so
-- histograms and level/service facets over long ranges never scan raw log rows
-- (PERFORMANCE.md: 4.2 s from 10M raw rows; docs/adr/0005-log-search.md).
--
-- Writers never update a shared row: a statement-level trigger on log_records appends one
-- delta row per (minute, org, service, level) that a statement touched, from its transition
-- table. Concurrent ingest transactions therefore never wait on each other's counters, and the
-- counts commit or roll back with the rows they count (a failed COPY adds nothing; its INSERT
-- ... ON CONFLICT DO NOTHING replay counts only the rows it inserted). The job log_counts.compact
-- folds the delta rows of each touched minute into one row per key; readers sum either way.
CREATE TABLE log_counts_1m (
  bucket     timestamptz NOT NULL,             -- date_trunc('minute', time), UTC
  org_id     uuid NOT NULL,
  count      bigint NOT NULL,                  -- negative for deletions
  compacted  boolean NOT NULL DEFAULT false,
  service    text NOT NULL,
  level      text NOT NULL
) PARTITION BY RANGE (bucket);
CREATE INDEX log_counts_1m_org_idx ON log_counts_1m (org_id, bucket);
-- The compaction job finds the minutes to fold through this small index of fresh deltas.
CREATE INDEX log_counts_1m_delta_idx ON log_counts_1m (bucket, org_id) WHERE NOT compacted;
SELECT pharos_enable_rls('log_counts_1m');
-- Same data kind as log_records: the counts live exactly as long as the records they count.
INSERT INTO telemetry_tables (table_name, time_column, data_kind, default_retention_days)
VALUES ('log_counts_1m', 'bucket', 'logs', 30);

-- SECURITY DEFINER: a writer running as pharos_app for one organization still gets its counts
-- written (the rows counted come from its own statement, so they are its organization's).
CREATE FUNCTION pharos_log_counts_on_insert() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  INSERT INTO log_counts_1m (bucket, org_id, service, level, count)
  SELECT date_trunc('minute', time), org_id, service, level, count(*)
    FROM new_rows
   GROUP BY 1, 2, 3, 4;
  RETURN NULL;
END
$$;

CREATE FUNCTION pharos_log_counts_on_delete() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  INSERT INTO log_counts_1m (bucket, org_id, service, level, count)
  SELECT date_trunc('minute', time), org_id, service, level, -count(*)
    FROM old_rows
   GROUP BY 1, 2, 3, 4;
  RETURN NULL;
END
$$;

-- Transition tables on the partitioned parent see the rows routed to every partition, for
-- INSERT and COPY alike. Dropping a whole partition fires nothing: the counts' partition of the
-- same day is dropped by the same retention.
CREATE TRIGGER log_records_count_insert AFTER INSERT ON log_records
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION pharos_log_counts_on_insert();
CREATE TRIGGER log_records_count_delete AFTER DELETE ON log_records
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION pharos_log_counts_on_delete();

-- Folds the delta rows of the minutes that received deltas into one row per key. Rows inserted
-- while it runs are not visible to its DELETE and stay for the next run; sums are unchanged.
CREATE FUNCTION pharos_compact_log_counts(max_minutes integer DEFAULT 20000) RETURNS bigint
LANGUAGE sql AS $$
  WITH touched AS (
    SELECT DISTINCT bucket, org_id FROM log_counts_1m WHERE NOT compacted LIMIT max_minutes
  ), gone AS (
    DELETE FROM log_counts_1m c USING touched t
     WHERE c.bucket = t.bucket AND c.org_id = t.org_id
    RETURNING c.bucket, c.org_id, c.service, c.level, c.count
  ), folded AS (
    INSERT INTO log_counts_1m (bucket, org_id, service, level, count, compacted)
    SELECT bucket, org_id, service, level, sum(count), true
      FROM gone GROUP BY 1, 2, 3, 4 HAVING sum(count) <> 0
    RETURNING 1
  )
  SELECT (SELECT count(*) FROM gone) - (SELECT count(*) FROM folded)
$$;
