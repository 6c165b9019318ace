import { withTransaction, type Ctx } from '../../db/context.ts';
import { notFound } from '../../platform/errors.ts';
import { selectTraceErrors, selectTraceLogs, selectTraceSpans } from './repository.ts';
import type { TraceDetail } from './schemas.ts';
import { buildWaterfall } from './waterfall.ts';

const MAX_SPANS = 10_000;
const MAX_RELATED = 1_000;
// Logs and errors of a trace are looked for this far around its spans (clock skew, late logs).
const MARGIN_MS = 15 * 60_000;

/** One trace as a waterfall, with the log records and error events that carry its id. */
export async function getTrace({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { traceId: string };
}): Promise<TraceDetail> {
  const traceId = input.traceId.toLowerCase();
  return withTransaction(ctx, async (tx) => {
    const spans = await selectTraceSpans(tx, traceId, MAX_SPANS);
    if (!spans.length) throw notFound('Trace');
    const start = Math.min(...spans.map((s) => Date.parse(s.start_time)));
    const end = Math.max(...spans.map((s) => Date.parse(s.end_time)));
    const range = {
      from: new Date(start - MARGIN_MS).toISOString(),
      to: new Date(end + MARGIN_MS).toISOString(),
    };
    const logs = await selectTraceLogs(tx, traceId, range, MAX_RELATED);
    const errors = await selectTraceErrors(tx, traceId, range, MAX_RELATED);
    const waterfall = buildWaterfall(spans);
    const first = Math.min(...spans.map((s) => s.start_ms));
    const last = Math.max(...spans.map((s) => s.start_ms + s.duration_ms));
    return {
      trace_id: traceId,
      start_time: new Date(start).toISOString(),
      end_time: new Date(end).toISOString(),
      duration_ms: Math.round((last - first) * 1000) / 1000,
      span_count: spans.length,
      services: [...new Set(spans.map((s) => s.service))].sort(),
      has_error: spans.some((s) => s.status === 'error'),
      spans: waterfall,
      logs,
      errors,
    };
  });
}
