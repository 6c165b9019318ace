-- Pivots and searches by request id (`request_id:X`, the Explore pivot) and by trace id on error
-- events read an index instead of scanning every partition in the time range. Partial: records
-- without the id cost nothing at ingest.
CREATE INDEX log_records_request_idx ON log_records (request_id) WHERE request_id IS NOT NULL;
CREATE INDEX error_events_request_idx ON error_events (request_id) WHERE request_id IS NOT NULL;
CREATE INDEX error_events_trace_idx ON error_events (trace_id) WHERE trace_id IS NOT NULL;
