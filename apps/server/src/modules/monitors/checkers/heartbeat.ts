import type { Checker } from './types.ts';

/**
 * Heartbeat (push): the monitored job calls /api/push/:token, which records a healthy result and
 * moves the monitor's next check one interval ahead. The scheduler therefore reaches a
 * heartbeat monitor only when no beat arrived in time: that is a missed beat.
 */
export const heartbeatChecker: Checker = {
  kinds: ['heartbeat'],
  run: async () => ({ status: 'down', responseTime: null, error: 'no heartbeat received in time' }),
};
