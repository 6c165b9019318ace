import { Type, type Static, type TSchema } from '@sinclair/typebox';

const Uuid = Type.String({ format: 'uuid' });
const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
// Rows carry Date objects; the serializer writes them as ISO strings.
const Time = Type.Unsafe<Date | string>({ type: 'string', format: 'date-time' });
export const INTEGRATION_TYPES = [
  'payment-gateway',
  'email-service',
  'cloud-storage',
  'auth-provider',
  'analytics',
  'erp-system',
  'sms-service',
  'webhook',
] as const;

export const IdParamsSchema = Type.Object({ id: Uuid }, { additionalProperties: false });
export const PageQuerySchema = Type.Object(
  {
    limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }),
    offset: Type.Integer({ minimum: 0, maximum: 100_000, default: 0 }),
  },
  { additionalProperties: false },
);

const Url = Type.String({ minLength: 1, maxLength: 500, pattern: '^https?://' });
export const CreateIntegrationSchema = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100 }),
    integration_type: Type.Union(INTEGRATION_TYPES.map((t) => Type.Literal(t))),
    service_id: Type.Optional(Type.Union([Uuid, Type.Null()])),
    endpoint_url: Type.Optional(Type.Union([Url, Type.Null()])),
    api_version: Type.Optional(Type.Union([Type.String({ maxLength: 20 }), Type.Null()])),
    webhook_url: Type.Optional(Type.Union([Url, Type.Null()])),
    webhook_secret: Type.Optional(Type.String({ minLength: 1, maxLength: 255 })),
    settings: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
    is_active: Type.Optional(Type.Boolean()),
    rate_limit_quota: Type.Optional(Type.Union([Type.Integer({ minimum: 0 }), Type.Null()])),
  },
  { additionalProperties: false },
);
export type CreateIntegrationInput = Static<typeof CreateIntegrationSchema>;
export const UpdateIntegrationSchema = Type.Partial(CreateIntegrationSchema, {
  additionalProperties: false,
});
export type UpdateIntegrationInput = Static<typeof UpdateIntegrationSchema>;

export const IntegrationSchema = Type.Object({
  id: Uuid,
  name: Type.String(),
  integration_type: Type.String(),
  service_id: Nullable(Uuid),
  status: Type.String(),
  endpoint_url: Nullable(Type.String()),
  api_version: Nullable(Type.String()),
  last_check: Nullable(Time),
  last_success: Nullable(Time),
  configured_at: Time,
  success_rate_24h: Type.Union([Type.Number(), Type.Null()]),
  avg_response_time: Type.Union([Type.Integer(), Type.Null()]),
  rate_limit_quota: Type.Union([Type.Integer(), Type.Null()]),
  rate_limit_remaining: Type.Union([Type.Integer(), Type.Null()]),
  rate_limit_reset: Nullable(Time),
  error_count_24h: Type.Integer(),
  webhook_url: Nullable(Type.String()),
  settings: Type.Record(Type.String(), Type.Unknown()),
  is_active: Type.Boolean(),
  created_at: Time,
  updated_at: Time,
});
export const IntegrationListSchema = Type.Object({ items: Type.Array(IntegrationSchema) });

export const IntegrationEventInputSchema = Type.Object(
  {
    occurred_at: Type.Optional(Time),
    event_type: Type.Union([
      Type.Literal('api-call'),
      Type.Literal('webhook-delivery'),
      Type.Literal('error'),
    ]),
    direction: Type.Union([Type.Literal('outbound'), Type.Literal('inbound')]),
    endpoint: Type.Optional(Type.String({ maxLength: 500 })),
    method: Type.Optional(Type.String({ maxLength: 10 })),
    status_code: Type.Optional(Type.Integer({ minimum: 0, maximum: 999 })),
    success: Type.Boolean(),
    response_time: Type.Optional(Type.Integer({ minimum: 0, maximum: 86_400_000 })),
    retry_count: Type.Optional(Type.Integer({ minimum: 0, maximum: 1000 })),
    error_message: Type.Optional(Type.String({ maxLength: 4000 })),
    request_payload: Type.Optional(Type.Unknown()),
    response_payload: Type.Optional(Type.Unknown()),
  },
  { additionalProperties: false },
);
export const RecordEventsSchema = Type.Object(
  {
    events: Type.Array(IntegrationEventInputSchema, { minItems: 1, maxItems: 1000 }),
    rate_limit: Type.Optional(
      Type.Object(
        {
          quota: Type.Optional(Type.Integer({ minimum: 0 })),
          remaining: Type.Optional(Type.Integer({ minimum: 0 })),
          reset_at: Type.Optional(Time),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);
export type RecordEventsInput = Static<typeof RecordEventsSchema>;

export const HealthSummarySchema = Type.Object({
  items: Type.Array(
    Type.Object({
      id: Uuid,
      name: Type.String(),
      integration_type: Type.String(),
      status: Type.String(),
      success_rate_24h: Type.Union([Type.Number(), Type.Null()]),
      avg_response_time: Type.Union([Type.Integer(), Type.Null()]),
      error_count_24h: Type.Integer(),
      errors_last_hour: Type.Integer(),
      rate_limit_quota: Type.Union([Type.Integer(), Type.Null()]),
      rate_limit_remaining: Type.Union([Type.Integer(), Type.Null()]),
    }),
  ),
});
export const EventMetricsSchema = Type.Object({
  items: Type.Array(
    Type.Object({
      integration_id: Uuid,
      name: Type.String(),
      event_type: Type.String(),
      total_events: Type.Integer(),
      successful_events: Type.Integer(),
      success_rate: Type.Number(),
      avg_response_time_ms: Type.Union([Type.Number(), Type.Null()]),
    }),
  ),
});
export const EventListSchema = Type.Object({
  items: Type.Array(
    Type.Object({
      id: Uuid,
      occurred_at: Time,
      event_type: Type.String(),
      direction: Type.String(),
      endpoint: Nullable(Type.String()),
      method: Nullable(Type.String()),
      status_code: Type.Union([Type.Integer(), Type.Null()]),
      success: Type.Boolean(),
      response_time: Type.Union([Type.Integer(), Type.Null()]),
      retry_count: Type.Integer(),
      error_message: Nullable(Type.String()),
    }),
  ),
});
