// The Pharos database is reached only through repositories; this client connects to the
// monitored database, a target like an HTTP URL, so the repository rule does not apply.
// eslint-disable-next-line no-restricted-imports -- because this connects to the monitored database, not Pharos's
import pg from 'pg';
import { errorText, withLatency, type Checker } from './types.ts';

/** PostgreSQL: connects and runs config.query (default `SELECT 1`). */
export const postgresChecker: Checker = {
  kinds: ['postgres'],
  validate: (url) =>
    url && /^postgres(ql)?:\/\//.test(url) ? null : 'a PostgreSQL monitor needs a postgres:// URL',
  async run(target, signal) {
    const started = performance.now();
    const client = new pg.Client({
      connectionString: target.url ?? '',
      ...(target.secrets.password ? { password: target.secrets.password } : {}),
      connectionTimeoutMillis: target.timeoutMs,
      query_timeout: target.timeoutMs,
      application_name: 'pharos-monitor',
    });
    client.on('error', () => {});
    const onAbort = () => void client.end().catch(() => {});
    signal.addEventListener('abort', onAbort, { once: true });
    try {
      await client.connect();
      const r = await client.query(target.config.query ?? 'SELECT 1');
      const responseTime = Math.round(performance.now() - started);
      return withLatency(
        { status: 'healthy', responseTime, details: { rows: r.rowCount ?? 0 } },
        target.config,
      );
    } catch (err) {
      return {
        status: 'down',
        responseTime: Math.round(performance.now() - started),
        error: signal.aborted ? `timed out after ${target.timeoutMs} ms` : errorText(err),
      };
    } finally {
      signal.removeEventListener('abort', onAbort);
      await client.end().catch(() => {});
    }
  },
};
