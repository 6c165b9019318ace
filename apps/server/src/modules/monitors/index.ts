// Public surface of the monitors module: health checks, uptime and status-change events.
import type { FastifyInstance } from 'fastify';
import { pushRoutes } from './push-routes.ts';
import { monitorRoutes } from './routes.ts';

export {
  onMonitorEvent,
  type MonitorEvent,
  type MonitorEventHandler,
  type MonitorEventKind,
} from './events.ts';
export { pruneMonitorStats } from './prune-stats.ts';
export { listMonitorEvents } from './read-monitors.ts';
export { startMonitorScheduler, type MonitorScheduler, type CheckedInfo } from './scheduler.ts';
export { classifyResult, uptimePercent, bucketStart, UPTIME_WINDOWS } from './uptime/uptime.ts';

/** Registered at the root: /api/v1/monitors..., /api/v1/monitor-events and /api/push/:token. */
export async function monitorsModule(app: FastifyInstance) {
  await app.register(monitorRoutes, { prefix: '/api/v1' });
  await app.register(pushRoutes);
}
