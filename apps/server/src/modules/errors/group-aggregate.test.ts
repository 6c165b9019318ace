import { describe, expect, it } from 'vitest';
import { aggregateGroups } from './group-aggregate.ts';
import type { ErrorEventRow } from './rows.ts';

const row = (over: Partial<ErrorEventRow>): ErrorEventRow =>
  ({
    org_id: 'o',
    project_id: 1,
    event_id: Math.random().toString(16),
    group_id: 'g1',
    error_hash: 'h1',
    occurred_at: '2026-11-21T10:00:00.000Z',
    severity: 'error',
    error_type: 'TypeError',
    message: 'm',
    service: null,
    environment: null,
    platform: 'node',
    release: null,
    file_path: null,
    line_number: null,
    function_name: null,
    endpoint: null,
    user_hash: null,
    grouping: { kind: 'stacktrace', components: [] },
    ...over,
  }) as ErrorEventRow;

describe('aggregateGroups', () => {
  it('counts, first/last values, environments, releases and distinct users per group', () => {
    const { groups, users } = aggregateGroups([
      row({
        occurred_at: '2026-11-21T10:05:00.000Z',
        message: 'later',
        environment: 'prod',
        release: 'a@2',
        user_hash: 'u1',
      }),
      row({
        occurred_at: '2026-11-21T10:00:00.000Z',
        message: 'first',
        environment: 'staging',
        release: 'a@1',
        user_hash: 'u1',
      }),
      row({ occurred_at: '2026-11-21T10:01:00.000Z', user_hash: 'u2' }),
      row({ group_id: 'g0', error_hash: 'h0', error_type: null }),
    ]);
    expect(groups.map((g) => g.id)).toEqual(['g0', 'g1']);
    expect(groups[0]!.error_type).toBe('Message');
    expect(groups[1]).toMatchObject({
      occurrence_count: 3,
      message: 'first',
      first_seen: '2026-11-21T10:00:00.000Z',
      last_seen: '2026-11-21T10:05:00.000Z',
      environment: 'prod',
      environments: ['prod', 'staging'],
      first_release: 'a@1',
      last_release: 'a@2',
      releases: ['a@1', 'a@2'],
    });
    expect(users).toEqual([
      { group_id: 'g1', user_hash: 'u1', org_id: 'o', first_seen: '2026-11-21T10:00:00.000Z' },
      { group_id: 'g1', user_hash: 'u2', org_id: 'o', first_seen: '2026-11-21T10:01:00.000Z' },
    ]);
  });
});
