import { withTransaction, type Ctx } from '../../db/context.ts';
import { AppError } from '../../platform/errors.ts';
import { mapTimeout, timeRange } from './query.ts';
import { limitStatementTime, pivotErrors, pivotLogs, pivotSpans } from './repository.ts';
import type { LogRecord, PivotQuery } from './schemas.ts';

const LIMIT = 500;
const WEEK = 7 * 86_400_000;

/**
 * Everything carrying one request id or trace id: log records, error events and spans. A
 * request id also leads to the trace ids its logs and errors carry, and through them to the
 * spans (spans have no request id). Both ids are indexed on log records and error events
 * (partial indexes, migration 0022); the time range (default 7 days) bounds the partitions read
 * and a statement timeout bounds the rest.
 */
export async function pivot({ ctx, input }: { ctx: Ctx; input: PivotQuery }): Promise<{
  trace_ids: string[];
  logs: LogRecord[];
  errors: Record<string, unknown>[];
  spans: Record<string, unknown>[];
  truncated: boolean;
}> {
  if (Boolean(input.request_id) === Boolean(input.trace_id)) {
    throw new AppError('VALIDATION', 'Give exactly one of request_id and trace_id.', {
      errors: [{ path: 'querystring', message: 'needs exactly one of request_id, trace_id' }],
    });
  }
  const { from, to } = timeRange(input.from, input.to, WEEK);
  const column: 'request_id' | 'trace_id' = input.request_id ? 'request_id' : 'trace_id';
  const id = (input.request_id ?? input.trace_id)!;
  const sel = { orgId: ctx.orgId!, from, to, column, ids: [id], limit: LIMIT };
  return mapTimeout(
    withTransaction(ctx, async (tx) => {
      await limitStatementTime(tx, 20_000);
      const logs = await pivotLogs(tx, sel);
      const errors = await pivotErrors(tx, sel);
      const traceIds = new Set<string>();
      if (column === 'trace_id') traceIds.add(id);
      for (const r of [...logs, ...errors]) {
        const t = (r as { trace_id?: unknown }).trace_id;
        if (typeof t === 'string' && t) traceIds.add(t);
      }
      const ids = [...traceIds].slice(0, 50);
      const spans = ids.length ? await pivotSpans(tx, { ...sel, ids }) : [];
      return {
        trace_ids: ids,
        logs,
        errors,
        spans,
        truncated: [logs, errors, spans].some((l) => l.length >= LIMIT),
      };
    }),
  );
}
