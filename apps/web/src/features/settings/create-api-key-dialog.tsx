import { API_KEY_SCOPES, type ApiKeyScope } from '@pharos/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Button } from '../../components/button.tsx';
import { Dialog } from '../../components/dialog.tsx';
import { useToast } from '../../components/toast.tsx';
import { errorText } from '../common/errors.ts';
import { FormMessage, TextField } from '../../components/form-field.tsx';
import { createApiKey, type ApiKey, type CreateApiKeyInput } from './api.ts';

const SCOPE_HELP: Record<ApiKeyScope, string> = {
  ingest: 'send telemetry',
  read: 'read data and settings',
  write: 'read and change data',
  admin: 'everything the owner may do',
};

const EXPIRY = [
  { value: '30', label: '30 days' },
  { value: '90', label: '90 days' },
  { value: '365', label: '1 year' },
  { value: 'never', label: 'Never' },
  { value: 'custom', label: 'On a date…' },
] as const;
type Expiry = (typeof EXPIRY)[number]['value'];

/** The request body for the form's values, or the message that explains why it cannot be sent. */
export function buildApiKeyInput(v: {
  name: string;
  scopes: ApiKeyScope[];
  expiry: Expiry;
  date: string;
  ips: string;
  now?: number;
}): CreateApiKeyInput | string {
  if (!v.name.trim()) return 'Give the key a name.';
  if (v.scopes.length === 0) return 'Choose at least one scope.';
  const body: CreateApiKeyInput = { name: v.name.trim(), scopes: v.scopes };
  const now = v.now ?? Date.now();
  if (v.expiry === 'custom') {
    const t = Date.parse(`${v.date}T23:59:59`);
    if (!v.date || Number.isNaN(t) || t <= now) return 'Choose an expiry date in the future.';
    body.expires_at = new Date(t).toISOString();
  } else if (v.expiry !== 'never') {
    body.expires_at = new Date(now + Number(v.expiry) * 86_400_000).toISOString();
  }
  const ips = v.ips
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter(Boolean);
  if (ips.length) body.allowed_ips = ips;
  return body;
}

export function CreateApiKeyDialog({
  open,
  onClose,
  onCreated,
}: {
  open: boolean;
  onClose: () => void;
  onCreated: (k: ApiKey & { key: string; dsn?: string }) => void;
}) {
  const queryClient = useQueryClient();
  const toast = useToast();
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<ApiKeyScope[]>(['ingest']);
  const [expiry, setExpiry] = useState<Expiry>('90');
  const [date, setDate] = useState('');
  const [ips, setIps] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const create = useMutation({
    mutationFn: createApiKey,
    onSuccess: (k) => {
      void queryClient.invalidateQueries({ queryKey: ['api-keys'] });
      setName('');
      setIps('');
      setProblem(null);
      toast.success(`API key “${k.name}” created`);
      onCreated(k);
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const body = buildApiKeyInput({ name, scopes, expiry, date, ips });
    if (typeof body === 'string') return setProblem(body);
    setProblem(null);
    create.mutate(body);
  };
  const toggle = (s: ApiKeyScope, on: boolean) =>
    setScopes((cur) => (on ? [...cur, s] : cur.filter((x) => x !== s)));

  return (
    <Dialog open={open} onClose={onClose} title="Create API key" width={480}>
      <form className="form-stack" onSubmit={submit} id="create-key-form" noValidate>
        <TextField
          label="Name"
          value={name}
          onChange={setName}
          hint="What uses it, e.g. checkout-service production."
          maxLength={255}
          autoFocus
          required
        />
        <fieldset className="form-fieldset">
          <legend>Scopes</legend>
          {API_KEY_SCOPES.map((s) => (
            <label key={s} className="checkbox" title={SCOPE_HELP[s]}>
              <input
                type="checkbox"
                checked={scopes.includes(s)}
                onChange={(e) => toggle(s, e.target.checked)}
              />
              {s}
            </label>
          ))}
          <div className="form-hint">
            ingest: send telemetry · read: read data · write: read and change · admin: everything
            your role allows.
          </div>
        </fieldset>
        <div className="form-row">
          <div className="form-field">
            <label className="form-label" htmlFor="key-expiry">
              Expires
            </label>
            <select
              id="key-expiry"
              className="px-select"
              value={expiry}
              onChange={(e) => setExpiry(e.target.value as Expiry)}
            >
              {EXPIRY.map((o) => (
                <option key={o.value} value={o.value}>
                  {o.label}
                </option>
              ))}
            </select>
          </div>
          {expiry === 'custom' && (
            <TextField label="Expiry date" type="date" value={date} onChange={setDate} />
          )}
        </div>
        <TextField
          label="Allowed IP addresses (optional)"
          value={ips}
          onChange={setIps}
          placeholder="10.0.0.0/8, 203.0.113.7"
          hint="Addresses or CIDR ranges, separated by commas. Empty: any address."
        />
        {(problem || create.isError) && (
          <FormMessage>{problem ?? errorText(create.error)}</FormMessage>
        )}
        <div className="form-actions">
          <Button variant="ghost" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" variant="primary" busy={create.isPending}>
            Create key
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
