import { sql, type RawBuilder } from 'kysely';
import { txOf, type Ctx } from '../../db/context.ts';
import type { LoadTestFigures } from './parse-summary.ts';
import type { ListLoadTestsQuery, LoadTestSummary } from './schemas.ts';

/** SQL of load_test_results (inside withTransaction, under row-level security). */

async function rows<T>(ctx: Ctx, query: RawBuilder<T>): Promise<T[]> {
  return (await query.execute(txOf(ctx))).rows;
}

export type LoadTestRow = LoadTestSummary & {
  thresholds: Record<string, unknown>;
  results: Record<string, unknown>;
};

// numeric columns come back as strings from pg; the API gives numbers.
const COLUMNS = sql`id, test_name, test_type, tool, scenario, duration_seconds, total_requests,
  successful_requests, failed_requests, average_response_time_ms::float8 AS average_response_time_ms,
  p95_response_time_ms::float8 AS p95_response_time_ms, p99_response_time_ms::float8 AS p99_response_time_ms,
  throughput_rps::float8 AS throughput_rps, error_rate::float8 AS error_rate, status, started_at,
  completed_at, created_at`;

export interface LoadTestWrite {
  name: string;
  testType: string;
  scenario: string;
  status: string;
  startedAt: Date;
  completedAt: Date | null;
  figures: LoadTestFigures;
  results: unknown;
}

export async function insertLoadTest(
  ctx: Ctx,
  orgId: string,
  w: LoadTestWrite,
): Promise<LoadTestSummary> {
  const f = w.figures;
  const [row] = await rows(
    ctx,
    sql<LoadTestSummary>`INSERT INTO load_test_results (org_id, test_name, test_type, tool, scenario,
        duration_seconds, total_requests, successful_requests, failed_requests, average_response_time_ms,
        p95_response_time_ms, p99_response_time_ms, throughput_rps, error_rate, thresholds, results, status,
        started_at, completed_at)
      VALUES (${orgId}, ${w.name}, ${w.testType}, ${f.tool}, ${w.scenario}, ${f.durationSeconds},
        ${f.totalRequests}, ${f.successfulRequests}, ${f.failedRequests}, ${f.averageMs}, ${f.p95Ms},
        ${f.p99Ms}, ${f.throughputRps}, ${Math.min(100, f.errorRate)}, ${JSON.stringify(f.thresholds)}::jsonb,
        ${JSON.stringify(w.results)}::jsonb, ${w.status}, ${w.startedAt}, ${w.completedAt})
      RETURNING ${COLUMNS}`,
  );
  return row!;
}

export async function selectLoadTests(
  ctx: Ctx,
  orgId: string,
  q: ListLoadTestsQuery,
): Promise<LoadTestSummary[]> {
  return rows(
    ctx,
    sql<LoadTestSummary>`SELECT ${COLUMNS} FROM load_test_results
      WHERE org_id = ${orgId}
        AND (${q.name ?? null}::text IS NULL OR test_name = ${q.name ?? null})
        AND (${q.test_type ?? null}::text IS NULL OR test_type = ${q.test_type ?? null})
        AND (${q.status ?? null}::text IS NULL OR status = ${q.status ?? null})
      ORDER BY started_at DESC, id LIMIT ${q.limit} OFFSET ${q.offset}`,
  );
}

export async function selectLoadTest(
  ctx: Ctx,
  orgId: string,
  id: string,
): Promise<LoadTestRow | null> {
  const [row] = await rows(
    ctx,
    sql<LoadTestRow>`SELECT ${COLUMNS}, thresholds, results FROM load_test_results
      WHERE org_id = ${orgId} AND id = ${id}`,
  );
  return row ?? null;
}
