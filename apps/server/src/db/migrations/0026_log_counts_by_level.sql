-- Per-minute log counts by organization and level only: what histograms, level facets and the
-- denominators of sampled histograms read when the query does not name a service. log_counts_1m
-- holds one row per service and level a minute (57,600 rows a day for 8 services, 360,000 for
-- 50, all read by a day's histogram); this table at most 5 a minute (7,200 a day).
--
-- Written only by the compaction job: when pharos_compact_log_counts (replaced below) folds the
-- rows of a minute of log_counts_1m, the same statement replaces that minute's rows here with
-- the sums by level of the same rows. So for every minute, this table sums to the compacted rows
-- of log_counts_1m; readers add the deltas not yet folded (log_counts_1m WHERE NOT compacted,
-- through its partial index) and get the same totals as from log_counts_1m alone.
CREATE TABLE log_counts_level_1m (
  bucket  timestamptz NOT NULL,             -- date_trunc('minute', time), UTC
  org_id  uuid NOT NULL,
  count   bigint NOT NULL,
  level   text NOT NULL
) PARTITION BY RANGE (bucket);
CREATE INDEX log_counts_level_1m_org_idx ON log_counts_level_1m (org_id, bucket);
SELECT pharos_enable_rls('log_counts_level_1m');
-- Same data kind and retention as the counts it is folded from.
INSERT INTO telemetry_tables (table_name, time_column, data_kind, default_retention_days)
VALUES ('log_counts_level_1m', 'bucket', 'logs', 30);

-- A query on a service reads that service's rows only, not every service's (57,600 rows a day
-- for 8 services, and as many more for each service added).
CREATE INDEX log_counts_1m_service_idx ON log_counts_1m (org_id, service, bucket);

-- Concurrent runs stay exact: a row of log_counts_1m is deleted (folded) by one run only, and
-- each run adds here the sums of exactly the rows it deleted; a DELETE here never sees the rows
-- another run or its own INSERT adds.
CREATE OR REPLACE FUNCTION pharos_compact_log_counts(max_minutes integer DEFAULT 20000) RETURNS bigint
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
  ), level_gone AS (
    DELETE FROM log_counts_level_1m l USING touched t
     WHERE l.bucket = t.bucket AND l.org_id = t.org_id
  ), level_folded AS (
    INSERT INTO log_counts_level_1m (bucket, org_id, level, count)
    SELECT bucket, org_id, level, sum(count)
      FROM gone GROUP BY 1, 2, 3 HAVING sum(count) <> 0
  )
  SELECT (SELECT count(*) FROM gone) - (SELECT count(*) FROM folded)
$$;

-- The minutes compacted before this migration.
SELECT pharos_create_partitions('log_counts_level_1m', first_day, last_day - first_day + 1)
  FROM (SELECT min(bucket AT TIME ZONE 'UTC')::date AS first_day,
               max(bucket AT TIME ZONE 'UTC')::date AS last_day
          FROM log_counts_1m WHERE compacted) d
 WHERE first_day IS NOT NULL;
INSERT INTO log_counts_level_1m (bucket, org_id, level, count)
SELECT bucket, org_id, level, sum(count)
  FROM log_counts_1m WHERE compacted GROUP BY 1, 2, 3 HAVING sum(count) <> 0;
