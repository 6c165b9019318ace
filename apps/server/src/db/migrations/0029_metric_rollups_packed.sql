-- Metric rollups packed as arrays, like raw samples in chunks (modules/metrics/README.md,
-- "Storage"): one row per series and window of 24 buckets instead of one row per bucket.
-- metric_rollups_5m: 2-hour windows (24 five-minute buckets); metric_rollups_1h: UTC days (24
-- hourly buckets). `bucket` is the window's start. Each array has 24 elements, element i for the
-- bucket starting at bucket + i * width; a bucket without samples has sample_count 0 and NULL
-- in the value arrays. `increase` is NULL for a gauge. A 7-day panel at a 5-minute step read 2
-- million rows (about 1 s of PostgreSQL's per-row work); it now reads 84 rows per series.
-- The rows of the old layout are converted: rollups outlive the raw samples they came from.

DO $$
DECLARE
  t text;
  part record;
BEGIN
  FOREACH t IN ARRAY ARRAY['metric_rollups_5m', 'metric_rollups_1h'] LOOP
    EXECUTE format('ALTER TABLE %I RENAME TO %I', t, t || '_rows');
    FOR part IN
      SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
       WHERE i.inhparent = (t || '_rows')::regclass
    LOOP
      EXECUTE format('ALTER TABLE %I RENAME TO %I', part.relname,
                     t || '_rows' || substr(part.relname, length(t) + 1));
    END LOOP;
    EXECUTE format(
      'CREATE TABLE %I (
         bucket        timestamptz NOT NULL,
         series_id     bigint NOT NULL,
         org_id        uuid NOT NULL,
         sample_count  integer[] NOT NULL,
         sum_value     double precision[] NOT NULL,
         min_value     double precision[] NOT NULL,
         max_value     double precision[] NOT NULL,
         last_value    double precision[] NOT NULL,
         increase      double precision[],
         PRIMARY KEY (series_id, bucket),
         CHECK (cardinality(sample_count) = 24 AND cardinality(sum_value) = 24
                AND cardinality(min_value) = 24 AND cardinality(max_value) = 24
                AND cardinality(last_value) = 24
                AND (increase IS NULL OR cardinality(increase) = 24))
       ) PARTITION BY RANGE (bucket)', t);
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format(
      'CREATE POLICY org_isolation ON %I USING (org_id = (SELECT pharos_current_org()))
         WITH CHECK (org_id = pharos_current_org())', t);
    -- The same daily partitions as before (at least today's and tomorrow's).
    FOR part IN
      SELECT DISTINCT to_date(right(c.relname, 8), 'YYYYMMDD') AS d
        FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
       WHERE i.inhparent = (t || '_rows')::regclass AND c.relname ~ '_p[0-9]{8}$'
      UNION SELECT (now() AT TIME ZONE 'UTC')::date
      UNION SELECT (now() AT TIME ZONE 'UTC')::date + 1
    LOOP
      PERFORM pharos_create_partitions(t, part.d, 1);
    END LOOP;
  END LOOP;
END
$$;

-- Convert: every (series, window) that has rows becomes one row of 24 slots.
INSERT INTO metric_rollups_5m
       (bucket, series_id, org_id, sample_count, sum_value, min_value, max_value, last_value, increase)
SELECT k.w, k.series_id, k.org_id,
       array_agg(coalesce(r.sample_count, 0) ORDER BY i), array_agg(r.sum_value ORDER BY i),
       array_agg(r.min_value ORDER BY i), array_agg(r.max_value ORDER BY i),
       array_agg(r.last_value ORDER BY i),
       CASE WHEN bool_or(r.increase IS NOT NULL) THEN array_agg(r.increase ORDER BY i) END
  FROM (SELECT DISTINCT series_id, org_id,
               date_bin('2 hours', bucket, TIMESTAMPTZ 'epoch') AS w
          FROM metric_rollups_5m_rows) k
 CROSS JOIN generate_series(0, 23) i
  LEFT JOIN metric_rollups_5m_rows r
         ON r.series_id = k.series_id AND r.bucket = k.w + i * interval '5 minutes'
 GROUP BY k.w, k.series_id, k.org_id;

INSERT INTO metric_rollups_1h
       (bucket, series_id, org_id, sample_count, sum_value, min_value, max_value, last_value, increase)
SELECT k.w, k.series_id, k.org_id,
       array_agg(coalesce(r.sample_count, 0) ORDER BY i), array_agg(r.sum_value ORDER BY i),
       array_agg(r.min_value ORDER BY i), array_agg(r.max_value ORDER BY i),
       array_agg(r.last_value ORDER BY i),
       CASE WHEN bool_or(r.increase IS NOT NULL) THEN array_agg(r.increase ORDER BY i) END
  FROM (SELECT DISTINCT series_id, org_id,
               date_bin('1 day', bucket, TIMESTAMPTZ 'epoch') AS w
          FROM metric_rollups_1h_rows) k
 CROSS JOIN generate_series(0, 23) i
  LEFT JOIN metric_rollups_1h_rows r
         ON r.series_id = k.series_id AND r.bucket = k.w + i * interval '1 hour'
 GROUP BY k.w, k.series_id, k.org_id;

DROP TABLE metric_rollups_5m_rows;
DROP TABLE metric_rollups_1h_rows;
