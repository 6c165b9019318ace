import { Type, type Static } from '@sinclair/typebox';

const Uuid = Type.String({ format: 'uuid' });
// Rows carry Date objects; the serializer writes them as ISO strings.
const Time = Type.Unsafe<Date | string>({ type: 'string', format: 'date-time' });
const NullableTime = Type.Union([Time, Type.Null()]);
const NullableNumber = Type.Union([Type.Number(), Type.Null()]);
export const KINDS = [
  'http',
  'keyword',
  'json-query',
  'tcp',
  'dns',
  'tls',
  'heartbeat',
  'postgres',
] as const;

export const WindowSchema = Type.Union(
  [Type.Literal('24h'), Type.Literal('7d'), Type.Literal('30d')],
  {
    default: '24h',
  },
);
export const IdParamsSchema = Type.Object({ id: Uuid }, { additionalProperties: false });

const StringMap = Type.Record(Type.String({ maxLength: 200 }), Type.String({ maxLength: 4000 }));
export const MonitorConfigSchema = Type.Object(
  {
    method: Type.Optional(
      Type.Union(
        ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'].map((m) => Type.Literal(m)),
      ),
    ),
    headers: Type.Optional(StringMap),
    body: Type.Optional(Type.String({ maxLength: 65_536 })),
    expectedStatus: Type.Optional(
      Type.Array(Type.String({ pattern: '^\\d{3}(-\\d{3})?$' }), { maxItems: 20 }),
    ),
    keyword: Type.Optional(Type.String({ minLength: 1, maxLength: 1000 })),
    invertKeyword: Type.Optional(Type.Boolean()),
    jsonPath: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })),
    expectedValue: Type.Optional(Type.String({ maxLength: 1000 })),
    degradedAboveMs: Type.Optional(Type.Integer({ minimum: 1, maximum: 600_000 })),
    followRedirects: Type.Optional(Type.Boolean()),
    maxRedirects: Type.Optional(Type.Integer({ minimum: 0, maximum: 20 })),
    ignoreTls: Type.Optional(Type.Boolean()),
    tlsWarnDays: Type.Optional(
      Type.Array(Type.Integer({ minimum: 1, maximum: 365 }), { minItems: 1, maxItems: 5 }),
    ),
    recordType: Type.Optional(
      Type.Union(['A', 'AAAA', 'CNAME', 'MX', 'TXT', 'NS'].map((m) => Type.Literal(m))),
    ),
    resolver: Type.Optional(Type.String({ minLength: 1, maxLength: 300 })),
    expectedAnswer: Type.Optional(Type.String({ maxLength: 500 })),
    query: Type.Optional(Type.String({ minLength: 1, maxLength: 4000 })),
    integrationId: Type.Optional(Uuid),
  },
  { additionalProperties: false },
);

export const MonitorSecretsSchema = Type.Object(
  {
    headers: Type.Optional(StringMap),
    password: Type.Optional(Type.String({ maxLength: 1000 })),
  },
  { additionalProperties: false },
);

export const CreateMonitorSchema = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    description: Type.Optional(Type.Union([Type.String({ maxLength: 4000 }), Type.Null()])),
    kind: Type.Union(KINDS.map((k) => Type.Literal(k))),
    url: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 2000 }), Type.Null()])),
    service_id: Type.Optional(Type.Union([Uuid, Type.Null()])),
    check_interval: Type.Optional(Type.Integer({ minimum: 10, maximum: 86_400, default: 300 })),
    timeout: Type.Optional(Type.Integer({ minimum: 1, maximum: 3600 })),
    retry_count: Type.Optional(Type.Integer({ minimum: 0, maximum: 10 })),
    retry_interval: Type.Optional(Type.Integer({ minimum: 1, maximum: 86_400 })),
    config: Type.Optional(MonitorConfigSchema),
    secrets: Type.Optional(Type.Union([MonitorSecretsSchema, Type.Null()])),
    is_active: Type.Optional(Type.Boolean()),
    tags: Type.Optional(
      Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { maxItems: 50 }),
    ),
  },
  { additionalProperties: false },
);
export type CreateMonitorInput = Static<typeof CreateMonitorSchema>;
export const UpdateMonitorSchema = Type.Partial(Type.Omit(CreateMonitorSchema, ['kind']), {
  additionalProperties: false,
});
export type UpdateMonitorInput = Static<typeof UpdateMonitorSchema>;

export const MonitorSchema = Type.Object({
  id: Uuid,
  service_id: Type.Union([Uuid, Type.Null()]),
  name: Type.String(),
  description: Type.Union([Type.String(), Type.Null()]),
  kind: Type.String(),
  url: Type.Union([Type.String(), Type.Null()]),
  check_interval: Type.Integer(),
  timeout: Type.Integer(),
  retry_count: Type.Integer(),
  retry_interval: Type.Integer(),
  config: Type.Record(Type.String(), Type.Unknown()),
  has_secrets: Type.Boolean(),
  status: Type.String(),
  is_active: Type.Boolean(),
  last_check: NullableTime,
  next_check_at: NullableTime,
  last_status_change: NullableTime,
  last_response_time: Type.Union([Type.Integer(), Type.Null()]),
  last_error: Type.Union([Type.String(), Type.Null()]),
  consecutive_failures: Type.Integer(),
  uptime_24h: NullableNumber,
  uptime_7d: NullableNumber,
  uptime_30d: NullableNumber,
  uptime_1y: NullableNumber,
  tags: Type.Array(Type.String()),
  created_at: Time,
  updated_at: Time,
  /** Heartbeat monitors, on create only: the push URL with its token (shown once). */
  push_url: Type.Optional(Type.String()),
});
export const MonitorListQuerySchema = Type.Object(
  {
    status: Type.Optional(
      Type.Union(['healthy', 'degraded', 'down', 'unknown'].map((s) => Type.Literal(s))),
    ),
    kind: Type.Optional(Type.Union(KINDS.map((k) => Type.Literal(k)))),
    service_id: Type.Optional(Uuid),
    limit: Type.Integer({ minimum: 1, maximum: 1000, default: 100 }),
    offset: Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 }),
  },
  { additionalProperties: false },
);
export const MonitorListSchema = Type.Object({ items: Type.Array(MonitorSchema) });

export const ResultSchema = Type.Object({
  checked_at: Time,
  scheduled_at: NullableTime,
  status: Type.String(),
  response_time: Type.Union([Type.Integer(), Type.Null()]),
  status_code: Type.Union([Type.Integer(), Type.Null()]),
  attempt: Type.Integer(),
  error_message: Type.Union([Type.String(), Type.Null()]),
  in_maintenance: Type.Boolean(),
  details: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()]),
});
export const WindowQuerySchema = Type.Object(
  {
    window: WindowSchema,
    limit: Type.Integer({ minimum: 1, maximum: 5000, default: 100 }),
  },
  { additionalProperties: false },
);
export const ResultListSchema = Type.Object({ items: Type.Array(ResultSchema) });
export const TestResultSchema = Type.Object({
  status: Type.String(),
  monitor_status: Type.String(),
  response_time: Type.Union([Type.Integer(), Type.Null()]),
  status_code: Type.Union([Type.Integer(), Type.Null()]),
  error: Type.Union([Type.String(), Type.Null()]),
  details: Type.Record(Type.String(), Type.Unknown()),
});
export const StatsSchema = Type.Object({
  uptime: Type.Object({
    '24h': NullableNumber,
    '7d': NullableNumber,
    '30d': NullableNumber,
    '1y': NullableNumber,
  }),
  response_time: Type.Object({
    window: Type.String(),
    count: Type.Integer(),
    avg: NullableNumber,
    p50: NullableNumber,
    p95: NullableNumber,
    p99: NullableNumber,
  }),
});
export const DailyQuerySchema = Type.Object(
  { days: Type.Integer({ minimum: 1, maximum: 366, default: 90 }) },
  { additionalProperties: false },
);
export const DailySchema = Type.Object({
  days: Type.Integer(),
  uptime: NullableNumber,
  items: Type.Array(
    Type.Object({
      day: Type.String({ format: 'date' }),
      uptime: NullableNumber,
      checks: Type.Integer(),
      healthy: Type.Integer(),
      degraded: Type.Integer(),
      down: Type.Integer(),
      downtime_seconds: Type.Integer(),
      avg_response_time: NullableNumber,
    }),
  ),
});
export const OverviewSchema = Type.Object({
  total: Type.Integer(),
  healthy: Type.Integer(),
  degraded: Type.Integer(),
  down: Type.Integer(),
  unknown: Type.Integer(),
  avg_uptime_24h: NullableNumber,
});
export const RecentChecksSchema = Type.Object({
  items: Type.Array(
    Type.Object({
      id: Uuid,
      name: Type.String(),
      kind: Type.String(),
      service_id: Type.Union([Uuid, Type.Null()]),
      service_name: Type.Union([Type.String(), Type.Null()]),
      status: Type.String(),
      uptime_24h: NullableNumber,
      last_check: NullableTime,
      recent_checks: Type.Array(
        Type.Object({
          status: Type.String(),
          response_time: Type.Union([Type.Integer(), Type.Null()]),
          checked_at: Type.String(),
        }),
      ),
    }),
  ),
});
export const EventsQuerySchema = Type.Object(
  {
    after_id: Type.Integer({ minimum: 0, default: 0 }),
    monitor_id: Type.Optional(Uuid),
    limit: Type.Integer({ minimum: 1, maximum: 1000, default: 100 }),
  },
  { additionalProperties: false },
);
export const EventListSchema = Type.Object({
  items: Type.Array(
    Type.Object({
      id: Type.Integer(),
      monitor_id: Uuid,
      monitor_name: Type.String(),
      kind: Type.String(),
      from_status: Type.Union([Type.String(), Type.Null()]),
      to_status: Type.Union([Type.String(), Type.Null()]),
      message: Type.String(),
      details: Type.Record(Type.String(), Type.Unknown()),
      occurred_at: Time,
    }),
  ),
});
export const PushParamsSchema = Type.Object(
  { token: Type.String({ minLength: 16, maxLength: 128, pattern: '^[A-Za-z0-9_-]+$' }) },
  { additionalProperties: false },
);
export const PushQuerySchema = Type.Object(
  {
    status: Type.Optional(Type.Union([Type.Literal('up'), Type.Literal('down')])),
    msg: Type.Optional(Type.String({ maxLength: 1000 })),
    ping: Type.Optional(Type.Integer({ minimum: 0, maximum: 86_400_000 })),
  },
  { additionalProperties: false },
);
