import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useMe } from '../../app/session.tsx';
import { Button } from '../../components/button.tsx';
import { ErrorState, LoadingState } from '../../components/states.tsx';
import { changePassword } from '../auth/api.ts';
import { newPasswordProblem } from '../auth/change-password-page.tsx';
import { useToast } from '../../components/toast.tsx';
import { errorText } from '../common/errors.ts';
import { TextField } from '../../components/form-field.tsx';
import { Time } from '../common/time.tsx';
import { listSessions, revokeSession } from './api.ts';
import { MfaSection } from './mfa-section.tsx';

export function SecurityPage() {
  return (
    <section className="page" aria-labelledby="page-title">
      <header className="page-header">
        <h1 id="page-title">Password and two-factor authentication</h1>
      </header>
      <MfaSection />
      <PasswordSection />
      <SessionsSection />
    </section>
  );
}

function PasswordSection() {
  const [current, setCurrent] = useState('');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const queryClient = useQueryClient();
  const toast = useToast();
  const change = useMutation({
    mutationFn: () => changePassword(current, password),
    onError: (err) => toast.error(`Password not changed: ${errorText(err)}`),
    onSuccess: (r) => {
      toast.success(`Password changed; ${r.revoked_sessions} other session(s) signed out`);
      setCurrent('');
      setPassword('');
      setConfirm('');
      void queryClient.invalidateQueries({ queryKey: ['sessions'] });
    },
  });
  const problem = password ? newPasswordProblem(password, confirm) : null;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!problem && password === confirm) change.mutate();
  };
  return (
    <form className="settings-section form-stack" onSubmit={submit} aria-labelledby="pw-title">
      <h2 id="pw-title">Change password</h2>
      <TextField
        label="Current password"
        type="password"
        value={current}
        onChange={setCurrent}
        autoComplete="current-password"
      />
      <div className="form-row">
        <TextField
          label="New password"
          type="password"
          value={password}
          onChange={setPassword}
          autoComplete="new-password"
          error={problem && problem !== 'The two passwords differ.' ? problem : undefined}
        />
        <TextField
          label="Repeat new password"
          type="password"
          value={confirm}
          onChange={setConfirm}
          autoComplete="new-password"
          error={problem === 'The two passwords differ.' ? problem : undefined}
        />
      </div>
      <div className="form-actions">
        <Button
          type="submit"
          busy={change.isPending}
          disabled={!current || !password || password !== confirm || problem !== null}
        >
          Change password
        </Button>
      </div>
    </form>
  );
}

function SessionsSection() {
  const me = useMe();
  const queryClient = useQueryClient();
  const sessions = useQuery({ queryKey: ['sessions', me.id], queryFn: listSessions });
  const toast = useToast();
  const revoke = useMutation({
    mutationFn: revokeSession,
    onSuccess: () => {
      toast.success('Session signed out');
      return queryClient.invalidateQueries({ queryKey: ['sessions'] });
    },
    onError: (err) => toast.error(`Could not sign the session out: ${errorText(err)}`),
  });
  return (
    <div className="settings-section" aria-labelledby="sessions-title" role="group">
      <h2 id="sessions-title">Active sessions</h2>
      {sessions.isPending ? (
        <LoadingState />
      ) : sessions.isError ? (
        <ErrorState error={sessions.error} onRetry={() => void sessions.refetch()} />
      ) : (
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Browser</th>
                <th scope="col">IP address</th>
                <th scope="col">Signed in</th>
                <th scope="col">Last active</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {sessions.data.items.map((s) => (
                <tr key={s.id}>
                  <td className="wrap" title={s.user_agent ?? ''}>
                    {shortAgent(s.user_agent)} {s.current && <strong>(this session)</strong>}
                  </td>
                  <td className="mono">{s.ip_address ?? '—'}</td>
                  <td>
                    <Time iso={s.created_at} />
                  </td>
                  <td>
                    <Time iso={s.last_activity} relative />
                  </td>
                  <td className="actions">
                    {!s.current && (
                      <Button size="sm" onClick={() => revoke.mutate(s.id)}>
                        Sign out
                      </Button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

function shortAgent(ua: string | null): string {
  if (!ua) return 'Unknown';
  const m = /(Firefox|Edg|Chrome|Chromium|Safari|curl|HeadlessChrome)\/[\d.]+/.exec(ua);
  return m ? m[0].replace('Edg/', 'Edge/') : ua.slice(0, 40);
}
