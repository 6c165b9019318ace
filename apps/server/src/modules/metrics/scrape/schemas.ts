import { Type, type Static, type TSchema } from '@sinclair/typebox';

const Uuid = Type.String({ format: 'uuid' });
const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
// Rows carry Date objects; the serializer writes them as ISO strings.
const Time = Type.Unsafe<Date | string>({ type: 'string', format: 'date-time' });

export const IdParamsSchema = Type.Object({ id: Uuid }, { additionalProperties: false });
export const PageQuerySchema = Type.Object(
  {
    limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }),
    offset: Type.Integer({ minimum: 0, maximum: 100_000, default: 0 }),
  },
  { additionalProperties: false },
);

const Url = Type.String({ minLength: 8, maxLength: 2048, pattern: '^https?://' });
const Labels = Type.Record(
  Type.String({ pattern: '^[a-zA-Z_][a-zA-Z0-9_]{0,99}$' }),
  Type.String({ minLength: 1, maxLength: 1024 }),
  {
    maxProperties: 32,
    additionalProperties: false,
    description: 'Target labels (job, instance, ...) put on every series',
  },
);
export const ScrapeAuthSchema = Type.Union([
  Type.Object({ type: Type.Literal('none') }, { additionalProperties: false }),
  Type.Object(
    { type: Type.Literal('bearer'), token: Type.String({ minLength: 1, maxLength: 4096 }) },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      type: Type.Literal('basic'),
      username: Type.String({ minLength: 1, maxLength: 256 }),
      password: Type.String({ minLength: 1, maxLength: 4096 }),
    },
    { additionalProperties: false },
  ),
]);
export type ScrapeAuthInput = Static<typeof ScrapeAuthSchema>;

const Fields = {
  name: Type.String({ minLength: 1, maxLength: 200 }),
  url: Url,
  interval_seconds: Type.Integer({ minimum: 5, maximum: 86_400, default: 60 }),
  timeout_seconds: Type.Integer({ minimum: 1, maximum: 300, default: 10 }),
  labels: Labels,
  enabled: Type.Boolean({ default: true }),
  auth: ScrapeAuthSchema,
};
export const CreateScrapeTargetSchema = Type.Object(
  {
    name: Fields.name,
    url: Fields.url,
    interval_seconds: Type.Optional(Fields.interval_seconds),
    timeout_seconds: Type.Optional(Fields.timeout_seconds),
    labels: Type.Optional(Fields.labels),
    enabled: Type.Optional(Fields.enabled),
    auth: Type.Optional(Fields.auth),
  },
  { additionalProperties: false },
);
export type CreateScrapeTargetInput = Static<typeof CreateScrapeTargetSchema>;
export const UpdateScrapeTargetSchema = Type.Partial(
  Type.Object({
    name: Fields.name,
    url: Fields.url,
    interval_seconds: Type.Integer({ minimum: 5, maximum: 86_400 }),
    timeout_seconds: Type.Integer({ minimum: 1, maximum: 300 }),
    labels: Fields.labels,
    enabled: Type.Boolean(),
    auth: Fields.auth,
  }),
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateScrapeTargetInput = Static<typeof UpdateScrapeTargetSchema>;

export const TestScrapeSchema = Type.Object(
  {
    url: Url,
    timeout_seconds: Type.Optional(Type.Integer({ minimum: 1, maximum: 60, default: 10 })),
    auth: Type.Optional(ScrapeAuthSchema),
  },
  { additionalProperties: false },
);

export const ScrapeTargetSchema = Type.Object({
  id: Uuid,
  name: Type.String(),
  url: Type.String(),
  interval_seconds: Type.Integer(),
  timeout_seconds: Type.Integer(),
  labels: Type.Record(Type.String(), Type.String()),
  enabled: Type.Boolean(),
  auth: Type.Object({ type: Type.String(), username: Nullable(Type.String()) }),
  health: Type.Union([Type.Literal('unknown'), Type.Literal('up'), Type.Literal('down')]),
  last_scrape_at: Nullable(Time),
  last_duration_ms: Nullable(Type.Integer()),
  last_samples: Nullable(Type.Integer()),
  last_error: Nullable(Type.String()),
  next_scrape_at: Time,
  created_at: Time,
  updated_at: Time,
});
export type ScrapeTargetView = Static<typeof ScrapeTargetSchema>;
export const ScrapeTargetListSchema = Type.Object({ items: Type.Array(ScrapeTargetSchema) });

export const ScrapeResultSchema = Type.Object({
  up: Type.Boolean(),
  duration_ms: Type.Integer(),
  samples: Type.Integer(),
  families: Type.Integer(),
  content_type: Nullable(Type.String()),
  error: Nullable(Type.String()),
});
export type ScrapeResult = Static<typeof ScrapeResultSchema>;
