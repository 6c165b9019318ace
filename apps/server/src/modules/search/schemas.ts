import { Type, type Static } from '@sinclair/typebox';

const Uuid = Type.String({ format: 'uuid' });
const Text = Type.Union([Type.String(), Type.Null()]);
const Num = Type.Union([Type.Number(), Type.Null()]);
const Json = Type.Record(Type.String(), Type.Unknown());

export const QUERY_HELP =
  'Search language (Lucene/Kibana style): free text matches the message (case-insensitive ' +
  'substring); `field:value`, `"quoted phrase"`, `AND`/`OR`/`NOT`/`-term` with parentheses ' +
  '(juxtaposition is AND), wildcards `*` and `?` (`service:check*`), comparisons ' +
  '(`status_code>=500`), ranges (`latency_ms:[100 TO 500]`, `{` `}` exclusive, `*` open), ' +
  'existence (`_exists_:trace_id`, `trace_id:*`), attributes (`attributes.user.id:42`, ' +
  '`resource.k8s.pod:api-*`). Escape special characters with `\\`.';

const Q = Type.Optional(Type.String({ maxLength: 4096, description: QUERY_HELP }));
const From = Type.Optional(
  Type.String({ format: 'date-time', description: 'Inclusive. Default: 24 hours before `to`.' }),
);
const To = Type.Optional(
  Type.String({ format: 'date-time', description: 'Exclusive. Default: now.' }),
);

/** One log record: every column of log_records, snake_case as stored. */
export const LogRecordSchema = Type.Object({
  time: Type.String({ format: 'date-time', description: 'UTC, microsecond precision' }),
  record_id: Uuid,
  observed_time: Text,
  project_id: Type.Number(),
  source_id: Text,
  status_code: Num,
  latency_ms: Num,
  severity_number: Num,
  level: Type.String(),
  service: Type.String(),
  environment: Text,
  message: Type.String(),
  trace_id: Text,
  span_id: Text,
  request_id: Text,
  method: Text,
  path: Text,
  user_id: Text,
  error_type: Text,
  error_message: Text,
  error_stack: Text,
  host: Text,
  category: Text,
  tags: Type.Union([Type.Array(Type.String()), Type.Null()]),
  attributes: Json,
  resource: Json,
});
export type LogRecord = Static<typeof LogRecordSchema>;

export const SearchLogsQuerySchema = Type.Object(
  {
    q: Q,
    from: From,
    to: To,
    limit: Type.Integer({ minimum: 1, maximum: 1000, default: 100 }),
    cursor: Type.Optional(
      Type.String({ maxLength: 200, description: 'next_cursor of the previous page (same q).' }),
    ),
  },
  { additionalProperties: false },
);
export type SearchLogsQuery = Static<typeof SearchLogsQuerySchema>;

export const LogPageSchema = Type.Object({
  items: Type.Array(LogRecordSchema),
  next_cursor: Type.Union([Type.String(), Type.Null()]),
});

const Partial = Type.Union([
  Type.Null(),
  Type.Object({
    scanned_from: Type.String({ format: 'date-time' }),
    reason: Type.String(),
  }),
]);

const Sample = Type.Union(
  [
    Type.Null(),
    Type.Object({
      records: Type.Integer({ description: 'Records read to compute the answer.' }),
      reason: Type.String(),
    }),
  ],
  {
    description:
      'Set when the answer comes from a sample of the matching records: histogram counts are then estimates, facet counts count the sample only.',
  },
);

export const HistogramQuerySchema = Type.Object(
  {
    q: Q,
    from: From,
    to: To,
    interval: Type.Optional(
      Type.String({
        pattern: '^[0-9]{1,5}[smhd]$',
        description: 'Bucket width such as 30s, 5m, 1h. Default: about 60-120 buckets.',
      }),
    ),
  },
  { additionalProperties: false },
);
export type HistogramQuery = Static<typeof HistogramQuerySchema>;

export const HistogramSchema = Type.Object({
  from: Type.String(),
  to: Type.String(),
  interval_seconds: Type.Integer(),
  source: Type.Union([Type.Literal('rollup'), Type.Literal('raw'), Type.Literal('sample')], {
    description:
      'rollup: per-minute counts (query on service/level only); raw: log rows; sample: estimates from log rows read across the range, scaled to the per-minute counts.',
  }),
  partial: Partial,
  sample: Sample,
  buckets: Type.Array(
    Type.Object({
      time: Type.String(),
      total: Type.Number(),
      counts: Type.Record(Type.String(), Type.Number(), { description: 'count by level' }),
    }),
  ),
});
export type Histogram = Static<typeof HistogramSchema>;

export const FacetsQuerySchema = Type.Object(
  {
    q: Q,
    from: From,
    to: To,
    fields: Type.String({
      default: 'service,level,host',
      maxLength: 500,
      description:
        'Comma-separated fields (at most 10), e.g. service,level,host,attributes.region.',
    }),
    size: Type.Integer({ minimum: 1, maximum: 100, default: 10 }),
  },
  { additionalProperties: false },
);
export type FacetsQuery = Static<typeof FacetsQuerySchema>;

export const FacetsSchema = Type.Object({
  source: Type.Union([Type.Literal('rollup'), Type.Literal('raw')]),
  partial: Partial,
  sample: Sample,
  facets: Type.Record(
    Type.String(),
    Type.Array(Type.Object({ value: Type.String(), count: Type.Number() })),
  ),
});
export type Facets = Static<typeof FacetsSchema>;

export const ContextParamsSchema = Type.Object({
  time: Type.String({ format: 'date-time' }),
  recordId: Uuid,
});
export const ContextQuerySchema = Type.Object(
  {
    before: Type.Integer({ minimum: 0, maximum: 500, default: 20 }),
    after: Type.Integer({ minimum: 0, maximum: 500, default: 20 }),
  },
  { additionalProperties: false },
);
export const LogContextSchema = Type.Object({
  record: LogRecordSchema,
  before: Type.Array(LogRecordSchema, { description: 'Oldest first.' }),
  after: Type.Array(LogRecordSchema, { description: 'Oldest first.' }),
});

const IdText = Type.String({ minLength: 1, maxLength: 200 });
export const PivotQuerySchema = Type.Object(
  {
    request_id: Type.Optional(IdText),
    trace_id: Type.Optional(IdText),
    from: Type.Optional(
      Type.String({ format: 'date-time', description: 'Default: 7 days before `to`.' }),
    ),
    to: To,
  },
  { additionalProperties: false },
);
export type PivotQuery = Static<typeof PivotQuerySchema>;

export const PivotSchema = Type.Object({
  trace_ids: Type.Array(Type.String()),
  logs: Type.Array(LogRecordSchema),
  errors: Type.Array(Json),
  spans: Type.Array(Json),
  truncated: Type.Boolean({ description: 'A list reached its limit (500).' }),
});

export const TailQuerySchema = Type.Object({ q: Q }, { additionalProperties: false });

export const PatternsQuerySchema = Type.Object(
  {
    q: Q,
    from: From,
    to: To,
    sample: Type.Integer({ minimum: 100, maximum: 20000, default: 10000 }),
    limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }),
  },
  { additionalProperties: false },
);
export type PatternsQuery = Static<typeof PatternsQuerySchema>;

export const PatternsSchema = Type.Object({
  from: Type.String(),
  to: Type.String(),
  sampled: Type.Integer({ description: 'Messages clustered (the newest matching).' }),
  previous_sampled: Type.Integer({ description: 'Messages of the preceding window.' }),
  patterns: Type.Array(
    Type.Object({
      template: Type.String(),
      count: Type.Integer(),
      share: Type.Number(),
      example: Type.String(),
      is_new: Type.Boolean(),
    }),
  ),
});
