import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useCan } from '../../app/session.tsx';
import { Badge } from '../../components/badge.tsx';
import { Button } from '../../components/button.tsx';
import { CopyButton } from '../../components/copy-button.tsx';
import { Dialog } from '../../components/dialog.tsx';
import { FormMessage, TextField } from '../../components/form-field.tsx';
import { ErrorState, LoadingState } from '../../components/states.tsx';
import { useToast } from '../../components/toast.tsx';
import { errorText } from '../common/errors.ts';
import { Time } from '../common/time.tsx';
import {
  addClientKey,
  createProject,
  listProjects,
  revokeClientKey,
  type Project,
} from './projects-api.ts';

/** Projects and their DSNs: what a team pastes into `Sentry.init({ dsn })`. */
export function ProjectsPage() {
  const canCreate = useCan('org.manage');
  const canKeys = useCan('keys.manage');
  const projects = useQuery({ queryKey: ['projects'], queryFn: listProjects });
  const [creating, setCreating] = useState(false);
  return (
    <section className="page" aria-labelledby="page-title">
      <header className="page-header">
        <h1 id="page-title">Projects</h1>
        <Button variant="primary" onClick={() => setCreating(true)} disabled={!canCreate}>
          Create project
        </Button>
      </header>
      <p className="muted">
        Point a Sentry SDK at a project with its DSN. The key in a DSN can only send events to that
        project, so it is safe in browser code; revoke it here if it is abused.
      </p>
      {projects.isPending ? (
        <LoadingState />
      ) : projects.isError ? (
        <ErrorState error={projects.error} onRetry={() => void projects.refetch()} />
      ) : (
        projects.data.items.map((p) => <ProjectCard key={p.id} project={p} canKeys={canKeys} />)
      )}
      <CreateProjectDialog open={creating} onClose={() => setCreating(false)} />
    </section>
  );
}

function ProjectCard({ project, canKeys }: { project: Project; canKeys: boolean }) {
  const queryClient = useQueryClient();
  const toast = useToast();
  const refresh = () => void queryClient.invalidateQueries({ queryKey: ['projects'] });
  const add = useMutation({
    mutationFn: () => addClientKey(project.id, `Key ${project.client_keys.length + 1}`),
    onSuccess: () => {
      toast.success(`New DSN for ${project.name}`);
      refresh();
    },
    onError: (err) => toast.error(`No new key: ${errorText(err)}`),
  });
  const revoke = useMutation({
    mutationFn: revokeClientKey,
    onSuccess: (k) => {
      toast.success(`Revoked “${k.label}”: SDKs with its DSN are refused now`);
      refresh();
    },
    onError: (err) => toast.error(`Not revoked: ${errorText(err)}`),
  });
  const titleId = `project-${project.id}-title`;
  return (
    <section className="settings-section project-card" aria-labelledby={titleId}>
      <header className="project-card-header">
        <h2 id={titleId}>
          {project.name} <span className="muted mono">#{project.id}</span>
        </h2>
        {project.platform && <Badge>{project.platform}</Badge>}
        <Button size="sm" onClick={() => add.mutate()} busy={add.isPending} disabled={!canKeys}>
          Add a key
        </Button>
      </header>
      {project.dsn ? (
        <div className="secret-box">
          <code data-testid={`dsn-${project.id}`}>{project.dsn}</code>
          <CopyButton text={project.dsn} label={`Copy the DSN of ${project.name}`} />
        </div>
      ) : (
        <p className="muted">Every key of this project is revoked: add a key to send events.</p>
      )}
      <table className="table" aria-label={`Client keys of ${project.name}`}>
        <thead>
          <tr>
            <th scope="col">Key</th>
            <th scope="col">Public key</th>
            <th scope="col">Created</th>
            <th scope="col">Status</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {project.client_keys.map((k) => (
            <tr key={k.id}>
              <td>{k.label}</td>
              <td className="mono">{k.public_key}</td>
              <td>
                <Time iso={k.created_at} />
              </td>
              <td>
                {k.active ? (
                  <Badge tone="success">active</Badge>
                ) : (
                  <Badge tone="neutral">revoked</Badge>
                )}
              </td>
              <td>
                {k.active && (
                  <Button
                    size="sm"
                    variant="danger"
                    disabled={!canKeys}
                    busy={revoke.isPending && revoke.variables === k.id}
                    onClick={() => revoke.mutate(k.id)}
                  >
                    Revoke {k.label}
                  </Button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function CreateProjectDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const queryClient = useQueryClient();
  const toast = useToast();
  const [name, setName] = useState('');
  const [platform, setPlatform] = useState('');
  const create = useMutation({
    mutationFn: () =>
      createProject({
        name: name.trim(),
        ...(platform.trim() ? { platform: platform.trim() } : {}),
      }),
    onSuccess: (p) => {
      toast.success(`Project “${p.name}” created with its DSN`);
      void queryClient.invalidateQueries({ queryKey: ['projects'] });
      setName('');
      setPlatform('');
      onClose();
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate();
  };
  return (
    <Dialog open={open} onClose={onClose} title="Create project" width={440}>
      <form className="form-stack" onSubmit={submit}>
        <TextField label="Name" value={name} onChange={setName} required autoFocus />
        <TextField
          label="Platform"
          value={platform}
          onChange={setPlatform}
          hint="Optional, e.g. javascript, node, python."
        />
        {create.isError && <FormMessage>{errorText(create.error)}</FormMessage>}
        <div className="form-actions">
          <Button variant="ghost" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" variant="primary" busy={create.isPending} disabled={!name.trim()}>
            Create project
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
