import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Button } from '../../components/button.tsx';
import { Dialog } from '../../components/dialog.tsx';
import { Select } from '../../components/select.tsx';
import { useToast } from '../../components/toast.tsx';
import { errorText } from '../common/errors.ts';
import { listUsers, updateIssue, type Issue, type IssueUpdate } from './api.ts';

const DONE: Record<string, string> = {
  resolved: 'Issue resolved',
  ignored: 'Issue ignored',
  acknowledged: 'Issue acknowledged',
  'in-progress': 'Issue marked in progress',
  new: 'Issue reopened',
};

/** Status buttons, the assignee picker and the resolution note; each change is toasted. */
export function IssueActions({ issue }: { issue: Issue }) {
  const toast = useToast();
  const client = useQueryClient();
  const users = useQuery({
    queryKey: ['users'],
    queryFn: ({ signal }) => listUsers(signal),
    staleTime: 60_000,
  });
  const [resolving, setResolving] = useState(false);
  const [note, setNote] = useState(issue.resolution_note ?? '');
  const update = useMutation({
    mutationFn: (body: IssueUpdate) => updateIssue(issue.id, body),
    onSuccess: (updated, body) => {
      client.setQueryData(['error-issue', issue.id], (old: { issue: Issue } | undefined) =>
        old ? { ...old, issue: { ...old.issue, ...updated } } : old,
      );
      void client.invalidateQueries({ queryKey: ['error-issues'] });
      if (body.status) toast.success(DONE[body.status] ?? `Status: ${body.status}`);
      else if ('assigned_to' in body) {
        const who = users.data?.items.find((u) => u.id === body.assigned_to);
        toast.success(
          body.assigned_to ? `Assigned to ${who?.name || who?.email || 'the user'}` : 'Unassigned',
        );
      } else toast.success('Resolution note saved');
    },
    onError: (err) => toast.error(`Could not update the issue: ${errorText(err)}`),
  });
  const busy = update.isPending;
  const set = (body: IssueUpdate) => update.mutate(body);
  const userOptions = [
    { value: '', label: 'Unassigned' },
    ...(users.data?.items ?? []).map((u) => ({
      value: u.id,
      label: u.name ? `${u.name} (${u.email})` : u.email,
    })),
  ];
  if (issue.assigned_to && !userOptions.some((o) => o.value === issue.assigned_to))
    userOptions.push({ value: issue.assigned_to, label: 'A former member' });

  return (
    <div className="issue-actions" role="group" aria-label="Triage">
      {issue.status === 'resolved' ? (
        <Button size="sm" disabled={busy} onClick={() => set({ status: 'new' })}>
          Reopen
        </Button>
      ) : (
        <Button size="sm" variant="primary" disabled={busy} onClick={() => setResolving(true)}>
          Resolve…
        </Button>
      )}
      {issue.status !== 'acknowledged' && issue.status !== 'resolved' && (
        <Button size="sm" disabled={busy} onClick={() => set({ status: 'acknowledged' })}>
          Acknowledge
        </Button>
      )}
      {issue.status !== 'in-progress' && issue.status !== 'resolved' && (
        <Button size="sm" disabled={busy} onClick={() => set({ status: 'in-progress' })}>
          In progress
        </Button>
      )}
      {issue.status !== 'ignored' && (
        <Button size="sm" disabled={busy} onClick={() => set({ status: 'ignored' })}>
          Ignore
        </Button>
      )}
      <Select
        label="Assignee"
        value={issue.assigned_to ?? ''}
        options={userOptions}
        disabled={busy || users.isPending}
        onChange={(v) => set({ assigned_to: v || null })}
      />
      <Dialog
        open={resolving}
        onClose={() => setResolving(false)}
        title="Resolve issue"
        description="A new event after this reopens it as a regression."
        footer={
          <>
            <Button onClick={() => setResolving(false)}>Cancel</Button>
            <Button
              variant="primary"
              busy={busy}
              onClick={() => {
                setResolving(false);
                set({ status: 'resolved', resolution_note: note.trim() || null });
              }}
            >
              Resolve
            </Button>
          </>
        }
      >
        <label className="px-label" htmlFor="resolution-note">
          Resolution note (optional)
        </label>
        <textarea
          id="resolution-note"
          className="px-input resolution-note"
          rows={4}
          value={note}
          onChange={(e) => setNote(e.target.value)}
          placeholder="Fixed in shop@1.0.1: null check in placeOrder"
        />
      </Dialog>
    </div>
  );
}
