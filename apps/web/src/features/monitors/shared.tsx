import { StatusPill, type Status } from '../../components/badge.tsx';
import type { CheckResult, MonitorKind } from './api.ts';

const PILL: Record<string, Status> = {
  healthy: 'ok',
  up: 'ok',
  operational: 'ok',
  degraded: 'degraded',
  'partial-outage': 'degraded',
  pending: 'pending',
  maintenance: 'muted',
  unhealthy: 'down',
  down: 'down',
  'major-outage': 'down',
};

/** A monitor's (or a check's) status as a pill with its own words: "up", "down", "paused". */
export function MonitorStatusPill({ status, paused }: { status: string; paused?: boolean }) {
  if (paused) return <StatusPill status="muted" label="paused" />;
  const label = status === 'healthy' ? 'up' : status.replace('-', ' ');
  return <StatusPill status={PILL[status] ?? 'unknown'} label={label} />;
}

export const KIND_LABEL: Record<MonitorKind, string> = {
  http: 'HTTP(S)',
  keyword: 'HTTP keyword',
  'json-query': 'HTTP JSON query',
  tcp: 'TCP port',
  dns: 'DNS',
  tls: 'TLS certificate',
  heartbeat: 'Heartbeat (push)',
  postgres: 'PostgreSQL',
};

export function formatUptime(v: number | null | undefined): string {
  if (v === null || v === undefined) return '—';
  return `${v >= 99.995 ? 100 : Math.floor(v * 100) / 100}%`;
}

export function formatMs(v: number | null | undefined): string {
  return v === null || v === undefined ? '—' : `${Math.round(v)} ms`;
}

/** Response times of the latest checks as a tiny SVG line (oldest first). */
export function Sparkline({ values, label }: { values: readonly number[]; label: string }) {
  if (values.length < 2) return <span className="muted">—</span>;
  const w = 100;
  const h = 24;
  const max = Math.max(...values, 1);
  const step = w / (values.length - 1);
  const d = values
    .map(
      (v, i) =>
        `${i ? 'L' : 'M'}${(i * step).toFixed(1)},${(h - 2 - (v / max) * (h - 4)).toFixed(1)}`,
    )
    .join(' ');
  return (
    <svg className="mon-spark" width={w} height={h} viewBox={`0 0 ${w} ${h}`} role="img">
      <title>{label}</title>
      <path d={d} fill="none" stroke="currentColor" strokeWidth="1.5" />
    </svg>
  );
}

export interface DayBar {
  day: string;
  uptime: number | null;
}

function barTone(u: number | null): string {
  if (u === null) return 'none';
  if (u >= 99.9) return 'up';
  if (u >= 95) return 'partial';
  return 'down';
}

/** One bar per day, oldest first; each bar says its day and uptime in its tooltip and name. */
export function UptimeBars({ bars, label }: { bars: readonly DayBar[]; label: string }) {
  return (
    <div className="mon-bars" role="img" aria-label={label}>
      {bars.map((b) => (
        <span
          key={b.day}
          className={`mon-bar mon-bar-${barTone(b.uptime)}`}
          title={`${b.day}: ${b.uptime === null ? 'no data' : formatUptime(b.uptime)}`}
        />
      ))}
    </div>
  );
}

/** Daily uptime from raw check results (UTC days), for the last `days` days. */
export function barsFromResults(results: readonly CheckResult[], days: number, now: number) {
  const counts = new Map<string, { up: number; total: number }>();
  for (const r of results) {
    if (r.status === 'pending' || r.in_maintenance) continue;
    const day = r.checked_at.slice(0, 10);
    const c = counts.get(day) ?? { up: 0, total: 0 };
    c.total += 1;
    if (r.status !== 'down' && r.status !== 'unhealthy') c.up += 1;
    counts.set(day, c);
  }
  const bars: DayBar[] = [];
  const today = new Date(now);
  for (let i = days - 1; i >= 0; i--) {
    const day = new Date(
      Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() - i),
    )
      .toISOString()
      .slice(0, 10);
    const c = counts.get(day);
    bars.push({ day, uptime: c && c.total ? (c.up / c.total) * 100 : null });
  }
  return bars;
}
