// A system health report (seed 000 system_health) as metric samples and a status. Pure.
import type { SeriesBatchBuilder } from '../metrics/index.ts';

export const SERVICE_TYPES = [
  'api',
  'database',
  'storage',
  'auth',
  'email',
  'monitoring',
  'worker',
  'cache',
  'queue',
  'host',
  'other',
] as const;
export type ServiceType = (typeof SERVICE_TYPES)[number];
export const HEALTH_STATUSES = ['healthy', 'degraded', 'unhealthy', 'down'] as const;
export type HealthStatus = (typeof HEALTH_STATUSES)[number];

export interface HealthReport {
  service_name: string;
  service_type: ServiceType;
  status?: HealthStatus;
  response_time_ms?: number;
  error_rate?: number;
  throughput?: number;
  memory_usage_mb?: number;
  cpu_usage_percent?: number;
  disk_usage_percent?: number;
  last_error_message?: string;
  metadata?: Record<string, unknown>;
  checked_at?: string;
}

/** The numeric figures and the metric each becomes (Prometheus base units where they exist). */
export const FIGURES = [
  { field: 'cpu_usage_percent', metric: 'system_cpu_usage_percent', help: 'CPU use, percent' },
  { field: 'memory_usage_mb', metric: 'system_memory_usage_bytes', help: 'Memory in use, bytes' },
  { field: 'disk_usage_percent', metric: 'system_disk_usage_percent', help: 'Disk use, percent' },
  {
    field: 'response_time_ms',
    metric: 'system_response_time_seconds',
    help: 'Response time, seconds',
  },
  { field: 'error_rate', metric: 'system_error_rate_percent', help: 'Error rate, percent' },
  { field: 'throughput', metric: 'system_throughput_per_second', help: 'Requests per second' },
] as const satisfies ReadonlyArray<{ field: keyof HealthReport; metric: string; help: string }>;

const SCALE: Partial<Record<keyof HealthReport, number>> = {
  memory_usage_mb: 1024 * 1024,
  response_time_ms: 0.001,
};

/**
 * Thresholds Pharos applies when a report carries no status of its own: the worse of the
 * figures decides. A report's own status always wins (the service knows better).
 */
export const THRESHOLDS = {
  degraded: { cpu: 85, disk: 85, errorRate: 5, responseTimeMs: 1000 },
  unhealthy: { cpu: 95, disk: 95, errorRate: 25, responseTimeMs: 5000 },
};

export function deriveStatus(r: HealthReport): HealthStatus {
  const over = (t: typeof THRESHOLDS.degraded) =>
    (r.cpu_usage_percent ?? 0) >= t.cpu ||
    (r.disk_usage_percent ?? 0) >= t.disk ||
    (r.error_rate ?? 0) >= t.errorRate ||
    (r.response_time_ms ?? 0) >= t.responseTimeMs;
  if (over(THRESHOLDS.unhealthy)) return 'unhealthy';
  if (over(THRESHOLDS.degraded)) return 'degraded';
  return 'healthy';
}

/** Status as a number for the system_health_status series: healthy 1, degraded 0.5, else 0. */
export function statusValue(s: HealthStatus): number {
  return s === 'healthy' ? 1 : s === 'degraded' ? 0.5 : 0;
}

/**
 * Adds a report's figures to a series batch: one series per figure, labelled with the service
 * and its type, plus system_health_status (1 healthy, 0.5 degraded, 0 unhealthy or down).
 */
export function addReportSamples(
  b: SeriesBatchBuilder,
  r: HealthReport,
  status: HealthStatus,
  timeMs: number,
): void {
  const labels = { service: r.service_name, service_type: r.service_type };
  for (const f of FIGURES) {
    const v = r[f.field];
    if (typeof v !== 'number') continue;
    b.add(f.metric, labels, timeMs, v * (SCALE[f.field] ?? 1));
    b.describe(f.metric, 'gauge', f.help, null);
  }
  b.add('system_health_status', labels, timeMs, statusValue(status));
  b.describe(
    'system_health_status',
    'gauge',
    'Health: 1 healthy, 0.5 degraded, 0 unhealthy or down',
    null,
  );
}
