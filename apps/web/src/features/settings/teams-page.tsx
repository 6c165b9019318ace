import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router-dom';
import { useCan } from '../../app/session.tsx';
import { Button } from '../../components/button.tsx';
import { Dialog } from '../../components/dialog.tsx';
import { EmptyState, ErrorState, LoadingState } from '../../components/states.tsx';
import { useToast } from '../../components/toast.tsx';
import { errorText } from '../common/errors.ts';
import { FormMessage, TextField } from '../../components/form-field.tsx';
import { createTeam, deleteTeam, listTeams } from './api.ts';
import { TeamDetail } from './team-detail.tsx';

/** `Checkout Team` -> `checkout-team`: the team's handle, as the API's pattern requires. */
export function slugify(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[^a-z0-9]+/, '')
    .replace(/-+$/, '')
    .slice(0, 100);
}

export function TeamsPage() {
  const canWrite = useCan('teams.write');
  const queryClient = useQueryClient();
  const [params, setParams] = useSearchParams();
  const selected = params.get('team');
  const teams = useQuery({ queryKey: ['teams'], queryFn: listTeams });
  const [creating, setCreating] = useState(false);
  const select = (id: string | null) =>
    setParams((p) => {
      if (id) p.set('team', id);
      else p.delete('team');
      return p;
    });
  const toast = useToast();
  const remove = useMutation({
    mutationFn: deleteTeam,
    onError: (err) => toast.error(`Team not deleted: ${errorText(err)}`),
    onSuccess: () => {
      toast.success('Team deleted');
      select(null);
      void queryClient.invalidateQueries({ queryKey: ['teams'] });
    },
  });

  return (
    <section className="page" aria-labelledby="page-title">
      <header className="page-header">
        <h1 id="page-title">Teams</h1>
        <Button variant="primary" onClick={() => setCreating(true)} disabled={!canWrite}>
          Create team
        </Button>
      </header>
      {!canWrite && <p className="muted">Your role can see teams but not change them.</p>}
      {teams.isPending ? (
        <LoadingState />
      ) : teams.isError ? (
        <ErrorState error={teams.error} onRetry={() => void teams.refetch()} />
      ) : teams.data.items.length === 0 ? (
        <EmptyState
          title="No teams yet"
          description="Teams own services, receive alerts and can hold API keys."
        />
      ) : (
        <div className="teams-layout">
          <div className="table-wrap">
            <table className="table" aria-label="Teams">
              <thead>
                <tr>
                  <th scope="col">Team</th>
                  <th scope="col">Handle</th>
                </tr>
              </thead>
              <tbody>
                {teams.data.items.map((t) => (
                  <tr key={t.id} aria-selected={t.id === selected}>
                    <td>
                      <button
                        type="button"
                        className="row-link"
                        aria-current={t.id === selected ? 'true' : undefined}
                        onClick={() => select(t.id)}
                      >
                        {t.display_name}
                      </button>
                    </td>
                    <td className="mono">{t.name}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {selected ? (
            <TeamDetail id={selected} canWrite={canWrite} onDelete={(id) => remove.mutate(id)} />
          ) : (
            <EmptyState compact title="Select a team to see and change its members" />
          )}
        </div>
      )}
      <CreateTeamDialog
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={(id) => {
          setCreating(false);
          select(id);
        }}
      />
    </section>
  );
}

function CreateTeamDialog({
  open,
  onClose,
  onCreated,
}: {
  open: boolean;
  onClose: () => void;
  onCreated: (id: string) => void;
}) {
  const queryClient = useQueryClient();
  const toast = useToast();
  const [displayName, setDisplayName] = useState('');
  const [handle, setHandle] = useState('');
  const [description, setDescription] = useState('');
  const name = handle || slugify(displayName);
  const create = useMutation({
    mutationFn: () =>
      createTeam({
        name,
        display_name: displayName.trim(),
        ...(description.trim() ? { description: description.trim() } : {}),
      }),
    onSuccess: (t) => {
      toast.success(`Team “${t.display_name}” created`);
      void queryClient.invalidateQueries({ queryKey: ['teams'] });
      setDisplayName('');
      setHandle('');
      setDescription('');
      onCreated(t.id);
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate();
  };
  return (
    <Dialog open={open} onClose={onClose} title="Create team" width={440}>
      <form className="form-stack" onSubmit={submit}>
        <TextField label="Name" value={displayName} onChange={setDisplayName} required autoFocus />
        <TextField
          label="Handle"
          value={name}
          onChange={(v) => setHandle(slugify(v))}
          hint="Lower case letters, digits, dot, dash and underscore."
        />
        <TextField label="Description" value={description} onChange={setDescription} />
        {create.isError && <FormMessage>{errorText(create.error)}</FormMessage>}
        <div className="form-actions">
          <Button variant="ghost" onClick={onClose}>
            Cancel
          </Button>
          <Button
            type="submit"
            variant="primary"
            busy={create.isPending}
            disabled={!displayName.trim() || !name}
          >
            Create team
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
