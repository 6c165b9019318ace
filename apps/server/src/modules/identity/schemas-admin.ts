import { Type } from '@sinclair/typebox';
import { EmailSchema, NewPasswordSchema, RoleSchema, ScopeSchema, Uuid } from './schemas.ts';

const DateTime = Type.String({ format: 'date-time' });
const NullableDateTime = Type.Union([DateTime, Type.Null()]);

// API keys ---------------------------------------------------------------------------------------

export const CreateApiKeyBodySchema = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 255 }),
    scopes: Type.Array(ScopeSchema, { minItems: 1, maxItems: 4, uniqueItems: true }),
    expires_at: Type.Optional(DateTime),
    allowed_ips: Type.Optional(
      Type.Array(Type.String({ minLength: 2, maxLength: 64 }), { maxItems: 50 }),
    ),
    rate_limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000 })),
    project_ids: Type.Optional(
      Type.Array(Type.Integer({ minimum: 1 }), { minItems: 1, maxItems: 100, uniqueItems: true }),
    ),
  },
  { additionalProperties: false },
);

export const ApiKeySchema = Type.Object({
  id: Uuid,
  name: Type.String(),
  key_prefix: Type.String(),
  user_id: Type.Union([Uuid, Type.Null()]),
  team_id: Type.Union([Uuid, Type.Null()]),
  scopes: Type.Array(ScopeSchema),
  project_ids: Type.Union([Type.Array(Type.Integer()), Type.Null()]),
  rate_limit: Type.Union([Type.Integer(), Type.Null()]),
  allowed_ips: Type.Union([Type.Array(Type.String()), Type.Null()]),
  last_used_at: NullableDateTime,
  usage_count: Type.Integer(),
  expires_at: NullableDateTime,
  revoked: Type.Boolean(),
  revoked_at: NullableDateTime,
  revoked_reason: Type.Union([Type.String(), Type.Null()]),
  created_at: DateTime,
});
export const CreatedApiKeySchema = Type.Intersect([
  ApiKeySchema,
  Type.Object({
    key: Type.String({ description: 'The key itself; shown only in this response.' }),
    dsn: Type.Optional(
      Type.String({
        description:
          'Sentry DSN for this key and its first project (ingest keys); shown only in this response.',
      }),
    ),
  }),
]);
export const ApiKeyListSchema = Type.Object({ items: Type.Array(ApiKeySchema) });
export const RevokeQuerySchema = Type.Object(
  { reason: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })) },
  { additionalProperties: false },
);

// Users ------------------------------------------------------------------------------------------

export const UserSchema = Type.Object({
  id: Uuid,
  email: Type.String(),
  name: Type.String(),
  role: RoleSchema,
  is_active: Type.Boolean(),
  mfa_enabled: Type.Boolean(),
  must_change_password: Type.Boolean(),
  last_login: NullableDateTime,
  created_at: DateTime,
});
export const UserListSchema = Type.Object({ items: Type.Array(UserSchema) });
export const ListUsersQuerySchema = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: 254 })),
    limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }),
    offset: Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 }),
  },
  { additionalProperties: false },
);
export const CreateUserBodySchema = Type.Object(
  {
    email: EmailSchema,
    name: Type.Optional(Type.String({ maxLength: 255 })),
    role: RoleSchema,
    password: Type.Optional(NewPasswordSchema),
  },
  { additionalProperties: false },
);
export const CreatedUserSchema = Type.Object({
  user: UserSchema,
  one_time_password: Type.Optional(
    Type.String({ description: 'Generated password, shown only in this response.' }),
  ),
});
export const UpdateUserBodySchema = Type.Object(
  {
    name: Type.Optional(Type.String({ maxLength: 255 })),
    role: Type.Optional(RoleSchema),
    is_active: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, minProperties: 1 },
);

// Teams ------------------------------------------------------------------------------------------

const TeamRole = Type.Union([
  Type.Literal('owner'),
  Type.Literal('maintainer'),
  Type.Literal('member'),
]);
export const TeamSchema = Type.Object({
  id: Uuid,
  name: Type.String(),
  display_name: Type.String(),
  description: Type.Union([Type.String(), Type.Null()]),
  parent_team_id: Type.Union([Uuid, Type.Null()]),
  created_at: DateTime,
});
export const TeamMemberSchema = Type.Object({
  user_id: Uuid,
  email: Type.String(),
  name: Type.String(),
  role: TeamRole,
  joined_at: DateTime,
});
export const TeamDetailSchema = Type.Intersect([
  TeamSchema,
  Type.Object({ members: Type.Array(TeamMemberSchema) }),
]);
export const TeamListSchema = Type.Object({ items: Type.Array(TeamSchema) });
export const CreateTeamBodySchema = Type.Object(
  {
    name: Type.String({ pattern: '^[a-z0-9][a-z0-9._-]{0,99}$', maxLength: 100 }),
    display_name: Type.String({ minLength: 1, maxLength: 255 }),
    description: Type.Optional(Type.String({ maxLength: 2000 })),
    parent_team_id: Type.Optional(Type.Union([Uuid, Type.Null()])),
  },
  { additionalProperties: false },
);
export const UpdateTeamBodySchema = Type.Object(
  {
    display_name: Type.Optional(Type.String({ minLength: 1, maxLength: 255 })),
    description: Type.Optional(Type.Union([Type.String({ maxLength: 2000 }), Type.Null()])),
    parent_team_id: Type.Optional(Type.Union([Uuid, Type.Null()])),
  },
  { additionalProperties: false, minProperties: 1 },
);
export const TeamMemberParamsSchema = Type.Object({ id: Uuid, userId: Uuid });
export const PutTeamMemberBodySchema = Type.Object(
  { role: TeamRole },
  { additionalProperties: false },
);
