/**
 * Monitor events: what the monitors module tells the rest of Pharos. Every event is first
 * written to monitor_events in the transaction that recorded the result (an outbox: alerting in
 * any process reads it by id with listMonitorEvents), then handed to in-process subscribers
 * after commit (for low-latency consumers in the same process; delivery there is best effort).
 */
export type MonitorEventKind = 'status_changed' | 'certificate_expiring';

export interface MonitorEvent {
  id: number;
  orgId: string;
  monitorId: string;
  monitorName: string;
  kind: MonitorEventKind;
  /** status_changed: the confirmed statuses (pending retries never produce an event). */
  fromStatus: string | null;
  toStatus: string | null;
  message: string;
  /** inMaintenance (alerting suppresses), tlsDaysRemaining / tlsWarningDays, error, ... */
  details: Record<string, unknown>;
  occurredAt: Date;
}

export type MonitorEventHandler = (event: MonitorEvent) => void | Promise<void>;

const handlers = new Set<MonitorEventHandler>();

/** Subscribes to events recorded by this process; returns the unsubscribe function. */
export function onMonitorEvent(handler: MonitorEventHandler): () => void {
  handlers.add(handler);
  return () => handlers.delete(handler);
}

export function publishMonitorEvents(events: MonitorEvent[]): void {
  for (const e of events) {
    for (const h of handlers) {
      try {
        void Promise.resolve(h(e)).catch(() => {});
      } catch {
        // A failing subscriber must not fail the check that produced the event.
      }
    }
  }
}
