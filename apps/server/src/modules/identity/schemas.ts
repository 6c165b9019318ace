import { Type, type Static } from '@sinclair/typebox';
import { API_KEY_SCOPES, ROLES } from '@pharos/contracts';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from './passwords.ts';

export const Uuid = Type.String({ format: 'uuid' });
export const IdParamsSchema = Type.Object({ id: Uuid });
const DateTime = Type.String({ format: 'date-time' });
const NullableDateTime = Type.Union([DateTime, Type.Null()]);

export const RoleSchema = Type.Union(ROLES.map((r) => Type.Literal(r)));
export const ScopeSchema = Type.Union(API_KEY_SCOPES.map((s) => Type.Literal(s)));
export const EmailSchema = Type.String({ format: 'email', minLength: 3, maxLength: 254 });
export const NewPasswordSchema = Type.String({
  minLength: MIN_PASSWORD_LENGTH,
  maxLength: MAX_PASSWORD_LENGTH,
});
const AnyPassword = Type.String({ minLength: 1, maxLength: MAX_PASSWORD_LENGTH });

export const OrgRefSchema = Type.Object({ id: Uuid, slug: Type.String(), name: Type.String() });

export const PreferencesSchema = Type.Object(
  {
    timezone: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    theme: Type.Optional(
      Type.Union([Type.Literal('light'), Type.Literal('dark'), Type.Literal('system')]),
    ),
    locale: Type.Optional(Type.String({ minLength: 2, maxLength: 35, pattern: '^[A-Za-z0-9-]+$' })),
    date_format: Type.Optional(Type.String({ minLength: 1, maxLength: 32 })),
  },
  { additionalProperties: false },
);

export const MeSchema = Type.Object({
  id: Uuid,
  email: Type.String(),
  name: Type.String(),
  role: RoleSchema,
  organization: OrgRefSchema,
  mfa_enabled: Type.Boolean(),
  must_change_password: Type.Boolean(),
  preferences: Type.Record(Type.String(), Type.Unknown()),
  last_login: NullableDateTime,
  created_at: DateTime,
  auth: Type.Union([Type.Literal('session'), Type.Literal('api_key')]),
});
export type Me = Static<typeof MeSchema>;

// Auth -------------------------------------------------------------------------------------------

export const SignInBodySchema = Type.Object(
  { email: Type.String({ minLength: 1, maxLength: 254 }), password: AnyPassword },
  { additionalProperties: false },
);
export const SignInResponseSchema = Type.Object({
  mfa_required: Type.Boolean(),
  challenge: Type.Optional(Type.String()),
  user: Type.Optional(MeSchema),
});
export const SignInMfaBodySchema = Type.Object(
  {
    challenge: Type.String({ minLength: 1, maxLength: 2048 }),
    code: Type.String({ minLength: 6, maxLength: 32 }),
  },
  { additionalProperties: false },
);
export const SwitchOrgBodySchema = Type.Object({ org_id: Uuid }, { additionalProperties: false });

// Me ---------------------------------------------------------------------------------------------

export const UpdateMeBodySchema = Type.Object(
  {
    name: Type.Optional(Type.String({ maxLength: 255 })),
    preferences: Type.Optional(PreferencesSchema),
  },
  { additionalProperties: false, minProperties: 1 },
);
export const ChangePasswordBodySchema = Type.Object(
  { current_password: AnyPassword, new_password: NewPasswordSchema },
  { additionalProperties: false },
);
export const TotpEnrolmentSchema = Type.Object({
  secret: Type.String(),
  otpauth_uri: Type.String(),
  qr_data_url: Type.String(),
});
export const CodeBodySchema = Type.Object(
  { code: Type.String({ minLength: 6, maxLength: 32 }) },
  { additionalProperties: false },
);
export const BackupCodesSchema = Type.Object({
  backup_codes: Type.Array(Type.String()),
});
export const DisableMfaBodySchema = Type.Object(
  {
    code: Type.Optional(Type.String({ minLength: 6, maxLength: 32 })),
    password: Type.Optional(AnyPassword),
  },
  { additionalProperties: false, minProperties: 1 },
);

// Sessions, organizations, projects --------------------------------------------------------------

export const SessionSchema = Type.Object({
  id: Uuid,
  ip_address: Type.Union([Type.String(), Type.Null()]),
  user_agent: Type.Union([Type.String(), Type.Null()]),
  created_at: DateTime,
  last_activity: DateTime,
  expires_at: DateTime,
  current: Type.Boolean(),
});
export const SessionListSchema = Type.Object({ items: Type.Array(SessionSchema) });

export const OrgListSchema = Type.Object({
  items: Type.Array(
    Type.Object({
      id: Uuid,
      slug: Type.String(),
      name: Type.String(),
      role: RoleSchema,
      current: Type.Boolean(),
    }),
  ),
});
