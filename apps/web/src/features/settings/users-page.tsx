import { ROLES, type Role } from '@pharos/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router-dom';
import { useCan, useMe } from '../../app/session.tsx';
import { Badge } from '../../components/badge.tsx';
import { Button } from '../../components/button.tsx';
import { CopyButton } from '../../components/copy-button.tsx';
import { Dialog } from '../../components/dialog.tsx';
import { EmptyState, ErrorState, LoadingState } from '../../components/states.tsx';
import { useToast } from '../../components/toast.tsx';
import { errorText } from '../common/errors.ts';
import { FormMessage, TextField } from '../../components/form-field.tsx';
import { Time } from '../common/time.tsx';
import { createUser, listUsers, updateUser, type User } from './api.ts';

export const ROLE_LABELS: Record<Role, string> = {
  admin: 'Admin',
  platform_engineer: 'Platform engineer',
  developer: 'Developer',
  analyst: 'Analyst',
  viewer: 'Viewer',
};

export function UsersPage() {
  const me = useMe();
  const canManage = useCan('users.manage');
  const queryClient = useQueryClient();
  const toast = useToast();
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const users = useQuery({ queryKey: ['users'], queryFn: listUsers });
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<{ user: User; one_time_password?: string } | null>(null);
  const update = useMutation({
    mutationFn: (v: { id: string; role?: Role; is_active?: boolean }) =>
      updateUser(v.id, {
        ...(v.role ? { role: v.role } : {}),
        ...(v.is_active === undefined ? {} : { is_active: v.is_active }),
      }),
    onSuccess: (u, v) =>
      toast.success(
        v.role
          ? `${u.email} is now ${u.role}`
          : `${u.email} ${u.is_active ? 'reactivated' : 'deactivated'}`,
      ),
    onError: (err) => toast.error(`User not changed: ${errorText(err)}`),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['users'] }),
  });

  const needle = q.trim().toLowerCase();
  const items = (users.data?.items ?? []).filter(
    (u) =>
      !needle || u.email.toLowerCase().includes(needle) || u.name.toLowerCase().includes(needle),
  );

  return (
    <section className="page" aria-labelledby="page-title">
      <header className="page-header">
        <h1 id="page-title">Users</h1>
        <label>
          <span className="visually-hidden">Filter users</span>
          <input
            type="search"
            className="px-input"
            placeholder="Filter by name or email"
            value={q}
            onChange={(e) =>
              setParams(
                (p) => {
                  if (e.target.value) p.set('q', e.target.value);
                  else p.delete('q');
                  return p;
                },
                { replace: true },
              )
            }
          />
        </label>
        <Button
          variant="primary"
          onClick={() => setCreating(true)}
          disabled={!canManage}
          aria-describedby={canManage ? undefined : 'users-denied'}
        >
          Add user
        </Button>
      </header>
      {!canManage && (
        <p id="users-denied" className="muted" role="note">
          Your role ({me.role}) can see users but not add, change or deactivate them; ask an admin.
        </p>
      )}
      {users.isPending ? (
        <LoadingState />
      ) : users.isError ? (
        <ErrorState error={users.error} onRetry={() => void users.refetch()} />
      ) : items.length === 0 ? (
        <EmptyState title={needle ? 'No user matches the filter' : 'No users yet'} />
      ) : (
        <div className="table-wrap">
          <table className="table" aria-label="Users">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Email</th>
                <th scope="col">Role</th>
                <th scope="col">2FA</th>
                <th scope="col">Last sign-in</th>
                <th scope="col">Status</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((u) => (
                <tr key={u.id} className={u.is_active ? undefined : 'is-dim'}>
                  <td>{u.name || '—'}</td>
                  <td>{u.email}</td>
                  <td>
                    {canManage && u.id !== me.id ? (
                      <select
                        className="px-select"
                        aria-label={`Role of ${u.email}`}
                        value={u.role}
                        onChange={(e) => update.mutate({ id: u.id, role: e.target.value as Role })}
                      >
                        {ROLES.map((r) => (
                          <option key={r} value={r}>
                            {ROLE_LABELS[r]}
                          </option>
                        ))}
                      </select>
                    ) : (
                      ROLE_LABELS[u.role]
                    )}
                  </td>
                  <td>{u.mfa_enabled ? <Badge tone="success">on</Badge> : <Badge>off</Badge>}</td>
                  <td>{u.last_login ? <Time iso={u.last_login} relative /> : 'never'}</td>
                  <td>
                    {!u.is_active ? (
                      <Badge tone="danger">deactivated</Badge>
                    ) : u.must_change_password ? (
                      <Badge tone="warning">password change pending</Badge>
                    ) : (
                      <Badge tone="success">active</Badge>
                    )}
                  </td>
                  <td className="actions">
                    {canManage && u.id !== me.id && (
                      <Button
                        size="sm"
                        variant={u.is_active ? 'danger' : 'secondary'}
                        onClick={() => update.mutate({ id: u.id, is_active: !u.is_active })}
                        aria-label={`${u.is_active ? 'Deactivate' : 'Reactivate'} ${u.email}`}
                      >
                        {u.is_active ? 'Deactivate' : 'Reactivate'}
                      </Button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <CreateUserDialog
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={(r) => {
          setCreating(false);
          setCreated(r);
        }}
      />
      <Dialog
        open={created !== null}
        onClose={() => setCreated(null)}
        title={`${created?.user.email ?? ''} was added`}
        footer={
          <Button variant="primary" onClick={() => setCreated(null)}>
            Done
          </Button>
        }
      >
        {created?.one_time_password ? (
          <div className="form-stack">
            <p>
              Give them this one-time password over a safe channel; they choose their own at the
              first sign-in. It is not shown again.
            </p>
            <div className="secret-box">
              <code data-testid="one-time-password">{created.one_time_password}</code>
              <CopyButton text={created.one_time_password} label="Copy one-time password" />
            </div>
          </div>
        ) : (
          <p>They can sign in with the password you set.</p>
        )}
      </Dialog>
    </section>
  );
}

function CreateUserDialog({
  open,
  onClose,
  onCreated,
}: {
  open: boolean;
  onClose: () => void;
  onCreated: (r: { user: User; one_time_password?: string }) => void;
}) {
  const queryClient = useQueryClient();
  const toast = useToast();
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('viewer');
  const create = useMutation({
    mutationFn: () =>
      createUser({ email: email.trim(), role, ...(name.trim() ? { name: name.trim() } : {}) }),
    onSuccess: (r) => {
      toast.success(`User ${r.user.email} added`);
      void queryClient.invalidateQueries({ queryKey: ['users'] });
      setEmail('');
      setName('');
      onCreated(r);
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate();
  };
  return (
    <Dialog
      open={open}
      onClose={onClose}
      title="Add user"
      description="Pharos generates a one-time password; the user must replace it at first sign-in."
      width={440}
    >
      <form className="form-stack" onSubmit={submit}>
        <TextField
          label="Email"
          type="email"
          value={email}
          onChange={setEmail}
          required
          autoFocus
        />
        <TextField label="Name" value={name} onChange={setName} autoComplete="off" />
        <div className="form-field">
          <label className="form-label" htmlFor="new-user-role">
            Role
          </label>
          <select
            id="new-user-role"
            className="px-select"
            value={role}
            onChange={(e) => setRole(e.target.value as Role)}
          >
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {ROLE_LABELS[r]}
              </option>
            ))}
          </select>
        </div>
        {create.isError && <FormMessage>{errorText(create.error)}</FormMessage>}
        <div className="form-actions">
          <Button variant="ghost" onClick={onClose}>
            Cancel
          </Button>
          <Button
            type="submit"
            variant="primary"
            busy={create.isPending}
            disabled={!email.includes('@')}
          >
            Add user
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
