import type pg from 'pg';
import type { TableWriter } from '../ingest/index.ts';
import { bucketOf, type SecurityEventRow } from './security-event-row.ts';

// The rows travel as one jsonb parameter and come back as a record set: a single statement per
// flush, and nothing from a payload is ever part of the SQL text.
const INSERT = `
INSERT INTO security_events (
  occurred_at, org_id, id, project_id, ip_address, blocked, attack_type, severity, action_taken,
  blocked_payload, service, environment, endpoint_targeted, url, method, user_agent, request_id,
  error_message, csp_violation, metadata)
SELECT r.occurred_at, r.org_id, r.id, r.project_id, r.ip_address, r.blocked, r.attack_type,
  r.severity, r.action_taken, r.blocked_payload, r.service, r.environment, r.endpoint_targeted,
  r.url, r.method, r.user_agent, r.request_id, r.error_message, r.csp_violation, r.metadata
FROM jsonb_to_recordset($1::jsonb) AS r(
  occurred_at timestamptz, org_id uuid, id uuid, project_id bigint, ip_address inet,
  blocked boolean, attack_type text, severity text, action_taken text, blocked_payload text,
  service text, environment text, endpoint_targeted text, url text, method text,
  user_agent text, request_id text, error_message text, csp_violation jsonb, metadata jsonb,
  bucket_start timestamptz, bucket_end timestamptz)
WHERE NOT EXISTS (
  SELECT 1 FROM security_events s
  WHERE s.org_id = r.org_id AND s.id = r.id
    AND s.occurred_at >= r.bucket_start AND s.occurred_at < r.bucket_end)
ON CONFLICT DO NOTHING`;

/**
 * Writes security_events. The id is derived per dedup bucket (security-event-row.ts) while the
 * key is (org_id, occurred_at, id), so "already stored" means: same id within the bucket. The
 * check and the insert are one statement; rows repeated within a batch are dropped first.
 */
export const securityEventsWriter: TableWriter<SecurityEventRow> = {
  name: 'security_events',
  async write(client: pg.PoolClient, rows: SecurityEventRow[]): Promise<void> {
    const seen = new Set<string>();
    const unique = [];
    for (const row of rows) {
      const key = `${row.org_id}/${row.id}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const b = bucketOf(Date.parse(row.occurred_at));
      unique.push({
        ...row,
        bucket_start: new Date(b.start).toISOString(),
        bucket_end: new Date(b.end).toISOString(),
      });
    }
    if (unique.length > 0) await client.query(INSERT, [JSON.stringify(unique)]);
  },
  sizeOf: (row) =>
    512 +
    (row.blocked_payload?.length ?? 0) +
    (row.url?.length ?? 0) +
    (row.user_agent?.length ?? 0) +
    JSON.stringify(row.csp_violation).length,
};
