import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router-dom';
import { Button } from '../../components/button.tsx';
import { AuthFrame, FullPageMessage } from '../../app/full-page.tsx';
import { ApiError, signInUrl } from '../../lib/api.ts';
import { FormMessage, TextField } from '../../components/form-field.tsx';
import { changePassword, fetchMe, meKey, signOut } from './api.ts';
import { safeNext } from './sign-in-page.tsx';

export const MIN_PASSWORD_LENGTH = 12;

/** The validation message for a new password pair, or null when it may be submitted. */
export function newPasswordProblem(next: string, confirm: string): string | null {
  if (next.length < MIN_PASSWORD_LENGTH) return `Use at least ${MIN_PASSWORD_LENGTH} characters.`;
  if (confirm && next !== confirm) return 'The two passwords differ.';
  return null;
}

/**
 * The forced password change after a first start or an admin-created account: until it is done
 * the API answers 403 password-change-required to everything else.
 */
export function ChangePasswordPage() {
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const me = useQuery({ queryKey: meKey, queryFn: fetchMe });
  const [current, setCurrent] = useState('');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  if (me.isPending) return <FullPageMessage busy>Loading…</FullPageMessage>;
  if (me.isError) {
    if (me.error instanceof ApiError && me.error.status === 401)
      return (
        <Navigate to={signInUrl(`/change-password?next=${encodeURIComponent(next)}`)} replace />
      );
    return <FullPageMessage>{me.error.message}</FullPageMessage>;
  }
  if (!me.data.must_change_password) return <Navigate to={next} replace />;

  const problem = password ? newPasswordProblem(password, confirm) : null;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (newPasswordProblem(password, confirm) || password !== confirm) return;
    setBusy(true);
    setError(null);
    try {
      await changePassword(current, password);
      await queryClient.invalidateQueries({ queryKey: meKey });
      void navigate(next, { replace: true });
    } catch (err) {
      setError(
        err instanceof ApiError && err.status === 401
          ? 'The current password is not correct.'
          : err instanceof Error
            ? err.message
            : String(err),
      );
    } finally {
      setBusy(false);
    }
  };

  return (
    <AuthFrame title="Choose a new password">
      <form className="form-stack" onSubmit={submit} noValidate>
        <p>
          Signed in as <strong>{me.data.email}</strong>. Replace the one-time password before you
          continue.
        </p>
        <TextField
          label="Current (one-time) password"
          type="password"
          value={current}
          onChange={setCurrent}
          autoComplete="current-password"
          autoFocus
          required
        />
        <TextField
          label="New password"
          type="password"
          value={password}
          onChange={setPassword}
          autoComplete="new-password"
          hint={`At least ${MIN_PASSWORD_LENGTH} characters.`}
          error={problem && problem !== 'The two passwords differ.' ? problem : undefined}
          required
        />
        <TextField
          label="Repeat new password"
          type="password"
          value={confirm}
          onChange={setConfirm}
          autoComplete="new-password"
          error={problem === 'The two passwords differ.' ? problem : undefined}
          required
        />
        <FormMessage>{error}</FormMessage>
        <div className="form-actions">
          <Button
            variant="ghost"
            onClick={() => {
              void signOut().finally(() => {
                queryClient.clear();
                void navigate('/sign-in', { replace: true });
              });
            }}
          >
            Sign out
          </Button>
          <Button
            type="submit"
            variant="primary"
            busy={busy}
            disabled={!current || !password || password !== confirm || problem !== null}
          >
            Change password
          </Button>
        </div>
      </form>
    </AuthFrame>
  );
}
