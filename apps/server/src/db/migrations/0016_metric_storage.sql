-- Metric storage: compaction of the metric_samples head into metric_sample_chunks and the
-- 5-minute / hourly rollups (modules/metrics/README.md, "Storage").

-- Chunk arrays are compressed with pglz, explicitly: measured on the bench stream it packs the
-- float8[] values better than lz4 (PERFORMANCE.md: 4.0 vs 5.8 B/sample), and a server whose
-- default_toast_compression is lz4 must not change that. STORAGE stays EXTENDED (compressed,
-- then moved out of line): MAIN keeps rows of 1,000+ samples in the heap and wastes the rest
-- of each page (5.8 vs 4.1 B/sample at 1,440 samples per chunk). New partitions inherit the
-- setting from the parent; the existing ones are set here.
ALTER TABLE metric_sample_chunks
  ALTER COLUMN time_deltas_ms SET COMPRESSION pglz,
  ALTER COLUMN sample_values SET COMPRESSION pglz;
DO $$
DECLARE
  part regclass;
BEGIN
  FOR part IN SELECT inhrelid::regclass FROM pg_inherits WHERE inhparent = 'metric_sample_chunks'::regclass LOOP
    EXECUTE format('ALTER TABLE %s ALTER COLUMN time_deltas_ms SET COMPRESSION pglz, '
                   'ALTER COLUMN sample_values SET COMPRESSION pglz', part);
  END LOOP;
END
$$;

-- Merges late samples (new_*) into an existing chunk (old_*) of the same series and window:
-- both are (gap list, values) pairs relative to start_time. A timestamp present in both keeps
-- the chunk's value (the first write wins, as the head's primary key does for a resent sample).
CREATE FUNCTION pharos_metric_chunk_merge(
  start_time timestamptz, old_d integer[], old_v double precision[],
  new_d integer[], new_v double precision[],
  OUT end_time timestamptz, OUT sample_count integer,
  OUT time_deltas_ms integer[], OUT sample_values double precision[])
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  WITH pts AS (
    SELECT 0 AS src, sum(d) OVER (ORDER BY i) AS off, v
      FROM unnest(old_d, old_v) WITH ORDINALITY AS u(d, v, i)
    UNION ALL
    SELECT 1, sum(d) OVER (ORDER BY i), v
      FROM unnest(new_d, new_v) WITH ORDINALITY AS u(d, v, i)
  ), uniq AS (
    SELECT DISTINCT ON (off) off, v FROM pts ORDER BY off, src
  ), gaps AS (
    SELECT off, v, off - lag(off, 1, 0::bigint) OVER (ORDER BY off) AS d FROM uniq
  )
  SELECT start_time + max(off) * interval '1 millisecond', count(*)::integer,
         array_agg(d::integer ORDER BY off), array_agg(v ORDER BY off)
    FROM gaps
$$;
