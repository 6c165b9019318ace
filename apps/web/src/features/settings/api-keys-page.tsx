import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { useCan } from '../../app/session.tsx';
import { Badge } from '../../components/badge.tsx';
import { Button } from '../../components/button.tsx';
import { CopyButton } from '../../components/copy-button.tsx';
import { Dialog } from '../../components/dialog.tsx';
import { EmptyState, ErrorState, LoadingState } from '../../components/states.tsx';
import { useToast } from '../../components/toast.tsx';
import { errorText } from '../common/errors.ts';
import { FormMessage, TextField } from '../../components/form-field.tsx';
import { Time } from '../common/time.tsx';
import { listApiKeys, revokeApiKey, type ApiKey } from './api.ts';
import { CreateApiKeyDialog } from './create-api-key-dialog.tsx';

export function ApiKeysPage() {
  const canWrite = useCan('keys.write');
  const canRead = useCan('keys.read');
  const [params, setParams] = useSearchParams();
  const showRevoked = params.get('revoked') === '1';
  const keys = useQuery({ queryKey: ['api-keys'], queryFn: listApiKeys, enabled: canRead });
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<(ApiKey & { key: string; dsn?: string }) | null>(null);
  const [revoking, setRevoking] = useState<ApiKey | null>(null);

  const items = (keys.data?.items ?? []).filter((k) => showRevoked || !k.revoked);
  return (
    <section className="page" aria-labelledby="page-title">
      <header className="page-header">
        <h1 id="page-title">API keys</h1>
        <label className="checkbox">
          <input
            type="checkbox"
            checked={showRevoked}
            onChange={(e) =>
              setParams(
                (p) => {
                  if (e.target.checked) p.set('revoked', '1');
                  else p.delete('revoked');
                  return p;
                },
                { replace: true },
              )
            }
          />
          Show revoked
        </label>
        <Button variant="primary" disabled={!canWrite} onClick={() => setCreating(true)}>
          Create API key
        </Button>
      </header>
      <p className="muted">
        Keys authenticate ingestion (OTLP, Sentry SDKs) and scripts against the API as{' '}
        <code>Authorization: Bearer &lt;key&gt;</code>. A key never does more than its owner’s role
        allows.
        {!canWrite && ' Your role cannot create keys.'}
      </p>
      {!canRead ? (
        <EmptyState title="Your role cannot see API keys" />
      ) : keys.isPending ? (
        <LoadingState />
      ) : keys.isError ? (
        <ErrorState error={keys.error} onRetry={() => void keys.refetch()} />
      ) : items.length === 0 ? (
        <EmptyState
          title="No API keys yet"
          description="Create one to send logs, metrics, traces or errors to Pharos."
        />
      ) : (
        <div className="table-wrap">
          <table className="table" aria-label="API keys">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Prefix</th>
                <th scope="col">Scopes</th>
                <th scope="col">Created</th>
                <th scope="col">Last used</th>
                <th scope="col" className="num">
                  Uses
                </th>
                <th scope="col">Expires</th>
                <th scope="col">Allowed IPs</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((k) => (
                <tr key={k.id} className={k.revoked ? 'is-dim' : undefined}>
                  <td>
                    {k.name} {k.revoked && <Badge tone="danger">revoked</Badge>}
                  </td>
                  <td className="mono">{k.key_prefix}…</td>
                  <td>{k.scopes.join(', ')}</td>
                  <td>
                    <Time iso={k.created_at} />
                  </td>
                  <td>{k.last_used_at ? <Time iso={k.last_used_at} relative /> : 'never'}</td>
                  <td className="num">{k.usage_count}</td>
                  <td>{k.expires_at ? <Time iso={k.expires_at} /> : 'never'}</td>
                  <td className="mono wrap">{k.allowed_ips?.join(', ') ?? 'any'}</td>
                  <td className="actions">
                    {!k.revoked && (
                      <Button
                        size="sm"
                        variant="danger"
                        disabled={!canWrite}
                        onClick={() => setRevoking(k)}
                        aria-label={`Revoke ${k.name}`}
                      >
                        Revoke
                      </Button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <CreateApiKeyDialog
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={(k) => {
          setCreating(false);
          setCreated(k);
        }}
      />
      <Dialog
        open={created !== null}
        onClose={() => setCreated(null)}
        title="Your new API key"
        description="Copy it now: Pharos stores only a hash and cannot show it again."
        footer={
          <Button variant="primary" onClick={() => setCreated(null)}>
            Done
          </Button>
        }
      >
        {created && (
          <div className="form-stack">
            <div className="secret-box">
              <code data-testid="new-api-key">{created.key}</code>
              <CopyButton text={created.key} label="Copy API key" />
            </div>
            {created.dsn && (
              <>
                <p className="muted">Sentry SDKs take the key in a DSN:</p>
                <div className="secret-box">
                  <code data-testid="new-api-key-dsn">{created.dsn}</code>
                  <CopyButton text={created.dsn} label="Copy Sentry DSN" />
                </div>
              </>
            )}
            <p className="muted">
              {created.name} · scopes {created.scopes.join(', ')} ·{' '}
              {created.expires_at ? (
                <>
                  expires <Time iso={created.expires_at} />
                </>
              ) : (
                'no expiry'
              )}
            </p>
          </div>
        )}
      </Dialog>
      <RevokeDialog apiKey={revoking} onClose={() => setRevoking(null)} />
    </section>
  );
}

function RevokeDialog({ apiKey, onClose }: { apiKey: ApiKey | null; onClose: () => void }) {
  const queryClient = useQueryClient();
  const toast = useToast();
  const [reason, setReason] = useState('');
  const revoke = useMutation({
    mutationFn: (k: ApiKey) => revokeApiKey(k.id, reason.trim() || undefined),
    onSuccess: (_r, k) => {
      void queryClient.invalidateQueries({ queryKey: ['api-keys'] });
      toast.success(`API key “${k.name}” revoked`);
      setReason('');
      onClose();
    },
  });
  return (
    <Dialog
      open={apiKey !== null}
      onClose={onClose}
      title={`Revoke “${apiKey?.name ?? ''}”?`}
      description="Requests with this key fail at once. This cannot be undone."
      footer={
        <>
          <Button variant="ghost" onClick={onClose}>
            Cancel
          </Button>
          <Button
            variant="danger"
            busy={revoke.isPending}
            onClick={() => apiKey && revoke.mutate(apiKey)}
          >
            Revoke key
          </Button>
        </>
      }
    >
      <div className="form-stack">
        <TextField
          label="Reason (optional, kept in the audit log)"
          value={reason}
          onChange={setReason}
          maxLength={500}
        />
        {revoke.isError && <FormMessage>{errorText(revoke.error)}</FormMessage>}
      </div>
    </Dialog>
  );
}
