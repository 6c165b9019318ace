import { Type, type Static } from '@sinclair/typebox';
import { HEALTH_STATUSES, SERVICE_TYPES } from './report.ts';

const pct = (description: string) => Type.Number({ minimum: 0, maximum: 100, description });
const nonNeg = (description: string) => Type.Number({ minimum: 0, description });
const literals = <T extends readonly string[]>(values: T) =>
  Type.Unsafe<T[number]>({ type: 'string', enum: [...values] });

/** One report, seed 000 system_health's columns. */
export const HealthReportSchema = Type.Object(
  {
    service_name: Type.String({ minLength: 1, maxLength: 200, pattern: '^[^\\s].*$' }),
    service_type: literals(SERVICE_TYPES),
    status: Type.Optional(literals(HEALTH_STATUSES)),
    response_time_ms: Type.Optional(nonNeg('Response time in milliseconds')),
    error_rate: Type.Optional(pct('Error rate in percent')),
    throughput: Type.Optional(nonNeg('Requests per second')),
    memory_usage_mb: Type.Optional(nonNeg('Memory in use, MB')),
    cpu_usage_percent: Type.Optional(pct('CPU use in percent')),
    disk_usage_percent: Type.Optional(pct('Disk use in percent')),
    last_error_message: Type.Optional(Type.String({ maxLength: 4000 })),
    metadata: Type.Optional(Type.Record(Type.String({ maxLength: 100 }), Type.Unknown())),
    checked_at: Type.Optional(Type.String({ format: 'date-time' })),
  },
  { additionalProperties: false },
);

export const HealthReportBodySchema = Type.Union([
  HealthReportSchema,
  Type.Object(
    { reports: Type.Array(HealthReportSchema, { minItems: 1, maxItems: 1000 }) },
    { additionalProperties: false },
  ),
]);
export type HealthReportBody = Static<typeof HealthReportBodySchema>;

export const HealthReportAckSchema = Type.Object({
  accepted: Type.Integer({ description: 'Reports stored' }),
  samples: Type.Integer({ description: 'Metric samples stored' }),
  statuses: Type.Record(Type.String(), literals(HEALTH_STATUSES), {
    description: 'The status of each reported service (reported, or derived from thresholds)',
  }),
});

export const ServiceHealthSchema = Type.Object({
  service: Type.String(),
  serviceType: Type.String(),
  status: literals(HEALTH_STATUSES),
  statusReported: Type.Boolean({ description: 'false: derived by Pharos from the thresholds' }),
  stale: Type.Boolean({ description: 'No report for longer than the staleness window' }),
  checkedAt: Type.String({ format: 'date-time' }),
  reports: Type.Integer(),
  cpuUsagePercent: Type.Union([Type.Number(), Type.Null()]),
  memoryUsageMb: Type.Union([Type.Number(), Type.Null()]),
  diskUsagePercent: Type.Union([Type.Number(), Type.Null()]),
  responseTimeMs: Type.Union([Type.Number(), Type.Null()]),
  errorRate: Type.Union([Type.Number(), Type.Null()]),
  throughput: Type.Union([Type.Number(), Type.Null()]),
  lastErrorMessage: Type.Union([Type.String(), Type.Null()]),
  metadata: Type.Record(Type.String(), Type.Unknown()),
});
export type ServiceHealth = Static<typeof ServiceHealthSchema>;

export const SystemHealthQuerySchema = Type.Object(
  {
    status: Type.Optional(literals([...HEALTH_STATUSES, 'stale'] as const)),
    serviceType: Type.Optional(literals(SERVICE_TYPES)),
    staleAfterSeconds: Type.Optional(Type.Integer({ minimum: 10, maximum: 86_400, default: 300 })),
  },
  { additionalProperties: false },
);
export type SystemHealthQuery = Static<typeof SystemHealthQuerySchema>;

export const SystemHealthSchema = Type.Object({
  overall: Type.Union([literals(HEALTH_STATUSES), Type.Literal('unknown')], {
    description: 'The worst status of the services that are not stale; unknown when none report',
  }),
  summary: Type.Object({
    total: Type.Integer(),
    healthy: Type.Integer(),
    degraded: Type.Integer(),
    unhealthy: Type.Integer(),
    down: Type.Integer(),
    stale: Type.Integer(),
  }),
  services: Type.Array(ServiceHealthSchema),
});
export type SystemHealth = Static<typeof SystemHealthSchema>;
