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
CREATE FUNCTION pharos_endpoint_template(raw text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN p = '' THEN '/' ELSE left(p, 500) END
    FROM (
      SELECT coalesce(string_agg(
               CASE
                 WHEN seg ~* '^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$' THEN '{id}'
                 WHEN seg ~ '^[0-9]+$' THEN '{id}'
                 WHEN seg ~* '^[0-9a-f]{8,}$' AND seg ~ '[0-9]' THEN '{id}'
                 WHEN seg ~ '[0-9].*[0-9].*[0-9]' THEN '{id}'
                 WHEN length(seg) >= 16 AND seg ~ '[0-9]' THEN '{id}'
                 ELSE seg
               END, '/' ORDER BY ord), '') AS p
        FROM unnest(string_to_array(
               regexp_replace(regexp_replace(coalesce(raw, ''), '^[a-zA-Z][a-zA-Z0-9+.-]*://[^/?#]*', ''),
                              '[?#].*$', ''),
               '/')) WITH ORDINALITY AS u(seg, ord)
    ) t
$$;

-- The counts of a latency histogram: bucket i (1-based) counts values v with
-- bounds[i-1] <= v < bounds[i] (bounds[0] = 0, bounds[n+1] = infinity), so the array has
-- cardinality(bounds) + 1 elements. idx are width_bucket(v, bounds) + 1 values, one per request.
CREATE FUNCTION pharos_latency_histogram(idx integer[], buckets integer) RETURNS bigint[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT array_agg(coalesce(c.n, 0) ORDER BY g)
    FROM generate_series(1, buckets) AS g
    LEFT JOIN (SELECT i, count(*) AS n FROM unnest(idx) AS i GROUP BY i) c ON c.i = g
$$;

-- Element-wise sum of two histograms (NULL is the empty histogram), and its aggregate: rollups
-- and range queries merge histograms exactly instead of averaging percentiles.
CREATE FUNCTION pharos_add_buckets(a bigint[], b bigint[]) RETURNS bigint[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE
    WHEN a IS NULL THEN b
    WHEN b IS NULL THEN a
    ELSE ARRAY(SELECT coalesce(x, 0) + coalesce(y, 0)
                 FROM unnest(a, b) WITH ORDINALITY AS u(x, y, i) ORDER BY i)
  END
$$;
CREATE AGGREGATE pharos_sum_buckets(bigint[]) (SFUNC = pharos_add_buckets, STYPE = bigint[]);

-- The q-quantile of a histogram: the bucket holding rank q * total, linearly interpolated
-- inside it (as Prometheus' histogram_quantile), clamped to the exact [lo, hi] (min and max)
-- of the values. The open last bucket ends at hi. The result lies in the same bucket as the
-- true quantile, so its relative error is below the bucket's width ratio.
CREATE FUNCTION pharos_bucket_quantile(q double precision, counts bigint[], bounds double precision[],
                                       lo double precision, hi double precision)
RETURNS double precision
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
  total numeric;
  rank numeric;
  cum numeric := 0;
  c numeric;
  lower_b double precision;
  upper_b double precision;
  est double precision;
  nb integer := coalesce(cardinality(bounds), 0);
BEGIN
  IF counts IS NULL THEN RETURN NULL; END IF;
  SELECT sum(x) INTO total FROM unnest(counts) AS x;
  IF total IS NULL OR total <= 0 THEN RETURN NULL; END IF;
  rank := q * total;
  FOR i IN 1 .. cardinality(counts) LOOP
    c := counts[i];
    IF c > 0 AND cum + c >= rank THEN
      lower_b := CASE WHEN i = 1 THEN 0 ELSE bounds[i - 1] END;
      upper_b := CASE WHEN i > nb THEN greatest(coalesce(hi, bounds[nb]), bounds[nb]) ELSE bounds[i] END;
      est := lower_b + (upper_b - lower_b) * ((rank - cum) / c)::double precision;
      RETURN greatest(coalesce(lo, est), least(coalesce(hi, est), est));
    END IF;
    cum := cum + c;
  END LOOP;
  RETURN hi;
END
$$;
