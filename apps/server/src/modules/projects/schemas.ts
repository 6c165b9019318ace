import { Type } from '@sinclair/typebox';

const DateTime = Type.String({ format: 'date-time' });

export const ClientKeySchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  project_id: Type.Integer(),
  label: Type.String(),
  public_key: Type.String({ description: 'The DSN public key: 32 hex digits.' }),
  dsn: Type.String({ description: 'The DSN to give a Sentry SDK: http(s)://KEY@HOST/PROJECT_ID.' }),
  active: Type.Boolean(),
  created_at: DateTime,
  revoked_at: Type.Union([DateTime, Type.Null()]),
});

export const ProjectSchema = Type.Object({
  id: Type.Integer({ description: 'The numeric project id of the DSN.' }),
  slug: Type.String(),
  name: Type.String(),
  platform: Type.Union([Type.String(), Type.Null()]),
  created_at: DateTime,
  dsn: Type.Union([Type.String(), Type.Null()], {
    description: 'The DSN of the newest active client key (null when all are revoked).',
  }),
  client_keys: Type.Array(ClientKeySchema),
});

export const ProjectListSchema = Type.Object({ items: Type.Array(ProjectSchema) });

export const CreateProjectBodySchema = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    slug: Type.Optional(
      Type.String({
        pattern: '^[a-z0-9][a-z0-9-]{0,62}$',
        description: 'Lower-case letters, digits and dashes; made from the name when absent.',
      }),
    ),
    platform: Type.Optional(Type.Union([Type.String({ maxLength: 64 }), Type.Null()])),
  },
  { additionalProperties: false },
);

export const ProjectParamsSchema = Type.Object({
  id: Type.String({ pattern: '^[0-9]{1,15}$', description: 'Project id.' }),
});

export const CreateClientKeyBodySchema = Type.Object(
  { label: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })) },
  { additionalProperties: false },
);

export const ClientKeyParamsSchema = Type.Object({ id: Type.String({ format: 'uuid' }) });
