import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Button } from '../../components/button.tsx';
import { ErrorState, LoadingState } from '../../components/states.tsx';
import { useToast } from '../../components/toast.tsx';
import { errorText } from '../common/errors.ts';
import { Time } from '../common/time.tsx';
import { getTeam, listUsers, putTeamMember, removeTeamMember, type TeamRole } from './api.ts';

const TEAM_ROLES: TeamRole[] = ['member', 'maintainer', 'owner'];

export function TeamDetail({
  id,
  canWrite,
  onDelete,
}: {
  id: string;
  canWrite: boolean;
  onDelete: (id: string) => void;
}) {
  const queryClient = useQueryClient();
  const toast = useToast();
  const team = useQuery({ queryKey: ['teams', id], queryFn: () => getTeam(id) });
  const users = useQuery({ queryKey: ['users'], queryFn: listUsers, enabled: canWrite });
  const [userId, setUserId] = useState('');
  const [role, setRole] = useState<TeamRole>('member');
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['teams', id] });
  const put = useMutation({
    mutationFn: (v: { userId: string; role: TeamRole }) => putTeamMember(id, v.userId, v.role),
    onSuccess: () => {
      setUserId('');
      toast.success('Team membership saved');
      void refresh();
    },
    onError: (err) => toast.error(`Team membership not saved: ${errorText(err)}`),
  });
  const remove = useMutation({
    mutationFn: (uid: string) => removeTeamMember(id, uid),
    onSuccess: () => {
      toast.success('Member removed from the team');
      void refresh();
    },
    onError: (err) => toast.error(`Member not removed: ${errorText(err)}`),
  });

  if (team.isPending) return <LoadingState />;
  if (team.isError) return <ErrorState error={team.error} onRetry={() => void team.refetch()} />;
  const t = team.data;
  const memberIds = new Set(t.members.map((m) => m.user_id));
  const candidates = (users.data?.items ?? []).filter((u) => u.is_active && !memberIds.has(u.id));

  return (
    <div className="form-stack" role="region" aria-labelledby="team-title">
      <div className="page-header">
        <h2 id="team-title">{t.display_name}</h2>
        {canWrite && (
          <Button size="sm" variant="danger" onClick={() => onDelete(t.id)}>
            Delete team
          </Button>
        )}
      </div>
      {t.description && <p className="muted">{t.description}</p>}
      <div className="table-wrap">
        <table className="table" aria-label={`Members of ${t.display_name}`}>
          <thead>
            <tr>
              <th scope="col">Member</th>
              <th scope="col">Team role</th>
              <th scope="col">Joined</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {t.members.length === 0 && (
              <tr>
                <td colSpan={4} className="muted">
                  No members yet.
                </td>
              </tr>
            )}
            {t.members.map((m) => (
              <tr key={m.user_id}>
                <td>
                  {m.name || m.email} <span className="muted">{m.name ? m.email : ''}</span>
                </td>
                <td>
                  {canWrite ? (
                    <select
                      className="px-select"
                      aria-label={`Team role of ${m.email}`}
                      value={m.role}
                      onChange={(e) =>
                        put.mutate({ userId: m.user_id, role: e.target.value as TeamRole })
                      }
                    >
                      {TEAM_ROLES.map((r) => (
                        <option key={r}>{r}</option>
                      ))}
                    </select>
                  ) : (
                    m.role
                  )}
                </td>
                <td>
                  <Time iso={m.joined_at} />
                </td>
                <td className="actions">
                  {canWrite && (
                    <Button
                      size="sm"
                      onClick={() => remove.mutate(m.user_id)}
                      aria-label={`Remove ${m.email} from the team`}
                    >
                      Remove
                    </Button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {canWrite && (
        <form
          className="form-row"
          onSubmit={(e) => {
            e.preventDefault();
            if (userId) put.mutate({ userId, role });
          }}
        >
          <label className="form-field">
            <span className="form-label">Add member</span>
            <select
              className="px-select"
              value={userId}
              onChange={(e) => setUserId(e.target.value)}
            >
              <option value="">Choose a user…</option>
              {candidates.map((u) => (
                <option key={u.id} value={u.id}>
                  {u.name ? `${u.name} (${u.email})` : u.email}
                </option>
              ))}
            </select>
          </label>
          <label className="form-field">
            <span className="form-label">As</span>
            <select
              className="px-select"
              value={role}
              onChange={(e) => setRole(e.target.value as TeamRole)}
            >
              {TEAM_ROLES.map((r) => (
                <option key={r}>{r}</option>
              ))}
            </select>
          </label>
          <Button type="submit" disabled={!userId} busy={put.isPending}>
            Add
          </Button>
        </form>
      )}
    </div>
  );
}
