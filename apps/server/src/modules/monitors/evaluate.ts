import type { CheckStatus } from './checkers/types.ts';

export type MonitorStatus = 'healthy' | 'degraded' | 'unhealthy' | 'down' | 'unknown';
export type ResultStatus = MonitorStatus | 'pending';

export interface MonitorState {
  status: MonitorStatus;
  consecutiveFailures: number;
  retryCount: number;
  checkInterval: number;
  retryInterval: number;
}

export interface Evaluation {
  resultStatus: ResultStatus;
  status: MonitorStatus;
  consecutiveFailures: number;
  /** Seconds until the next check: the retry interval while retrying, else the interval. */
  nextCheckInSeconds: number;
  changed: boolean;
}

/**
 * The retry rule (Uptime Kuma's): a failed check with retries left is recorded as `pending` and
 * retried after retry_interval, and the monitor keeps its status; once retry_count retries have
 * failed too (or when it is already down) the result and the monitor are `down`. Any success
 * resets the count and sets the status at once.
 */
export function evaluateOutcome(state: MonitorState, outcome: CheckStatus): Evaluation {
  if (outcome === 'down') {
    const failures = state.consecutiveFailures + 1;
    if (state.status !== 'down' && failures <= state.retryCount) {
      return {
        resultStatus: 'pending',
        status: state.status,
        consecutiveFailures: failures,
        nextCheckInSeconds: state.retryInterval,
        changed: false,
      };
    }
    return {
      resultStatus: 'down',
      status: 'down',
      consecutiveFailures: failures,
      nextCheckInSeconds: state.checkInterval,
      changed: state.status !== 'down',
    };
  }
  return {
    resultStatus: outcome,
    status: outcome,
    consecutiveFailures: 0,
    nextCheckInSeconds: state.checkInterval,
    changed: state.status !== outcome,
  };
}
