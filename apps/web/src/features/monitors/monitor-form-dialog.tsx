import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router-dom';
import { Button } from '../../components/button.tsx';
import { CopyButton } from '../../components/copy-button.tsx';
import { Dialog } from '../../components/dialog.tsx';
import { FormMessage, TextField } from '../../components/form-field.tsx';
import { Select } from '../../components/select.tsx';
import { useToast } from '../../components/toast.tsx';
import { ApiError } from '../../lib/api.ts';
import { errorText } from '../common/errors.ts';
import { createMonitor, MONITOR_KINDS, updateMonitor, type Monitor } from './api.ts';
import {
  draftOf,
  inputOf,
  isHttp,
  TARGET,
  validateDraft,
  type MonitorDraft,
} from './monitor-draft.ts';
import { KIND_LABEL } from './shared.tsx';

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;
const RECORDS = ['A', 'AAAA', 'CNAME', 'MX', 'TXT', 'NS'] as const;

export interface MonitorFormDialogProps {
  open: boolean;
  onClose: () => void;
  /** The monitor to edit; null to create one. */
  monitor: Monitor | null;
}

/** Creates or edits a monitor; field errors come from the form's checks and the API's problem. */
export function MonitorFormDialog({ open, onClose, monitor }: MonitorFormDialogProps) {
  return (
    <Dialog
      open={open}
      onClose={onClose}
      title={monitor ? `Edit ${monitor.name}` : 'New monitor'}
      width={560}
    >
      {open && <MonitorForm key={monitor?.id ?? 'new'} monitor={monitor} onClose={onClose} />}
    </Dialog>
  );
}

function MonitorForm({ monitor, onClose }: { monitor: Monitor | null; onClose: () => void }) {
  const [d, setD] = useState<MonitorDraft>(() => draftOf(monitor));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [created, setCreated] = useState<Monitor | null>(null);
  const qc = useQueryClient();
  const toast = useToast();
  const navigate = useNavigate();
  const set =
    <K extends keyof MonitorDraft>(k: K) =>
    (v: MonitorDraft[K]) =>
      setD((p) => ({ ...p, [k]: v }));
  const save = useMutation({
    mutationFn: () =>
      monitor ? updateMonitor(monitor.id, inputOf(d, false)) : createMonitor(inputOf(d, true)),
    onSuccess: async (m) => {
      await qc.invalidateQueries({ queryKey: ['monitors'] });
      toast.success(monitor ? `Saved ${m.name}` : `Created ${m.name}`);
      if (m.push_url) setCreated(m);
      else if (monitor) onClose();
      else void navigate(`/monitors/${m.id}`);
    },
    onError: (err) => {
      if (err instanceof ApiError) setErrors(err.fieldErrors);
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const found = validateDraft(d);
    setErrors(found);
    if (Object.keys(found).length === 0) save.mutate();
  };

  if (created?.push_url)
    return (
      <div className="form-stack">
        <FormMessage tone="success">
          {created.name} is created. Send a GET or POST to this URL from your job every{' '}
          {created.check_interval} seconds; it is shown only now.
        </FormMessage>
        <div className="mon-push">
          <code className="mono">{created.push_url}</code>
          <CopyButton text={created.push_url} label="Copy push URL" />
        </div>
        <p className="muted">
          Cron example: <code className="mono">curl -fsS {created.push_url}</code>; add{' '}
          <code className="mono">?status=down&amp;msg=…</code> to report a failure.
        </p>
        <div className="form-actions">
          <Button variant="primary" onClick={() => void navigate(`/monitors/${created.id}`)}>
            Open the monitor
          </Button>
        </div>
      </div>
    );

  const target = TARGET[d.kind];
  const err = (k: string) => errors[k];
  return (
    <form className="form-stack" onSubmit={submit} noValidate>
      <TextField label="Name" value={d.name} onChange={set('name')} error={err('name')} autoFocus />
      {!monitor && (
        <Select
          label="Kind"
          value={d.kind}
          onChange={set('kind')}
          options={MONITOR_KINDS.map((k) => ({ value: k, label: KIND_LABEL[k] }))}
        />
      )}
      {target ? (
        <TextField
          label={target.label}
          value={d.url}
          onChange={set('url')}
          placeholder={target.placeholder}
          error={err('url')}
        />
      ) : (
        <p className="muted">
          A heartbeat monitor waits for your job to call its push URL (shown once, after saving). It
          goes down when no beat arrives within the interval.
        </p>
      )}
      <div className="form-row">
        <TextField
          label={d.kind === 'heartbeat' ? 'Expected every (s)' : 'Interval (s)'}
          inputMode="numeric"
          value={d.interval}
          onChange={set('interval')}
          error={err('check_interval')}
        />
        <TextField
          label="Timeout (s)"
          inputMode="numeric"
          value={d.timeout}
          onChange={set('timeout')}
          error={err('timeout')}
        />
        <TextField
          label="Retries before down"
          inputMode="numeric"
          value={d.retries}
          onChange={set('retries')}
          error={err('retry_count')}
        />
      </div>
      {isHttp(d.kind) && (
        <div className="form-row">
          <Select
            label="Method"
            value={d.method}
            onChange={set('method')}
            options={METHODS.map((m) => ({ value: m, label: m }))}
          />
          <TextField
            label="Accepted status codes"
            value={d.expectedStatus}
            onChange={set('expectedStatus')}
            placeholder="200-299"
            error={err('config/expectedStatus')}
          />
        </div>
      )}
      {d.kind === 'keyword' && (
        <>
          <TextField
            label="Keyword"
            value={d.keyword}
            onChange={set('keyword')}
            error={err('config/keyword')}
          />
          <label className="checkbox">
            <input
              type="checkbox"
              checked={d.invertKeyword}
              onChange={(e) => set('invertKeyword')(e.target.checked)}
            />
            Down when the keyword is present
          </label>
        </>
      )}
      {d.kind === 'json-query' && (
        <div className="form-row">
          <TextField
            label="JSON path"
            value={d.jsonPath}
            onChange={set('jsonPath')}
            placeholder="$.status"
            error={err('config/jsonPath')}
          />
          <TextField
            label="Expected value"
            value={d.expectedValue}
            onChange={set('expectedValue')}
            error={err('config/expectedValue')}
          />
        </div>
      )}
      {d.kind === 'dns' && (
        <div className="form-row">
          <Select
            label="Record"
            value={d.recordType}
            onChange={set('recordType')}
            options={RECORDS.map((r) => ({ value: r, label: r }))}
          />
          <TextField
            label="Resolver (optional)"
            value={d.resolver}
            onChange={set('resolver')}
            placeholder="1.1.1.1"
            error={err('config/resolver')}
          />
          <TextField
            label="Expected answer (optional)"
            value={d.expectedAnswer}
            onChange={set('expectedAnswer')}
            error={err('config/expectedAnswer')}
          />
        </div>
      )}
      {d.kind === 'postgres' && (
        <>
          <TextField
            label="Query"
            value={d.query}
            onChange={set('query')}
            placeholder="SELECT 1"
            error={err('config/query')}
          />
          <TextField
            label={monitor?.has_secrets ? 'Password (leave empty to keep)' : 'Password'}
            type="password"
            autoComplete="new-password"
            value={d.password}
            onChange={set('password')}
          />
        </>
      )}
      {(isHttp(d.kind) || d.kind === 'tls') && (
        <div className="form-row">
          <TextField
            label="Warn days before certificate expiry"
            value={d.tlsWarnDays}
            onChange={set('tlsWarnDays')}
            placeholder="14, 7"
            error={err('config/tlsWarnDays')}
          />
          {isHttp(d.kind) && (
            <label className="checkbox">
              <input
                type="checkbox"
                checked={d.ignoreTls}
                onChange={(e) => set('ignoreTls')(e.target.checked)}
              />
              Ignore TLS errors
            </label>
          )}
        </div>
      )}
      {save.isError && <FormMessage>{errorText(save.error)}</FormMessage>}
      <p className="muted">
        {monitor
          ? 'Use “Test now” on the monitor page to check the saved settings.'
          : 'Pharos checks the monitor after saving; use “Test now” on its page for a check at once.'}
      </p>
      <div className="form-actions">
        <Button onClick={onClose}>Cancel</Button>
        <Button type="submit" variant="primary" busy={save.isPending}>
          {monitor ? 'Save' : 'Create monitor'}
        </Button>
      </div>
    </form>
  );
}
