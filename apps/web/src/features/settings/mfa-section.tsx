import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useMe } from '../../app/session.tsx';
import { Badge } from '../../components/badge.tsx';
import { Button } from '../../components/button.tsx';
import { CopyButton } from '../../components/copy-button.tsx';
import { meKey } from '../auth/api.ts';
import { useToast } from '../../components/toast.tsx';
import { errorText } from '../common/errors.ts';
import { FormMessage, TextField } from '../../components/form-field.tsx';
import { confirmTotp, disableMfa, startTotp } from './api.ts';

/** TOTP enrolment: QR code and secret, a code to confirm, then the backup codes shown once. */
export function MfaSection() {
  const me = useMe();
  const queryClient = useQueryClient();
  const [code, setCode] = useState('');
  const [backupCodes, setBackupCodes] = useState<string[] | null>(null);
  const start = useMutation({ mutationFn: startTotp });
  const confirm = useMutation({
    mutationFn: () => confirmTotp(code.replace(/\s/g, '')),
    onSuccess: (r) => {
      setBackupCodes(r.backup_codes);
      setCode('');
      start.reset();
      void queryClient.invalidateQueries({ queryKey: meKey });
    },
  });

  const onConfirm = (e: FormEvent) => {
    e.preventDefault();
    confirm.mutate();
  };

  return (
    <div className="settings-section" role="group" aria-labelledby="mfa-title">
      <h2 id="mfa-title">
        Two-factor authentication{' '}
        {me.mfa_enabled ? <Badge tone="success">On</Badge> : <Badge tone="warning">Off</Badge>}
      </h2>
      {backupCodes ? (
        <BackupCodes codes={backupCodes} onDone={() => setBackupCodes(null)} />
      ) : me.mfa_enabled ? (
        <DisableMfa />
      ) : start.data ? (
        <form className="form-stack" onSubmit={onConfirm} aria-label="Confirm authenticator">
          <p>
            Scan this QR code with an authenticator app (1Password, Google Authenticator, Aegis…),
            or enter the secret by hand, then type the 6-digit code it shows.
          </p>
          <img
            className="qr"
            src={start.data.qr_data_url}
            alt="QR code to add Pharos to an authenticator app"
          />
          <div className="secret-box">
            <span className="visually-hidden">Secret: </span>
            <code data-testid="totp-secret">{start.data.secret}</code>
            <CopyButton text={start.data.secret} label="Copy secret" />
          </div>
          <TextField
            label="Code from the app"
            value={code}
            onChange={setCode}
            autoComplete="one-time-code"
            inputMode="numeric"
            autoFocus
          />
          {confirm.isError && <FormMessage>{errorText(confirm.error)}</FormMessage>}
          <div className="form-actions">
            <Button variant="ghost" onClick={() => start.reset()}>
              Cancel
            </Button>
            <Button
              type="submit"
              variant="primary"
              busy={confirm.isPending}
              disabled={code.trim().length < 6}
            >
              Turn on two-factor authentication
            </Button>
          </div>
        </form>
      ) : (
        <>
          <p className="muted">
            Protect your account with a code from an authenticator app at every sign-in.
          </p>
          {start.isError && <FormMessage>{errorText(start.error)}</FormMessage>}
          <div>
            <Button variant="primary" busy={start.isPending} onClick={() => start.mutate()}>
              Set up two-factor authentication
            </Button>
          </div>
        </>
      )}
    </div>
  );
}

function BackupCodes({ codes, onDone }: { codes: string[]; onDone: () => void }) {
  return (
    <div className="form-stack">
      <FormMessage tone="success">Two-factor authentication is on.</FormMessage>
      <p>
        <strong>Save these backup codes now.</strong> Each signs you in once if you lose your phone.
        They will not be shown again.
      </p>
      <ul className="backup-codes" aria-label="Backup codes">
        {codes.map((c) => (
          <li key={c}>{c}</li>
        ))}
      </ul>
      <div className="form-actions">
        <CopyButton text={codes.join('\n')} label="Copy backup codes" size="md" />
        <Button variant="primary" onClick={onDone}>
          I have saved them
        </Button>
      </div>
    </div>
  );
}

function DisableMfa() {
  const queryClient = useQueryClient();
  const [password, setPassword] = useState('');
  const toast = useToast();
  const disable = useMutation({
    mutationFn: () => disableMfa({ password }),
    onSuccess: () => {
      toast.success('Two-factor authentication turned off');
      return queryClient.invalidateQueries({ queryKey: meKey });
    },
    onError: (err) => toast.error(`Two-factor authentication stays on: ${errorText(err)}`),
  });
  return (
    <form
      className="form-row"
      onSubmit={(e) => {
        e.preventDefault();
        disable.mutate();
      }}
    >
      <TextField
        label="Password to turn it off"
        type="password"
        value={password}
        onChange={setPassword}
        autoComplete="current-password"
      />
      <Button type="submit" variant="danger" busy={disable.isPending} disabled={!password}>
        Turn off
      </Button>
    </form>
  );
}
