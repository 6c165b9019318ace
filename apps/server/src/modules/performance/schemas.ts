import { Type, type Static } from '@sinclair/typebox';

const TimeExpr = (description: string) =>
  Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 64,
      description: `${description} ISO 8601, epoch milliseconds, or now / now-<n><s|m|h|d|w>.`,
    }),
  );
const From = TimeExpr('Inclusive; rounded down to the minute. Default: 24 hours before `to`.');
const To = TimeExpr('Exclusive; rounded up to the minute. Default: now.');
const Service = Type.Optional(Type.String({ minLength: 1, maxLength: 255 }));
const Environment = Type.Optional(Type.String({ maxLength: 255, description: 'Exact match.' }));
const Limit = Type.Integer({ minimum: 1, maximum: 1000, default: 20 });
const Ms = Type.Union([Type.Number(), Type.Null()], {
  description: 'Milliseconds; null when no latency was recorded.',
});
const Time = Type.String({ format: 'date-time' });

export const ServicesQuerySchema = Type.Object({ from: From, to: To, environment: Environment });
export type ServicesQuery = Static<typeof ServicesQuerySchema>;

export const EndpointsQuerySchema = Type.Object({
  from: From,
  to: To,
  service: Service,
  environment: Environment,
  limit: Limit,
});
export type EndpointsQuery = Static<typeof EndpointsQuerySchema>;

export const SlowestQuerySchema = Type.Object({
  from: From,
  to: To,
  service: Service,
  environment: Environment,
  thresholdMs: Type.Number({ minimum: 0, maximum: 3_600_000, default: 1000 }),
  limit: Limit,
});
export type SlowestQuery = Static<typeof SlowestQuerySchema>;

export const TrendQuerySchema = Type.Object({
  from: From,
  to: To,
  service: Service,
  environment: Environment,
  endpoint: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })),
  method: Type.Optional(Type.String({ maxLength: 16 })),
  interval: Type.Union(
    [Type.Literal('auto'), Type.Literal('1m'), Type.Literal('5m'), Type.Literal('1h')],
    { default: 'auto' },
  ),
});
export type TrendQuery = Static<typeof TrendQuerySchema>;

const Totals = {
  requests: Type.Number(),
  errors: Type.Number(),
  errorRate: Type.Number({ description: 'Percent of requests that failed (5xx or span error).' }),
  throughput: Type.Number({ description: 'Requests per second over the range.' }),
};
const Latency = { p50: Ms, p95: Ms, p99: Ms };

export const ServicePerformanceSchema = Type.Object({
  service: Type.String(),
  ...Totals,
  ...Latency,
  mean: Ms,
});
export const ServicesResponseSchema = Type.Object({
  from: Time,
  to: Time,
  services: Type.Array(ServicePerformanceSchema),
});
export type ServicesResponse = Static<typeof ServicesResponseSchema>;

export const EndpointPerformanceSchema = Type.Object({
  service: Type.String(),
  endpoint: Type.String(),
  method: Type.String(),
  ...Totals,
  ...Latency,
  mean: Ms,
});
export const EndpointsResponseSchema = Type.Object({
  from: Time,
  to: Time,
  endpoints: Type.Array(EndpointPerformanceSchema),
});
export type EndpointsResponse = Static<typeof EndpointsResponseSchema>;

export const SlowestResponseSchema = Type.Object({
  from: Time,
  to: Time,
  thresholdMs: Type.Number(),
  endpoints: Type.Array(
    Type.Object({
      service: Type.String(),
      endpoint: Type.String(),
      method: Type.String(),
      p95: Type.Number(),
      p99: Ms,
      requests: Type.Number(),
      errorRate: Type.Number(),
    }),
  ),
});
export type SlowestResponse = Static<typeof SlowestResponseSchema>;

export const TrendResponseSchema = Type.Object({
  from: Time,
  to: Time,
  interval: Type.Union([Type.Literal('1m'), Type.Literal('5m'), Type.Literal('1h')]),
  points: Type.Array(
    Type.Object({
      time: Time,
      ...Totals,
      ...Latency,
    }),
  ),
});
export type TrendResponse = Static<typeof TrendResponseSchema>;
