import { INCIDENT_IMPACTS, INCIDENT_STATUSES, MAINTENANCE_STATUSES } from '@pharos/contracts';
import { Type } from '@sinclair/typebox';

const Uuid = Type.String({ format: 'uuid' });
const Time = Type.String({ format: 'date-time' });
const Text = (max: number) => Type.String({ minLength: 1, maxLength: max });
const Opt = Type.Optional;
const OrNull = <T extends ReturnType<typeof Text>>(t: T) => Type.Union([t, Type.Null()]);
const IncidentStatus = Type.Union(INCIDENT_STATUSES.map((s) => Type.Literal(s)));

export const IdParamsSchema = Type.Object({ id: Uuid }, { additionalProperties: false });
export const SlugParamsSchema = Type.Object(
  { slug: Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,62}$' }) },
  { additionalProperties: false },
);
export const PageQuerySchema = Type.Object(
  {
    limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }),
    offset: Type.Integer({ minimum: 0, maximum: 100_000, default: 0 }),
  },
  { additionalProperties: false },
);
export const RowSchema = Type.Record(Type.String(), Type.Unknown());
export const RowListSchema = Type.Object({ items: Type.Array(RowSchema) });

const PageFields = {
  slug: Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,62}$' }),
  title: Text(200),
  description: Opt(OrNull(Text(4000))),
  logo_url: Opt(OrNull(Type.String({ maxLength: 2000, pattern: '^https?://' }))),
  footer_text: Opt(OrNull(Text(4000))),
  theme: Opt(Type.Record(Type.String(), Type.Unknown())),
  is_public: Opt(Type.Boolean()),
  show_uptime: Opt(Type.Boolean()),
  is_published: Opt(Type.Boolean()),
  monitors: Opt(
    Type.Array(
      Type.Object(
        {
          monitor_id: Uuid,
          display_name: Opt(OrNull(Text(200))),
          group_name: Opt(OrNull(Text(200))),
          position: Opt(Type.Integer({ minimum: 0, maximum: 10_000 })),
        },
        { additionalProperties: false },
      ),
      { maxItems: 500 },
    ),
  ),
};
export const CreatePageSchema = Type.Object(PageFields, { additionalProperties: false });
export const UpdatePageSchema = Type.Partial(CreatePageSchema, { additionalProperties: false });

const IncidentFields = {
  status_page_id: Opt(Type.Union([Uuid, Type.Null()])),
  title: Text(255),
  status: Opt(IncidentStatus),
  impact: Opt(Type.Union(INCIDENT_IMPACTS.map((s) => Type.Literal(s)))),
  is_public: Opt(Type.Boolean()),
  started_at: Opt(Time),
  postmortem: Opt(OrNull(Text(100_000))),
};
export const CreateIncidentSchema = Type.Object(IncidentFields, { additionalProperties: false });
export const UpdateIncidentSchema = Type.Partial(Type.Object(IncidentFields), {
  additionalProperties: false,
});
export const IncidentUpdateSchema = Type.Object(
  { status: IncidentStatus, message: Text(10_000) },
  { additionalProperties: false },
);

const WindowFields = {
  status_page_id: Opt(Type.Union([Uuid, Type.Null()])),
  title: Text(255),
  description: Opt(OrNull(Text(4000))),
  starts_at: Time,
  ends_at: Time,
  timezone: Opt(Text(64)),
  status: Opt(Type.Union(MAINTENANCE_STATUSES.map((s) => Type.Literal(s)))),
  suppress_alerts: Opt(Type.Boolean()),
  monitor_ids: Opt(Type.Array(Uuid, { maxItems: 1000 })),
};
export const CreateWindowSchema = Type.Object(WindowFields, { additionalProperties: false });
export const UpdateWindowSchema = Type.Partial(CreateWindowSchema, { additionalProperties: false });
export const BadgeQuerySchema = Type.Object(
  {
    monitor: Opt(Uuid),
    label: Opt(Type.String({ minLength: 1, maxLength: 60 })),
    style: Opt(Type.Union([Type.Literal('status'), Type.Literal('uptime')])),
  },
  { additionalProperties: false },
);
