import type { ReactNode } from 'react';
import './badge.css';

export type Tone = 'neutral' | 'info' | 'success' | 'warning' | 'danger';

export interface BadgeProps {
  tone?: Tone;
  children: ReactNode;
  title?: string;
}

export function Badge({ tone = 'neutral', children, title }: BadgeProps) {
  return (
    <span className={`px-badge px-tone-${tone}`} title={title}>
      {children}
    </span>
  );
}

export type Status =
  'ok' | 'firing' | 'pending' | 'resolved' | 'muted' | 'unknown' | 'down' | 'degraded';

const STATUS_TONE: Record<Status, Tone> = {
  ok: 'success',
  resolved: 'success',
  firing: 'danger',
  down: 'danger',
  pending: 'warning',
  degraded: 'warning',
  muted: 'neutral',
  unknown: 'neutral',
};

export interface StatusPillProps {
  status: Status;
  /** Visible text; defaults to the status name. Colour is never the only signal: text is always shown. */
  label?: string;
}

export function StatusPill({ status, label }: StatusPillProps) {
  return (
    <span className={`px-pill px-tone-${STATUS_TONE[status]}`}>
      <span className="px-pill-dot" aria-hidden="true" />
      {label ?? status}
    </span>
  );
}
