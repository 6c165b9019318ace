import { Type, type Static } from '@sinclair/typebox';

const Uuid = Type.String({ format: 'uuid' });
const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);
const NullableText = Nullable(Type.String());
const NullableUuid = Type.Union([Uuid, Type.Null()]);
const AnyJson = Type.Unknown({ description: 'JSON value or null' });

/** One audit event: every column of audit_events, snake_case as stored. */
export const AuditEventSchema = Type.Object({
  id: Uuid,
  occurred_at: Type.String({ format: 'date-time', description: 'UTC, microsecond precision' }),
  org_id: Uuid,
  user_id: NullableUuid,
  user_email: NullableText,
  user_role: NullableText,
  api_key_id: NullableUuid,
  actor_type: Type.String({ examples: ['user', 'api_key', 'system', 'anonymous'] }),
  action: Type.String({ examples: ['api_key.create'] }),
  action_type: Type.String({ examples: ['create', 'export', 'access-denied'] }),
  resource_type: Type.String(),
  resource_id: NullableText,
  resource_name: NullableText,
  description: Type.String(),
  before_data: AnyJson,
  after_data: AnyJson,
  changes: AnyJson,
  outcome: Type.Union([Type.Literal('success'), Type.Literal('failure')]),
  failure_reason: NullableText,
  ip_address: NullableText,
  user_agent: NullableText,
  session_id: NullableUuid,
  request_id: NullableText,
  module: NullableText,
  severity: Type.String(),
  metadata: Type.Object({}, { additionalProperties: true }),
});
export type AuditEvent = Static<typeof AuditEventSchema>;

/** Filters shared by the list and the export. */
const filterProperties = {
  user: Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 254,
      description: 'A user id (uuid) or an email address (case-insensitive).',
    }),
  ),
  action: Type.Optional(
    Type.String({
      pattern: '^[a-z0-9_]+(\\.[a-z0-9_]+)*(\\.\\*)?$',
      maxLength: 200,
      description: 'Exact action (`api_key.create`) or a prefix ending in `.*` (`api_key.*`).',
    }),
  ),
  resource_type: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  resource_id: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })),
  outcome: Type.Optional(Type.Union([Type.Literal('success'), Type.Literal('failure')])),
  from: Type.Optional(
    Type.String({ format: 'date-time', description: 'Inclusive. Default: 24 hours before `to`.' }),
  ),
  to: Type.Optional(Type.String({ format: 'date-time', description: 'Exclusive. Default: now.' })),
};

export const ListAuditEventsQuerySchema = Type.Object(
  {
    ...filterProperties,
    limit: Type.Integer({ minimum: 1, maximum: 1000, default: 100 }),
    cursor: Type.Optional(
      Type.String({
        maxLength: 200,
        description: 'next_cursor of the previous page; the other filters must be the same.',
      }),
    ),
  },
  { additionalProperties: false },
);
export type ListAuditEventsQuery = Static<typeof ListAuditEventsQuerySchema>;

export const AuditEventListSchema = Type.Object({
  items: Type.Array(AuditEventSchema),
  next_cursor: Type.Union([Type.String(), Type.Null()], {
    description: 'Pass as `cursor` for the next (older) page; null on the last page.',
  }),
});

export const ExportFormatSchema = Type.Union(
  [Type.Literal('csv'), Type.Literal('json'), Type.Literal('ndjson')],
  {
    default: 'csv',
    description:
      '`csv`: RFC 4180 with a header row, CRLF line ends, JSON columns as JSON text, and cells ' +
      'starting with = + - @ (or tab, CR) prefixed with a single quote so spreadsheets do not ' +
      'run them as formulas. `json`: one JSON array of events. `ndjson`: one event per line.',
  },
);
export type ExportFormat = Static<typeof ExportFormatSchema>;

export const ExportAuditEventsQuerySchema = Type.Object(
  { ...filterProperties, format: ExportFormatSchema },
  { additionalProperties: false },
);
export type ExportAuditEventsQuery = Static<typeof ExportAuditEventsQuerySchema>;

export const AuditEventIdParamsSchema = Type.Object({ id: Uuid });

export type AuditEventFilters = Omit<ListAuditEventsQuery, 'limit' | 'cursor'>;
