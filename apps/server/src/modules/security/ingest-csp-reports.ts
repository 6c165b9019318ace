import type { IngestContext, IngestPipeline } from '../ingest/index.ts';
import { invalid } from '../../platform/errors.ts';
import { CspReportError, parseCspReports } from './csp-report.ts';
import { toSecurityEventRow } from './security-event-row.ts';

export interface CspReportInput {
  body: Buffer;
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
  environment: string | null;
  release: string | null;
}

/**
 * Stores browser CSP violation reports as security_events (attack_type csp_violation). A report
 * that is not CSP is a 400 with nothing stored; a Reporting API batch without CSP reports (only
 * deprecations, say) stores nothing and succeeds, so the browser does not retry it.
 */
export async function ingestCspReports({
  ctx,
  input,
  ingest,
}: {
  ctx: IngestContext;
  input: CspReportInput;
  ingest: IngestPipeline;
}): Promise<{ stored: number }> {
  let violations;
  try {
    violations = parseCspReports(input.body.toString('utf8'));
  } catch (err) {
    if (err instanceof CspReportError) {
      ingest.noteRejected(ctx, 1, err.message);
      throw invalid(err.message);
    }
    throw err;
  }
  const receivedAt = Date.now();
  const rows = violations.map((v) =>
    toSecurityEventRow(v, {
      orgId: ctx.orgId,
      projectId: ctx.projectId,
      receivedAt,
      ip: input.ip,
      userAgent: input.userAgent,
      requestId: input.requestId,
      environment: input.environment,
      release: input.release,
    }),
  );
  if (rows.length > 0) await ingest.submit(ctx, [{ writer: 'security_events', rows }]);
  return { stored: rows.length };
}
