import { Type, type Static, type TSchema } from '@sinclair/typebox';

const Uuid = Type.String({ format: 'uuid' });
const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
// Rows carry Date objects; the serializer writes them as ISO strings.
const Time = Type.Unsafe<Date | string>({ type: 'string', format: 'date-time' });
const TestType = Type.Union(['smoke', 'load', 'stress', 'spike'].map((t) => Type.Literal(t)));
const Status = Type.Union(['passed', 'failed', 'warning'].map((s) => Type.Literal(s)));

export const RecordLoadTestQuerySchema = Type.Object(
  {
    name: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 200,
        description: 'The test name (autocannon: defaults to its title)',
      }),
    ),
    test_type: Type.Optional(TestType),
    scenario: Type.Optional(Type.String({ maxLength: 200 })),
    started_at: Type.Optional(Type.String({ format: 'date-time' })),
    status: Type.Optional(Status),
  },
  { additionalProperties: false },
);
export type RecordLoadTestQuery = Static<typeof RecordLoadTestQuerySchema>;

/** The k6 or autocannon JSON as the tool wrote it. */
export const SummaryBodySchema = Type.Record(Type.String(), Type.Unknown(), {
  maxProperties: 200,
  description: 'k6 --summary-export / handleSummary JSON, or an autocannon result',
});

export const ListLoadTestsQuerySchema = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    test_type: Type.Optional(TestType),
    status: Type.Optional(Status),
    limit: Type.Integer({ minimum: 1, maximum: 500, default: 50 }),
    offset: Type.Integer({ minimum: 0, maximum: 100_000, default: 0 }),
  },
  { additionalProperties: false },
);
export type ListLoadTestsQuery = Static<typeof ListLoadTestsQuerySchema>;
export const IdParamsSchema = Type.Object({ id: Uuid }, { additionalProperties: false });

export const LoadTestSummarySchema = Type.Object({
  id: Uuid,
  test_name: Type.String(),
  test_type: Type.String(),
  tool: Nullable(Type.String()),
  scenario: Type.String(),
  duration_seconds: Type.Integer(),
  total_requests: Type.Integer(),
  successful_requests: Type.Integer(),
  failed_requests: Type.Integer(),
  average_response_time_ms: Nullable(Type.Number()),
  p95_response_time_ms: Nullable(Type.Number()),
  p99_response_time_ms: Nullable(Type.Number()),
  throughput_rps: Nullable(Type.Number()),
  error_rate: Nullable(Type.Number()),
  status: Type.String(),
  started_at: Time,
  completed_at: Nullable(Time),
  created_at: Time,
});
export type LoadTestSummary = Static<typeof LoadTestSummarySchema>;
export const LoadTestDetailSchema = Type.Intersect([
  LoadTestSummarySchema,
  Type.Object({
    thresholds: Type.Record(Type.String(), Type.Unknown()),
    results: Type.Record(Type.String(), Type.Unknown()),
  }),
]);
export const LoadTestListSchema = Type.Object({ items: Type.Array(LoadTestSummarySchema) });
