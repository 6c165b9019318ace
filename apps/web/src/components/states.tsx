import type { Problem } from '@pharos/contracts';
import type { ReactNode } from 'react';
import { ApiError } from '../lib/api.ts';
import { Button } from './button.tsx';
import { CopyButton } from './copy-button.tsx';
import './states.css';

export type StateAction = { label: string; onClick: () => void } | { label: string; href: string };

function ActionView({ action }: { action: StateAction }) {
  if ('href' in action) {
    return (
      <a className="px-btn px-btn-secondary px-btn-md" href={action.href}>
        {action.label}
      </a>
    );
  }
  return <Button onClick={action.onClick}>{action.label}</Button>;
}

export interface EmptyStateProps {
  title: string;
  /** What to do next, e.g. "Send a first event with the snippet below." */
  description?: ReactNode;
  action?: StateAction;
  icon?: ReactNode;
  compact?: boolean;
}

export function EmptyState({ title, description, action, icon, compact }: EmptyStateProps) {
  return (
    <div className={`px-state${compact ? ' px-state-compact' : ''}`}>
      {icon && (
        <div className="px-state-icon" aria-hidden="true">
          {icon}
        </div>
      )}
      <p className="px-state-title">{title}</p>
      {description && <div className="px-state-desc">{description}</div>}
      {action && <ActionView action={action} />}
    </div>
  );
}

export interface LoadingStateProps {
  label?: string;
}

export function LoadingState({ label = 'Loading…' }: LoadingStateProps) {
  return (
    <div className="px-state px-state-compact" role="status">
      <span className="px-spinner" aria-hidden="true" />
      <span className="px-state-desc">{label}</span>
    </div>
  );
}

export interface ErrorStateProps {
  /** An ApiError, any thrown value, or a problem body straight from the API. */
  error?: unknown;
  problem?: Problem | null;
  title?: string;
  /** Shown as a Retry button; omit for errors retrying cannot fix. */
  onRetry?: () => void;
  action?: StateAction;
}

/** Picks what a person can act on from an error: the problem detail and the request id. */
export function describeError(
  error: unknown,
  problem?: Problem | null,
): { detail: string; requestId?: string; status?: number } {
  const p = problem ?? (error instanceof ApiError ? error.problem : null);
  if (p) return { detail: p.detail, requestId: p.request_id, status: p.status };
  if (error instanceof ApiError) return { detail: error.message, status: error.status };
  if (error instanceof Error) return { detail: error.message };
  return { detail: 'Something went wrong.' };
}

export function ErrorState({ error, problem, title, onRetry, action }: ErrorStateProps) {
  const { detail, requestId, status } = describeError(error, problem);
  const heading =
    title ??
    (status === 403
      ? 'You do not have access to this'
      : status === 404
        ? 'Not found'
        : status === 0
          ? 'Pharos cannot be reached'
          : status !== undefined && status >= 500
            ? 'Pharos could not answer'
            : 'This could not be loaded');
  return (
    <div className="px-state px-state-error" role="alert">
      <p className="px-state-title">{heading}</p>
      <p className="px-state-desc">{detail}</p>
      {requestId && (
        <p className="px-state-meta">
          Request id <code>{requestId}</code>{' '}
          <CopyButton text={requestId} label="Copy request id" />
          <span className="px-state-hint"> — quote it when you report this.</span>
        </p>
      )}
      <div className="px-state-actions">
        {onRetry && <Button onClick={onRetry}>Retry</Button>}
        {action && <ActionView action={action} />}
      </div>
    </div>
  );
}

export interface SkeletonProps {
  /** Number of text lines; ignored when height is set. */
  lines?: number;
  width?: number | string;
  height?: number | string;
  label?: string;
}

/** Placeholder shapes while data loads; announced once as "Loading" to screen readers. */
export function Skeleton({ lines = 3, width, height, label = 'Loading' }: SkeletonProps) {
  return (
    <div className="px-skeleton-group" role="status" aria-label={label} style={{ width }}>
      {height !== undefined ? (
        <div className="px-skeleton" style={{ height }} />
      ) : (
        Array.from({ length: lines }, (_, i) => (
          <div
            key={i}
            className="px-skeleton px-skeleton-line"
            style={{ width: i === lines - 1 && lines > 1 ? '60%' : '100%' }}
          />
        ))
      )}
    </div>
  );
}
