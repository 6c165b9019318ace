import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useLocation, useNavigate, useSearchParams } from 'react-router-dom';
import { Button } from '../../components/button.tsx';
import { AuthFrame } from '../../app/full-page.tsx';
import { ApiError } from '../../lib/api.ts';
import { FormMessage, TextField } from '../../components/form-field.tsx';
import { meKey, signIn, signInMfa, type SignInResponse } from './api.ts';

/** Only same-site paths are followed after sign-in, never an absolute URL from the query. */
export function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/sign-in')
    ? next
    : '/';
}

export function SignInPage() {
  const [params] = useSearchParams();
  const location = useLocation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const next = safeNext(params.get('next'));
  const expired = (location.state as { expired?: boolean } | null)?.expired === true;

  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [challenge, setChallenge] = useState<string | null>(null);
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const finish = (res: SignInResponse) => {
    if (res.mfa_required && res.challenge) {
      setChallenge(res.challenge);
      return;
    }
    if (res.user) queryClient.setQueryData(meKey, res.user);
    else void queryClient.invalidateQueries({ queryKey: meKey });
    void navigate(next, { replace: true });
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      finish(
        challenge
          ? await signInMfa(challenge, code.replace(/\s/g, ''))
          : await signIn(email, password),
      );
    } catch (err) {
      if (err instanceof ApiError && err.status === 401 && challenge) {
        setError(err.message || 'That code is not valid.');
        setCode('');
      } else if (err instanceof ApiError && err.status === 401) {
        setError('The email or password is not correct.');
      } else {
        setError(err instanceof Error ? err.message : String(err));
      }
    } finally {
      setBusy(false);
    }
  };

  if (challenge) {
    return (
      <AuthFrame title="Two-factor authentication">
        <form className="form-stack" onSubmit={submit} noValidate>
          <p>Enter the 6-digit code from your authenticator app, or one of your backup codes.</p>
          <TextField
            label="Authentication code"
            value={code}
            onChange={setCode}
            autoComplete="one-time-code"
            inputMode="text"
            autoFocus
            required
            name="code"
          />
          <FormMessage>{error}</FormMessage>
          <div className="form-actions">
            <Button
              variant="ghost"
              onClick={() => {
                setChallenge(null);
                setCode('');
                setError(null);
              }}
            >
              Back
            </Button>
            <Button type="submit" variant="primary" busy={busy} disabled={code.trim().length < 6}>
              Verify
            </Button>
          </div>
        </form>
      </AuthFrame>
    );
  }

  return (
    <AuthFrame title="Sign in">
      <form className="form-stack" onSubmit={submit} noValidate>
        {expired && (
          <FormMessage tone="info">Your session has ended. Sign in to continue.</FormMessage>
        )}
        <TextField
          label="Email"
          type="email"
          value={email}
          onChange={setEmail}
          autoComplete="username"
          autoFocus
          required
          name="email"
        />
        <TextField
          label="Password"
          type="password"
          value={password}
          onChange={setPassword}
          autoComplete="current-password"
          required
          name="password"
        />
        <FormMessage>{error}</FormMessage>
        <div className="form-actions">
          <Button type="submit" variant="primary" busy={busy} disabled={!email || !password}>
            Sign in
          </Button>
        </div>
        <p className="auth-footnote">
          First start? Sign in with the admin email and the one-time password Pharos printed in its
          log; you will choose your own password next.
        </p>
      </form>
    </AuthFrame>
  );
}
