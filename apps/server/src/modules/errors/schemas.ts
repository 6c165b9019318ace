import { Type, type Static } from '@sinclair/typebox';

const Uuid = Type.String({ format: 'uuid' });
const Time = Type.String({ format: 'date-time' });
const NullableText = Type.Union([Type.String(), Type.Null()]);
const NullableTime = Type.Union([Time, Type.Null()]);
const Json = Type.Unknown({ description: 'JSON value or null' });

export const ISSUE_STATUSES = [
  'new',
  'acknowledged',
  'in-progress',
  'resolved',
  'ignored',
] as const;
export type IssueStatus = (typeof ISSUE_STATUSES)[number];
const StatusSchema = Type.Union(ISSUE_STATUSES.map((s) => Type.Literal(s)));
const SeveritySchema = Type.Union(
  ['debug', 'info', 'warning', 'error', 'fatal', 'critical'].map((s) => Type.Literal(s)),
);

/** One issue (error group). */
export const IssueSchema = Type.Object({
  id: Uuid,
  project_id: Type.Integer(),
  error_hash: Type.String({ description: 'The grouping fingerprint.' }),
  grouping_kind: NullableText,
  error_type: Type.String(),
  message: Type.String(),
  severity: Type.String(),
  status: Type.String(),
  regressed: Type.Boolean({ description: 'Reopened by a new event after being resolved.' }),
  regressed_at: NullableTime,
  times_regressed: Type.Integer(),
  service: NullableText,
  environment: NullableText,
  environments: Type.Array(Type.String()),
  releases: Type.Array(Type.String()),
  platform: NullableText,
  file_path: NullableText,
  line_number: Type.Union([Type.Integer(), Type.Null()]),
  function_name: NullableText,
  endpoint: NullableText,
  assigned_to: Type.Union([Uuid, Type.Null()]),
  resolution_note: NullableText,
  resolved_at: NullableTime,
  resolved_by: Type.Union([Uuid, Type.Null()]),
  first_release: NullableText,
  last_release: NullableText,
  first_seen: Time,
  last_seen: Time,
  occurrence_count: Type.Integer(),
  affected_users: Type.Integer(),
  updated_at: Time,
});
export type Issue = Static<typeof IssueSchema>;

/** One occurrence, with everything the SDK sent (scrubbed). */
export const ErrorEventSchema = Type.Object({
  event_id: Uuid,
  group_id: Uuid,
  project_id: Type.Integer(),
  occurred_at: Time,
  received_at: Time,
  severity: Type.String(),
  error_type: NullableText,
  message: Type.String(),
  error_code: NullableText,
  service: NullableText,
  environment: NullableText,
  release: NullableText,
  platform: NullableText,
  file_path: NullableText,
  line_number: Type.Union([Type.Integer(), Type.Null()]),
  function_name: NullableText,
  stack_trace: NullableText,
  exception: Json,
  breadcrumbs: Json,
  context: Json,
  tags: Json,
  request: Json,
  user_id: NullableText,
  user_data: Json,
  session_id: NullableText,
  request_id: NullableText,
  trace_id: NullableText,
  span_id: NullableText,
  url: NullableText,
  endpoint: NullableText,
  method: NullableText,
  user_agent: NullableText,
  ip_address: NullableText,
  status_code: Type.Union([Type.Integer(), Type.Null()]),
  sdk: Json,
});
export type ErrorEvent = Static<typeof ErrorEventSchema>;

export const ListIssuesQuerySchema = Type.Object(
  {
    status: Type.Optional(
      Type.Array(StatusSchema, {
        description: 'One or more statuses (repeat or comma-free list).',
      }),
    ),
    unresolved: Type.Optional(
      Type.Boolean({ description: 'Only new, acknowledged and in-progress issues.' }),
    ),
    severity: Type.Optional(SeveritySchema),
    environment: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    release: Type.Optional(Type.String({ minLength: 1, maxLength: 250 })),
    project_id: Type.Optional(Type.Integer({ minimum: 1 })),
    service: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    assigned_to: Type.Optional(Uuid),
    query: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 500,
        description: 'Text matched (case-insensitive) in the type, message, file and function.',
      }),
    ),
    sort: Type.Union(
      [
        Type.Literal('last_seen'),
        Type.Literal('first_seen'),
        Type.Literal('events'),
        Type.Literal('users'),
      ],
      { default: 'last_seen' },
    ),
    limit: Type.Integer({ minimum: 1, maximum: 500, default: 50 }),
    offset: Type.Integer({ minimum: 0, maximum: 100_000, default: 0 }),
  },
  { additionalProperties: false },
);
export type ListIssuesQuery = Static<typeof ListIssuesQuerySchema>;

export const IssueListSchema = Type.Object({
  items: Type.Array(IssueSchema),
  total: Type.Integer({ description: 'Issues matching the filters.' }),
});

export const IssueIdParamsSchema = Type.Object({ id: Uuid });
export const EventIdParamsSchema = Type.Object({
  eventId: Type.String({
    pattern: '^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$',
    description: 'The Sentry event id, 32 hex digits with or without dashes.',
  }),
});

export const IssueDetailSchema = Type.Object({
  issue: IssueSchema,
  latest_event: Type.Union([ErrorEventSchema, Type.Null()]),
});

export const ListIssueEventsQuerySchema = Type.Object(
  {
    limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
    cursor: Type.Optional(
      Type.String({ maxLength: 200, description: 'next_cursor of the previous page.' }),
    ),
  },
  { additionalProperties: false },
);
export type ListIssueEventsQuery = Static<typeof ListIssueEventsQuerySchema>;

export const EventListSchema = Type.Object({
  items: Type.Array(ErrorEventSchema),
  next_cursor: Type.Union([Type.String(), Type.Null()]),
});

export const UpdateIssueBodySchema = Type.Object(
  {
    status: Type.Optional(StatusSchema),
    assigned_to: Type.Optional(
      Type.Union([Uuid, Type.Null()], { description: 'A user of the organization, or null.' }),
    ),
    resolution_note: Type.Optional(Type.Union([Type.String({ maxLength: 10_000 }), Type.Null()])),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateIssueBody = Static<typeof UpdateIssueBodySchema>;

export const TopErrorsQuerySchema = Type.Object(
  {
    days: Type.Integer({ minimum: 1, maximum: 90, default: 7 }),
    limit: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
    project_id: Type.Optional(Type.Integer({ minimum: 1 })),
  },
  { additionalProperties: false },
);
export const TopErrorsSchema = Type.Object({
  items: Type.Array(
    Type.Object({
      id: Uuid,
      message: Type.String(),
      error_type: Type.String(),
      severity: Type.String(),
      occurrence_count: Type.Integer(),
      affected_users: Type.Integer(),
      status: Type.String(),
      first_seen: Time,
      last_seen: Time,
      duration_hours: Type.Number(),
    }),
  ),
});

export const TrendQuerySchema = Type.Object(
  {
    days: Type.Integer({ minimum: 1, maximum: 90, default: 30 }),
    interval: Type.Union([Type.Literal('hour'), Type.Literal('day')], { default: 'day' }),
    project_id: Type.Optional(Type.Integer({ minimum: 1 })),
  },
  { additionalProperties: false },
);
export const TrendSchema = Type.Object({
  items: Type.Array(
    Type.Object({
      error_type: Type.String(),
      bucket: Time,
      error_count: Type.Integer(),
      affected_users: Type.Integer(),
    }),
  ),
});

export const IssueTrendQuerySchema = Type.Object(
  {
    ids: Type.Array(Uuid, {
      minItems: 1,
      maxItems: 200,
      description: 'Issue ids (repeat the parameter), at most 200: one page of the issue list.',
    }),
    days: Type.Integer({ minimum: 1, maximum: 90, default: 14 }),
  },
  { additionalProperties: false },
);
export type IssueTrendQuery = Static<typeof IssueTrendQuerySchema>;
export const IssueTrendSchema = Type.Object({
  days: Type.Integer(),
  items: Type.Array(
    Type.Object({
      id: Type.String(),
      counts: Type.Array(Type.Integer(), { description: 'Events per UTC day, oldest first.' }),
    }),
  ),
});

export const UnresolvedQuerySchema = Type.Object(
  {
    days: Type.Integer({ minimum: 1, maximum: 90, default: 30 }),
    project_id: Type.Optional(Type.Integer({ minimum: 1 })),
  },
  { additionalProperties: false },
);
export const UnresolvedSchema = Type.Object({
  items: Type.Array(
    Type.Object({
      severity: Type.String(),
      unresolved_count: Type.Integer(),
      total_occurrences: Type.Integer(),
      total_users_affected: Type.Integer(),
    }),
  ),
});

export type TopErrorsQuery = Static<typeof TopErrorsQuerySchema>;
export type TrendQuery = Static<typeof TrendQuerySchema>;
export type UnresolvedQuery = Static<typeof UnresolvedQuerySchema>;
export type TopErrorRow = Static<typeof TopErrorsSchema>['items'][number];
export type TrendRow = Static<typeof TrendSchema>['items'][number];
export type UnresolvedRow = Static<typeof UnresolvedSchema>['items'][number];
