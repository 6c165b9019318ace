import { Type, type Static } from '@sinclair/typebox';

const NullableText = Type.Union([Type.String(), Type.Null()]);
const AnyObject = Type.Object({}, { additionalProperties: true });

export const AttackTypeSchema = Type.Union(
  [
    'sql_injection',
    'xss',
    'command_injection',
    'rate_limit_exceeded',
    'invalid_input',
    'csp_violation',
    'auth_failure',
  ].map((t) => Type.Literal(t)),
);
export const SeveritySchema = Type.Union(
  ['low', 'medium', 'high', 'critical'].map((s) => Type.Literal(s)),
);

/** One security event: the columns of security_events, snake_case as stored. */
export const SecurityEventSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  occurred_at: Type.String({ format: 'date-time', description: 'UTC, microsecond precision' }),
  project_id: Type.Integer(),
  ip_address: NullableText,
  response_status: Type.Union([Type.Integer(), Type.Null()]),
  blocked: Type.Boolean(),
  attack_type: Type.String({ examples: ['csp_violation'] }),
  severity: Type.String({ examples: ['medium'] }),
  action_taken: NullableText,
  blocked_payload: Type.Union([Type.String({ maxLength: 1000 }), Type.Null()]),
  service: NullableText,
  environment: NullableText,
  endpoint_targeted: NullableText,
  url: NullableText,
  method: NullableText,
  user_agent: NullableText,
  user_id: NullableText,
  session_id: NullableText,
  request_id: NullableText,
  error_message: NullableText,
  csp_violation: Type.Union([AnyObject, Type.Null()], {
    description:
      'CSP reports: document_uri, blocked_uri, violated_directive, effective_directive, ' +
      'original_policy, disposition, referrer, source_file, line_number, column_number, ' +
      'status_code, sample.',
  }),
  metadata: AnyObject,
});
export type SecurityEvent = Static<typeof SecurityEventSchema>;

export const ListSecurityEventsQuerySchema = Type.Object(
  {
    from: Type.Optional(
      Type.String({
        format: 'date-time',
        description: 'Inclusive. Default: 24 hours before `to`.',
      }),
    ),
    to: Type.Optional(
      Type.String({ format: 'date-time', description: 'Exclusive. Default: now.' }),
    ),
    project_id: Type.Optional(Type.Integer({ minimum: 1 })),
    attack_type: Type.Optional(AttackTypeSchema),
    severity: Type.Optional(SeveritySchema),
    blocked: Type.Optional(Type.Boolean()),
    ip: Type.Optional(
      Type.String({
        maxLength: 64,
        pattern: '^[0-9a-fA-F:.]+(/\\d{1,3})?$',
        description: 'An address, or a CIDR range (`10.0.0.0/8`).',
      }),
    ),
    directive: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 100,
        description: 'CSP effective directive, e.g. `script-src-elem`.',
      }),
    ),
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
export type ListSecurityEventsQuery = Static<typeof ListSecurityEventsQuerySchema>;

export const SecurityEventListSchema = Type.Object({
  items: Type.Array(SecurityEventSchema),
  next_cursor: Type.Union([Type.String(), Type.Null()], {
    description: 'Pass as `cursor` for the next (older) page; null on the last page.',
  }),
});

export const CspReportParamsSchema = Type.Object({
  projectId: Type.Integer({ minimum: 1, maximum: 2 ** 53 - 1 }),
});

export const CspReportQuerySchema = Type.Object(
  {
    sentry_key: Type.Optional(Type.String({ maxLength: 200 })),
    sentry_version: Type.Optional(Type.String({ maxLength: 20 })),
    sentry_environment: Type.Optional(Type.String({ maxLength: 100 })),
    sentry_release: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: true },
);
export type CspReportQuery = Static<typeof CspReportQuerySchema>;
