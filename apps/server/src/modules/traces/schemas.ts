import { Type, type Static } from '@sinclair/typebox';

const Time = Type.String({ format: 'date-time' });
const NullableText = Type.Union([Type.String(), Type.Null()]);
const Json = Type.Unknown({ description: 'JSON value or null' });

export const TraceIdParamsSchema = Type.Object({
  traceId: Type.String({
    pattern: '^[0-9a-fA-F]{32}$',
    maxLength: 32,
    description: 'W3C trace id (32 hex characters)',
  }),
});

export const WaterfallSpanSchema = Type.Object({
  span_id: Type.String(),
  parent_span_id: NullableText,
  /** Nesting level in the waterfall: 0 for roots (and spans whose parent was not received). */
  depth: Type.Integer(),
  /** True when parent_span_id names a span this trace does not contain. */
  orphan: Type.Boolean(),
  name: Type.String(),
  kind: Type.String(),
  service: Type.String(),
  environment: NullableText,
  start_time: Time,
  end_time: Time,
  /** Start relative to the trace start, in milliseconds. */
  offset_ms: Type.Number(),
  duration_ms: Type.Number(),
  status: Type.String(),
  status_message: NullableText,
  status_code: Type.Union([Type.Integer(), Type.Null()]),
  method: NullableText,
  route: NullableText,
  attributes: Json,
  resource: Json,
  events: Json,
  links: Json,
});
export type WaterfallSpan = Static<typeof WaterfallSpanSchema>;

const TraceLogSchema = Type.Object({
  time: Time,
  record_id: Type.String(),
  level: Type.String(),
  service: Type.String(),
  message: Type.String(),
  span_id: NullableText,
  attributes: Json,
});
const TraceErrorSchema = Type.Object({
  event_id: Type.String(),
  group_id: Type.String(),
  occurred_at: Time,
  severity: Type.String(),
  error_type: NullableText,
  message: Type.String(),
  service: NullableText,
  span_id: NullableText,
});
export type TraceLog = Static<typeof TraceLogSchema>;
export type TraceError = Static<typeof TraceErrorSchema>;

export const TraceDetailSchema = Type.Object({
  trace_id: Type.String(),
  start_time: Time,
  end_time: Time,
  duration_ms: Type.Number(),
  span_count: Type.Integer(),
  services: Type.Array(Type.String()),
  has_error: Type.Boolean(),
  /** Depth-first, children by start time: the rows of a waterfall. */
  spans: Type.Array(WaterfallSpanSchema),
  logs: Type.Array(TraceLogSchema),
  errors: Type.Array(TraceErrorSchema),
});
export type TraceDetail = Static<typeof TraceDetailSchema>;

export const ListTracesQuerySchema = Type.Object({
  service: Type.Optional(Type.String({ minLength: 1, maxLength: 255 })),
  from: Type.Optional(Time),
  to: Type.Optional(Time),
  min_duration_ms: Type.Optional(Type.Number({ minimum: 0 })),
  errors_only: Type.Optional(
    Type.Boolean({ description: 'Only traces with at least one span in error status.' }),
  ),
  limit: Type.Integer({ minimum: 1, maximum: 500, default: 50 }),
});
export type ListTracesQuery = Static<typeof ListTracesQuerySchema>;

export const TraceSummarySchema = Type.Object({
  trace_id: Type.String(),
  root_name: Type.String(),
  root_service: Type.String(),
  start_time: Time,
  duration_ms: Type.Number(),
  span_count: Type.Integer(),
  has_error: Type.Boolean(),
});
export type TraceSummary = Static<typeof TraceSummarySchema>;
export const TraceListSchema = Type.Object({ items: Type.Array(TraceSummarySchema) });
