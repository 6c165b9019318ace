-- Endpoint statistics (endpoint_stats and its 5-minute and hourly rollups, migration 0004) are
-- computed by the job performance.aggregate (apps/server/src/modules/performance). This adds
-- its watermark and the SQL helpers it and the performance API share. Latency bucket boundaries
-- are not stored here: the server passes them (modules/performance/latency-buckets.ts), so one
-- list defines them.

-- How far each organization's minutes are aggregated: [.., aggregated_to) is done, and every
-- run re-aggregates a few minutes before it, so late spans are still counted.
CREATE TABLE endpoint_stats_watermarks (
  org_id         uuid PRIMARY KEY REFERENCES organizations(id) ON DELETE CASCADE,
  aggregated_to  timestamptz NOT NULL,
  updated_at     timestamptz NOT NULL DEFAULT now()
);
SELECT pharos_enable_rls('endpoint_stats_watermarks');

-- An endpoint template from a raw path, URL or span name: scheme, host, query and fragment are
-- dropped, and every segment that looks like an identifier becomes {id}: UUIDs, numbers, hex
-- strings of 8+ characters with a digit, segments with 3+ digits (order-12345, 2024-01-05),
-- and long tokens (16+ characters with a digit). Segments such as v1, oauth2 or :id stay.
-- One expression (no FROM), so PostgreSQL inlines it into the aggregation query; text without
-- digits or URL punctuation skips the regular expressions.
CREATE FUNCTION pharos_endpoint_template(raw text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT coalesce(nullif(left(
    CASE WHEN raw !~ '[0-9?#:]' THEN raw
    ELSE regexp_replace(
           regexp_replace(regexp_replace(raw, '^[a-zA-Z][a-zA-Z0-9+.-]*://[^/?#]*', ''), '[?#].*$', ''),
           '(^|/)(?:[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}'
             '|[0-9]+'
             '|(?=[a-fA-F]*[0-9])[0-9a-fA-F]{8,}'
             '|[^/]*[0-9][^/]*[0-9][^/]*[0-9][^/]*'
             '|(?=[^/]*[0-9])[^/]{16,})(?=/|$)',
           '\1{id}', 'g')
    END, 500), ''), '/')
$$;

-- Latency histograms (endpoint_stats*.latency_buckets) are cumulative counts, Prometheus `le`
-- style: element i counts the values below bounds[i], the last element (i = cardinality(bounds)
-- + 1) counts them all; bucket i holds bounds[i-1] <= v < bounds[i] (bounds[0] = 0). Summing
-- two such arrays element-wise merges them exactly. The job builds them with FILTER counts.

-- The q-quantile of a cumulative histogram: the first bucket whose cumulative count reaches
-- rank q * total (found by width_bucket's binary search), linearly interpolated inside it (as
-- Prometheus' histogram_quantile), clamped to the exact [lo, hi] (min and max) of the values;
-- the open last bucket ends at hi. The estimate lies in the same bucket as the true quantile, so
-- its relative error is below the bucket's width ratio. NULL for an empty histogram. One
-- expression of array subscripts (no FROM), so PostgreSQL inlines it: a few microseconds a row.
-- I below stands for the bucket: width_bucket(greatest(ceil(rank), 1)::bigint - 1, cum) + 1.
CREATE FUNCTION pharos_bucket_quantile(q double precision, cum bigint[], bounds double precision[],
                                       lo double precision, hi double precision)
RETURNS double precision
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN coalesce(cum[cardinality(cum)], 0) > 0 THEN greatest(lo, least(hi,
    coalesce(bounds[width_bucket(greatest(ceil(q * cum[cardinality(cum)]), 1)::bigint - 1, cum)], 0)
    + (coalesce(bounds[width_bucket(greatest(ceil(q * cum[cardinality(cum)]), 1)::bigint - 1, cum) + 1],
                greatest(hi, bounds[cardinality(bounds)]))
       - coalesce(bounds[width_bucket(greatest(ceil(q * cum[cardinality(cum)]), 1)::bigint - 1, cum)], 0))
    * (q * cum[cardinality(cum)]
       - coalesce(cum[width_bucket(greatest(ceil(q * cum[cardinality(cum)]), 1)::bigint - 1, cum)], 0))
    / (cum[width_bucket(greatest(ceil(q * cum[cardinality(cum)]), 1)::bigint - 1, cum) + 1]
       - coalesce(cum[width_bucket(greatest(ceil(q * cum[cardinality(cum)]), 1)::bigint - 1, cum)], 0))
  )) END
$$;
