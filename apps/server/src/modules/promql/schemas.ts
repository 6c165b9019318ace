import { Type, type Static, type TSchema } from '@sinclair/typebox';

// Parameters stay strings here: the Prometheus API parses times and durations its own way
// (params.ts) and answers bad values with its own messages. Unknown parameters are ignored, as
// Prometheus ignores them (Grafana sends a few of its own).

const Str = (description: string, maxLength = 1024) => Type.String({ maxLength, description });
const Time = (what: string) => Str(`${what}: Unix seconds (may be fractional) or RFC 3339`, 64);
const Matches = Type.Array(Type.String({ maxLength: 16_384 }), {
  maxItems: 100,
  description: 'Series selectors; repeat the parameter for several',
});

export const QueryParams = Type.Object({
  query: Type.Optional(Str('PromQL expression', 65_536)),
  time: Type.Optional(Time('Evaluation time (default: now)')),
  timeout: Type.Optional(Str('Evaluation timeout, seconds or a duration (at most 2m)', 64)),
});
export type QueryParams = Static<typeof QueryParams>;

export const QueryRangeParams = Type.Object({
  query: Type.Optional(Str('PromQL expression', 65_536)),
  start: Type.Optional(Time('Start of the range')),
  end: Type.Optional(Time('End of the range')),
  step: Type.Optional(Str('Resolution step: seconds (may be fractional) or a duration', 64)),
  timeout: Type.Optional(Str('Evaluation timeout, seconds or a duration (at most 2m)', 64)),
});
export type QueryRangeParams = Static<typeof QueryRangeParams>;

export const SeriesParams = Type.Object({
  'match[]': Type.Optional(Matches),
  start: Type.Optional(Time('Start of the range (series are not filtered by it; see README)')),
  end: Type.Optional(Time('Only series first seen by this time')),
  limit: Type.Optional(Type.Integer({ description: 'At most this many (0 or less: no limit)' })),
});
export type SeriesParams = Static<typeof SeriesParams>;

export const LabelValuesPath = Type.Object({
  name: Type.String({ maxLength: 256, description: 'Label name (`__name__` for metric names)' }),
});

export const MetadataParams = Type.Object({
  metric: Type.Optional(Str('Only this metric name', 255)),
  limit: Type.Optional(Type.Integer({ description: 'Metrics to return (negative: no limit)' })),
  limit_per_metric: Type.Optional(Type.Integer({ description: 'Entries per metric' })),
});
export type MetadataParams = Static<typeof MetadataParams>;

const Success = <T extends TSchema>(data: T) =>
  Type.Object({
    status: Type.Literal('success'),
    data,
    warnings: Type.Optional(Type.Array(Type.String())),
  });

export const QueryResponse = Success(
  Type.Object(
    {
      resultType: Type.Union([
        Type.Literal('vector'),
        Type.Literal('matrix'),
        Type.Literal('scalar'),
        Type.Literal('string'),
      ]),
      result: Type.Unknown(),
    },
    { description: "Prometheus' query result: vector, matrix, scalar or string" },
  ),
);
export const SeriesResponse = Success(Type.Array(Type.Record(Type.String(), Type.String())));
export const NamesResponse = Success(Type.Array(Type.String()));
export const MetadataResponse = Success(
  Type.Record(
    Type.String(),
    Type.Array(Type.Object({ type: Type.String(), help: Type.String(), unit: Type.String() })),
  ),
);
export const BuildInfoResponse = Success(
  Type.Object({
    version: Type.String(),
    revision: Type.String(),
    branch: Type.String(),
    buildUser: Type.String(),
    buildDate: Type.String(),
    goVersion: Type.String(),
  }),
);
