import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Button } from '../../components/button.tsx';
import { Dialog } from '../../components/dialog.tsx';
import { FormMessage, TextField } from '../../components/form-field.tsx';
import { useToast } from '../../components/toast.tsx';
import { ApiError } from '../../lib/api.ts';
import { errorText } from '../common/errors.ts';
import { listMonitors } from './api.ts';
import {
  createStatusPage,
  getPublicPage,
  updateStatusPage,
  type StatusPage,
  type StatusPageInput,
} from './status-api.ts';

const SLUG = /^[a-z0-9][a-z0-9-]{0,62}$/;

export function StatusPageDialog({
  page,
  open,
  onClose,
}: {
  page: StatusPage | null;
  open: boolean;
  onClose: () => void;
}) {
  return (
    <Dialog
      open={open}
      onClose={onClose}
      title={page ? `Edit ${page.title}` : 'New status page'}
      width={600}
    >
      {open && <StatusPageForm key={page?.id ?? 'new'} page={page} onClose={onClose} />}
    </Dialog>
  );
}

function StatusPageForm({ page, onClose }: { page: StatusPage | null; onClose: () => void }) {
  const monitors = useQuery({
    queryKey: ['monitors', 'list', 'all'],
    queryFn: () => listMonitors(),
  });
  // The admin API does not return a page's monitors; a published page's public JSON does.
  const current = useQuery({
    queryKey: ['public-status', page?.slug],
    queryFn: () => getPublicPage(page?.slug ?? ''),
    enabled: Boolean(page?.is_published),
    retry: false,
  });
  const [slug, setSlug] = useState(page?.slug ?? '');
  const [title, setTitle] = useState(page?.title ?? '');
  const [description, setDescription] = useState(page?.description ?? '');
  const [published, setPublished] = useState(page?.is_published ?? false);
  const [showUptime, setShowUptime] = useState(page?.show_uptime ?? true);
  const [picked, setPicked] = useState<Map<string, string> | null>(page ? null : new Map());
  const [errors, setErrors] = useState<Record<string, string>>({});
  const qc = useQueryClient();
  const toast = useToast();

  // Until the user changes the selection, it is what the public page shows (if known).
  const selection =
    picked ??
    new Map(
      (current.data?.groups ?? []).flatMap((g) => g.monitors.map((m) => [m.id, g.name ?? ''])),
    );
  const touch = (fn: (m: Map<string, string>) => void) => {
    const next = new Map(selection);
    fn(next);
    setPicked(next);
  };

  const save = useMutation({
    mutationFn: () => {
      const body: StatusPageInput = {
        slug,
        title: title.trim(),
        description: description.trim() || null,
        is_published: published,
        show_uptime: showUptime,
      };
      if (picked)
        body.monitors = [...picked].map(([id, group], position) => ({
          monitor_id: id,
          group_name: group.trim() || null,
          position,
        }));
      return page ? updateStatusPage(page.id, body) : createStatusPage(body);
    },
    onSuccess: async (p) => {
      await qc.invalidateQueries({ queryKey: ['status-pages'] });
      await qc.invalidateQueries({ queryKey: ['public-status'] });
      toast.success(`Saved ${p.title}${p.is_published ? ' (published)' : ''}`);
      onClose();
    },
    onError: (err) => {
      if (err instanceof ApiError) setErrors(err.fieldErrors);
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const found: Record<string, string> = {};
    if (!SLUG.test(slug))
      found.slug = 'Lower-case letters, digits and dashes, starting with a letter or digit.';
    if (!title.trim()) found.title = 'Give the page a title.';
    setErrors(found);
    if (!Object.keys(found).length) save.mutate();
  };

  const items = monitors.data?.items ?? [];
  return (
    <form className="form-stack" onSubmit={submit} noValidate>
      <div className="form-row">
        <TextField label="Title" value={title} onChange={setTitle} error={errors.title} autoFocus />
        <TextField
          label="Slug"
          value={slug}
          onChange={(v) => setSlug(v.toLowerCase())}
          error={errors.slug}
          hint={slug ? `Public at /s/${slug}` : 'Part of the public address'}
        />
      </div>
      <TextField label="Description" value={description} onChange={setDescription} />
      <div>
        <label className="checkbox">
          <input
            type="checkbox"
            checked={published}
            onChange={(e) => setPublished(e.target.checked)}
          />
          Published (anyone with the link can see it)
        </label>
        <label className="checkbox">
          <input
            type="checkbox"
            checked={showUptime}
            onChange={(e) => setShowUptime(e.target.checked)}
          />
          Show uptime bars
        </label>
      </div>
      <fieldset className="form-fieldset">
        <legend>Monitors on the page</legend>
        {page && !page.is_published && !picked && (
          <p className="muted">
            The page is not published, so its current monitors cannot be read back; choosing
            monitors here replaces them.
          </p>
        )}
        {items.length === 0 && <p className="muted">Create a monitor first.</p>}
        <ul className="mon-list">
          {items.map((m) => {
            const on = selection.has(m.id);
            return (
              <li key={m.id}>
                <label className="checkbox mon-grow">
                  <input
                    type="checkbox"
                    checked={on}
                    onChange={(e) =>
                      touch((s) => (e.target.checked ? s.set(m.id, '') : s.delete(m.id)))
                    }
                  />
                  {m.name}
                </label>
                {on && (
                  <TextField
                    label={`Group of ${m.name}`}
                    placeholder="e.g. API"
                    value={selection.get(m.id) ?? ''}
                    onChange={(v) => touch((s) => s.set(m.id, v))}
                  />
                )}
              </li>
            );
          })}
        </ul>
      </fieldset>
      {save.isError && <FormMessage>{errorText(save.error)}</FormMessage>}
      <div className="form-actions">
        <Button onClick={onClose}>Cancel</Button>
        <Button type="submit" variant="primary" busy={save.isPending}>
          {page ? 'Save' : 'Create page'}
        </Button>
      </div>
    </form>
  );
}
