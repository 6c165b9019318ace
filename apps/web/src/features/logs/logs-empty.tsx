import { Link } from 'react-router-dom';
import { EmptyState } from '../../components/states.tsx';

/** No records: with a query, widen it; without, say how to send logs to Pharos. */
export function LogsEmptyState({ filtered }: { filtered: boolean }) {
  if (filtered)
    return (
      <EmptyState
        compact
        title="No records match"
        description="Widen the time range, or remove a term from the query."
      />
    );
  return (
    <EmptyState
      title="No logs in this range"
      description={
        <div className="logs-howto">
          <p>Send logs to Pharos with an ingest API key, in any of these formats:</p>
          <ul>
            <li>
              OpenTelemetry: <code>POST /v1/logs</code> (OTLP/HTTP, JSON or protobuf)
            </li>
            <li>
              NDJSON: <code>POST /api/v1/ingest/logs</code>, one JSON object per line
            </li>
            <li>
              Elasticsearch: <code>POST /_bulk</code> (Filebeat, Logstash, Vector, Fluent Bit)
            </li>
          </ul>
          <p>
            Create a key with the <em>ingest</em> scope in{' '}
            <Link to="/settings/api-keys">Settings → API keys</Link> and send it as{' '}
            <code>Authorization: Bearer &lt;key&gt;</code>.
          </p>
        </div>
      }
    />
  );
}
