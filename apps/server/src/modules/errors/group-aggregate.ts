import type { EventRowInput } from './event-payload.ts';

/**
 * What a batch of newly stored events adds to their groups, computed in memory so the writer
 * upserts each group once. Pure. Titles (type, message, culprit, first release) come from the
 * batch's earliest event; service, environment, platform and last release from its latest.
 */
export interface GroupDelta {
  id: string;
  org_id: string;
  project_id: number;
  error_hash: string;
  error_type: string;
  message: string;
  severity: string;
  service: string | null;
  environment: string | null;
  platform: string | null;
  file_path: string | null;
  line_number: number | null;
  function_name: string | null;
  endpoint: string | null;
  first_release: string | null;
  last_release: string | null;
  first_seen: string;
  last_seen: string;
  occurrence_count: number;
  environments: string[];
  releases: string[];
  grouping_kind: string | null;
}

export interface GroupUser {
  group_id: string;
  user_hash: string;
  org_id: string;
  first_seen: string;
}

const t = (iso: string) => Date.parse(iso);

export function aggregateGroups(rows: EventRowInput[]): {
  groups: GroupDelta[];
  users: GroupUser[];
} {
  const sorted = [...rows].sort((a, b) => t(a.occurred_at) - t(b.occurred_at));
  const groups = new Map<string, GroupDelta & { envSet: Set<string>; relSet: Set<string> }>();
  const users = new Map<string, GroupUser>();
  for (const r of sorted) {
    let g = groups.get(r.group_id);
    if (!g) {
      g = {
        id: r.group_id,
        org_id: r.org_id,
        project_id: r.project_id,
        error_hash: r.error_hash,
        error_type: r.error_type ?? 'Message',
        message: r.message.slice(0, 10_000),
        severity: r.severity,
        service: r.service,
        environment: r.environment,
        platform: r.platform,
        file_path: r.file_path,
        line_number: r.line_number,
        function_name: r.function_name,
        endpoint: r.endpoint,
        first_release: r.release,
        last_release: r.release,
        first_seen: r.occurred_at,
        last_seen: r.occurred_at,
        occurrence_count: 0,
        environments: [],
        releases: [],
        grouping_kind: r.grouping?.kind ?? null,
        envSet: new Set(),
        relSet: new Set(),
      };
      groups.set(r.group_id, g);
    }
    g.occurrence_count += 1;
    g.last_seen = r.occurred_at;
    g.service = r.service ?? g.service;
    g.environment = r.environment ?? g.environment;
    g.platform = r.platform ?? g.platform;
    g.first_release ??= r.release;
    g.last_release = r.release ?? g.last_release;
    if (r.environment) g.envSet.add(r.environment);
    if (r.release) {
      g.relSet.delete(r.release); // re-added last: the set keeps latest-seen order
      g.relSet.add(r.release);
    }
    if (r.user_hash) {
      const k = `${r.group_id}/${r.user_hash}`;
      if (!users.has(k)) {
        users.set(k, {
          group_id: r.group_id,
          user_hash: r.user_hash,
          org_id: r.org_id,
          first_seen: r.occurred_at,
        });
      }
    }
  }
  const out = [...groups.values()]
    .map(({ envSet, relSet, ...g }) => ({
      ...g,
      environments: [...envSet].sort(),
      releases: [...relSet].slice(-50),
    }))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const us = [...users.values()].sort((a, b) =>
    a.group_id === b.group_id
      ? a.user_hash < b.user_hash
        ? -1
        : 1
      : a.group_id < b.group_id
        ? -1
        : 1,
  );
  return { groups: out, users: us };
}
