import { withTransaction, type Ctx } from '../../db/context.ts';
import { instantQuery, rangeQuerySteps } from './engine/index.ts';
import { prepareQueryTransaction } from './repository.ts';
import { DbSeriesSource, DEFAULT_SOURCE_LIMITS, type SourceStats } from './source-db.ts';
import { PromQLError, type PromQueryData, type StepMatrix } from './types.ts';

/** Prometheus' default query.timeout; a request's `timeout` can only lower it. */
export const MAX_TIMEOUT_MS = 120_000;

export type EvaluateInput =
  | { query: string; timeoutMs: number; time: number }
  | { query: string; timeoutMs: number; start: number; end: number; step: number };

export interface Evaluated {
  /** A range query's answer stays in step arrays until it is written (format-response.ts). */
  data: PromQueryData | StepMatrix;
  stats: SourceStats;
}

/**
 * Evaluates a PromQL query over the caller's organization: one transaction (row-level
 * security, one snapshot, the statement timeout), the engine reading through DbSeriesSource.
 */
export async function evaluateQuery({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: EvaluateInput;
}): Promise<Evaluated> {
  const started = Date.now();
  try {
    return await withTransaction(ctx, async (tx) => {
      await prepareQueryTransaction(tx, input.timeoutMs);
      const source = new DbSeriesSource(tx, DEFAULT_SOURCE_LIMITS);
      const data =
        'step' in input
          ? await rangeQuerySteps(input.query, {
              source,
              start: input.start,
              end: input.end,
              step: input.step,
            })
          : await instantQuery(input.query, { source, time: input.time });
      if (Date.now() - started > input.timeoutMs) throw timeout(input.timeoutMs);
      return { data, stats: source.stats };
    });
  } catch (err) {
    // PostgreSQL cancelled a statement at statement_timeout.
    if ((err as { code?: string }).code === '57014') throw timeout(input.timeoutMs);
    throw err;
  }
}

function timeout(ms: number) {
  return new PromQLError('timeout', `query timed out in query execution (timeout ${ms / 1000}s)`);
}
