import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Badge } from '../../components/badge.tsx';
import { Button } from '../../components/button.tsx';
import { Dialog } from '../../components/dialog.tsx';
import { FormMessage, TextField } from '../../components/form-field.tsx';
import { Select } from '../../components/select.tsx';
import { useTimeZone } from '../../components/time-zone.tsx';
import { useToast } from '../../components/toast.tsx';
import { fromDateTimeLocalValue } from '../../lib/time-range.ts';
import { errorText } from '../common/errors.ts';
import { Time } from '../common/time.tsx';
import { ListCard } from './list-card.tsx';
import {
  createMaintenance,
  deleteMaintenance,
  listMaintenance,
  updateMaintenance,
  type MaintenanceWindow,
  type StatusPage,
} from './status-api.ts';

/** Maintenance windows: schedule one (it shows on the page and suppresses alerts), cancel it. */
export function MaintenancePanel({ pages, canWrite }: { pages: StatusPage[]; canWrite: boolean }) {
  const windows = useQuery({
    queryKey: ['status-pages', 'maintenance'],
    queryFn: listMaintenance,
  });
  const [creating, setCreating] = useState(false);
  const qc = useQueryClient();
  const toast = useToast();
  const done = () => void qc.invalidateQueries({ queryKey: ['status-pages'] });
  const cancel = useMutation({
    mutationFn: (w: MaintenanceWindow) => updateMaintenance(w.id, { status: 'cancelled' }),
    onSuccess: done,
    onError: (e) => toast.error(errorText(e)),
  });
  const remove = useMutation({
    mutationFn: (w: MaintenanceWindow) => deleteMaintenance(w.id),
    onSuccess: done,
    onError: (e) => toast.error(errorText(e)),
  });
  return (
    <ListCard
      id="sp-maint"
      title="Maintenance windows"
      action={canWrite ? { label: 'Schedule maintenance', onClick: () => setCreating(true) } : null}
      items={windows.data?.items ?? []}
      error={windows.isError ? windows.error : null}
      empty="None scheduled. A window shows on its status page and keeps its monitors from alerting."
      renderItem={(w) => (
        <>
          <strong className="mon-grow">{w.title}</strong>
          <Badge tone={w.status === 'in-progress' ? 'warning' : 'neutral'}>{w.status}</Badge>
          <span>
            <Time iso={w.starts_at} /> – <Time iso={w.ends_at} />
          </span>
          {canWrite && w.status === 'scheduled' && (
            <Button size="sm" onClick={() => cancel.mutate(w)}>
              Cancel
            </Button>
          )}
          {canWrite && (
            <Button size="sm" variant="ghost" onClick={() => remove.mutate(w)}>
              Delete
            </Button>
          )}
        </>
      )}
    >
      <Dialog open={creating} onClose={() => setCreating(false)} title="Schedule maintenance">
        {creating && <MaintenanceForm pages={pages} onDone={() => setCreating(false)} />}
      </Dialog>
    </ListCard>
  );
}

function MaintenanceForm({ pages, onDone }: { pages: StatusPage[]; onDone: () => void }) {
  const tz = useTimeZone();
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [pageId, setPageId] = useState(pages[0]?.id ?? '');
  const [starts, setStarts] = useState('');
  const [ends, setEnds] = useState('');
  const [error, setError] = useState('');
  const qc = useQueryClient();
  const save = useMutation({
    mutationFn: (times: { s: number; e: number }) =>
      createMaintenance({
        title: title.trim(),
        description: description.trim() || null,
        status_page_id: pageId || null,
        starts_at: new Date(times.s).toISOString(),
        ends_at: new Date(times.e).toISOString(),
      }),
    onSuccess: async () => {
      await qc.invalidateQueries({ queryKey: ['status-pages'] });
      onDone();
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const s = fromDateTimeLocalValue(starts, tz);
    const en = fromDateTimeLocalValue(ends, tz);
    const problem = !title.trim()
      ? 'Give the window a title.'
      : s === null || en === null
        ? 'Enter when it starts and ends.'
        : en <= s
          ? 'It ends after it starts.'
          : '';
    setError(problem);
    if (!problem && s !== null && en !== null) save.mutate({ s, e: en });
  };
  return (
    <form className="form-stack" onSubmit={submit} noValidate>
      <TextField label="Title" value={title} onChange={setTitle} autoFocus />
      <TextField label="Description" value={description} onChange={setDescription} />
      <Select
        label="Status page"
        value={pageId}
        onChange={setPageId}
        options={[
          { value: '', label: 'None' },
          ...pages.map((p) => ({ value: p.id, label: p.title })),
        ]}
      />
      <div className="form-row">
        <TextField
          label={`Starts (${tz})`}
          type="datetime-local"
          value={starts}
          onChange={setStarts}
        />
        <TextField label={`Ends (${tz})`} type="datetime-local" value={ends} onChange={setEnds} />
      </div>
      <FormMessage>{error || (save.isError ? errorText(save.error) : '')}</FormMessage>
      <div className="form-actions">
        <Button onClick={onDone}>Cancel</Button>
        <Button type="submit" variant="primary" busy={save.isPending}>
          Schedule
        </Button>
      </div>
    </form>
  );
}
