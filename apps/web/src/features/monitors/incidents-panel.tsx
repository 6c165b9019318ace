import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Badge } from '../../components/badge.tsx';
import { Button } from '../../components/button.tsx';
import { Dialog } from '../../components/dialog.tsx';
import { FormMessage, TextField } from '../../components/form-field.tsx';
import { Select } from '../../components/select.tsx';
import { useToast } from '../../components/toast.tsx';
import { errorText } from '../common/errors.ts';
import { Time } from '../common/time.tsx';
import { ListCard } from './list-card.tsx';
import {
  createIncident,
  deleteIncident,
  IMPACTS,
  INCIDENT_STATUSES,
  listIncidents,
  postIncidentUpdate,
  type Impact,
  type Incident,
  type IncidentStatus,
  type StatusPage,
} from './status-api.ts';

const IMPACT_TONE = {
  none: 'neutral',
  minor: 'warning',
  major: 'danger',
  critical: 'danger',
} as const;

/** Incidents with their latest status; open one, post updates, resolve. */
export function IncidentsPanel({ pages, canWrite }: { pages: StatusPage[]; canWrite: boolean }) {
  const incidents = useQuery({ queryKey: ['status-pages', 'incidents'], queryFn: listIncidents });
  const [creating, setCreating] = useState(false);
  const [updating, setUpdating] = useState<Incident | null>(null);
  const qc = useQueryClient();
  const toast = useToast();
  const remove = useMutation({
    mutationFn: (i: Incident) => deleteIncident(i.id),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['status-pages'] }),
    onError: (e) => toast.error(errorText(e)),
  });
  const pageTitle = (id: string | null) => pages.find((p) => p.id === id)?.title ?? 'no page';
  return (
    <ListCard
      id="sp-incidents"
      title="Incidents"
      action={canWrite ? { label: 'Declare incident', onClick: () => setCreating(true) } : null}
      items={incidents.data?.items ?? []}
      error={incidents.isError ? incidents.error : null}
      empty="No incidents. Declare one to tell visitors of a status page what is going on."
      renderItem={(i) => (
        <>
          <strong className="mon-grow">{i.title}</strong>
          <Badge tone={i.status === 'resolved' ? 'success' : 'warning'}>{i.status}</Badge>
          <Badge tone={IMPACT_TONE[i.impact]}>{i.impact}</Badge>
          <span className="muted">{pageTitle(i.status_page_id)}</span>
          <Time iso={i.started_at} />
          {canWrite && (
            <>
              <Button size="sm" onClick={() => setUpdating(i)}>
                Post update
              </Button>
              <Button size="sm" variant="ghost" onClick={() => remove.mutate(i)}>
                Delete
              </Button>
            </>
          )}
        </>
      )}
    >
      <Dialog open={creating} onClose={() => setCreating(false)} title="Declare an incident">
        {creating && <IncidentForm pages={pages} onDone={() => setCreating(false)} />}
      </Dialog>
      <Dialog
        open={updating !== null}
        onClose={() => setUpdating(null)}
        title={`Update: ${updating?.title ?? ''}`}
      >
        {updating && (
          <IncidentForm pages={pages} incident={updating} onDone={() => setUpdating(null)} />
        )}
      </Dialog>
    </ListCard>
  );
}

function IncidentForm({
  pages,
  incident,
  onDone,
}: {
  pages: StatusPage[];
  incident?: Incident;
  onDone: () => void;
}) {
  const [title, setTitle] = useState('');
  const [pageId, setPageId] = useState(pages[0]?.id ?? '');
  const [status, setStatus] = useState<IncidentStatus>(incident?.status ?? 'investigating');
  const [impact, setImpact] = useState<Impact>('minor');
  const [message, setMessage] = useState('');
  const [error, setError] = useState('');
  const qc = useQueryClient();
  const save = useMutation({
    mutationFn: async () => {
      const target =
        incident ??
        (await createIncident({
          title: title.trim(),
          status_page_id: pageId || null,
          status,
          impact,
        }));
      await postIncidentUpdate(target.id, { status, message: message.trim() });
    },
    onSuccess: async () => {
      await qc.invalidateQueries({ queryKey: ['status-pages'] });
      await qc.invalidateQueries({ queryKey: ['public-status'] });
      onDone();
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const problem =
      !incident && !title.trim()
        ? 'Give the incident a title.'
        : !message.trim()
          ? 'Write what visitors should know.'
          : '';
    setError(problem);
    if (!problem) save.mutate();
  };
  return (
    <form className="form-stack" onSubmit={submit} noValidate>
      {!incident && (
        <>
          <TextField label="Title" value={title} onChange={setTitle} autoFocus />
          <div className="form-row">
            <Select
              label="Status page"
              value={pageId}
              onChange={setPageId}
              options={[
                { value: '', label: 'None' },
                ...pages.map((p) => ({ value: p.id, label: p.title })),
              ]}
            />
            <Select
              label="Impact"
              value={impact}
              onChange={setImpact}
              options={IMPACTS.map((v) => ({ value: v, label: v }))}
            />
          </div>
        </>
      )}
      <Select
        label="Status"
        value={status}
        onChange={setStatus}
        options={INCIDENT_STATUSES.map((v) => ({ value: v, label: v }))}
      />
      <TextField label="Message" value={message} onChange={setMessage} />
      <FormMessage>{error || (save.isError ? errorText(save.error) : '')}</FormMessage>
      <div className="form-actions">
        <Button onClick={onDone}>Cancel</Button>
        <Button type="submit" variant="primary" busy={save.isPending}>
          {incident ? 'Post update' : 'Declare'}
        </Button>
      </div>
    </form>
  );
}
