import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { useCan } from '../../app/session.tsx';
import { Badge } from '../../components/badge.tsx';
import { Button } from '../../components/button.tsx';
import { Dialog } from '../../components/dialog.tsx';
import { EmptyState, ErrorState, LoadingState } from '../../components/states.tsx';
import { useToast } from '../../components/toast.tsx';
import { errorText } from '../common/errors.ts';
import { IncidentsPanel } from './incidents-panel.tsx';
import { MaintenancePanel } from './maintenance-panel.tsx';
import {
  badgeUrl,
  deleteStatusPage,
  feedUrl,
  listStatusPages,
  publicPath,
  type StatusPage,
} from './status-api.ts';
import { StatusPageDialog } from './status-page-dialog.tsx';
import './monitors.css';

/** Status pages (with their monitors and groups), incidents and maintenance windows. */
export function StatusPagesPage() {
  const canWrite = useCan('telemetry.write');
  const pages = useQuery({ queryKey: ['status-pages', 'list'], queryFn: listStatusPages });
  const [editing, setEditing] = useState<StatusPage | 'new' | null>(null);
  const [deleting, setDeleting] = useState<StatusPage | null>(null);
  const qc = useQueryClient();
  const toast = useToast();
  const remove = useMutation({
    mutationFn: (p: StatusPage) => deleteStatusPage(p.id),
    onSuccess: async () => {
      await qc.invalidateQueries({ queryKey: ['status-pages'] });
      setDeleting(null);
    },
    onError: (e) => toast.error(errorText(e)),
  });
  const items = pages.data?.items ?? [];

  return (
    <section className="page status-pages-page" aria-labelledby="page-title">
      <nav aria-label="Breadcrumb" className="mon-crumbs">
        <Link to="/monitors">Monitors</Link> / Status pages
      </nav>
      <header className="page-header">
        <h1 id="page-title">Status pages</h1>
        {canWrite && (
          <Button variant="primary" onClick={() => setEditing('new')}>
            New status page
          </Button>
        )}
      </header>
      {pages.isPending ? (
        <LoadingState label="Loading status pages…" />
      ) : pages.isError ? (
        <ErrorState error={pages.error} onRetry={() => void pages.refetch()} />
      ) : items.length === 0 ? (
        <EmptyState
          title="No status pages yet"
          description="A status page shows your monitors' status and 90-day uptime, incidents and maintenance to anyone with the link, without signing in."
          {...(canWrite
            ? { action: { label: 'Create a status page', onClick: () => setEditing('new') } }
            : {})}
        />
      ) : (
        <section className="mon-card" aria-labelledby="sp-pages">
          <h2 id="sp-pages">Pages</h2>
          <ul className="mon-list">
            {items.map((p) => (
              <li key={p.id}>
                <strong>{p.title}</strong>
                <span className="mono muted mon-grow">/{p.slug}</span>
                {p.is_published ? (
                  <>
                    <Badge tone="success">published</Badge>
                    <a href={publicPath(p.slug)} target="_blank" rel="noreferrer">
                      Open public page
                    </a>
                    <a href={feedUrl(p.slug, 'atom')}>Atom</a>
                    <a href={feedUrl(p.slug, 'rss')}>RSS</a>
                    <a href={badgeUrl(p.slug)}>Badge</a>
                  </>
                ) : (
                  <Badge>draft</Badge>
                )}
                {canWrite && (
                  <>
                    <Button size="sm" onClick={() => setEditing(p)}>
                      Edit {p.title}
                    </Button>
                    <Button size="sm" variant="ghost" onClick={() => setDeleting(p)}>
                      Delete
                    </Button>
                  </>
                )}
              </li>
            ))}
          </ul>
        </section>
      )}
      <IncidentsPanel pages={items} canWrite={canWrite} />
      <MaintenancePanel pages={items} canWrite={canWrite} />
      <StatusPageDialog
        open={editing !== null}
        page={editing === 'new' ? null : editing}
        onClose={() => setEditing(null)}
      />
      <Dialog
        open={deleting !== null}
        onClose={() => setDeleting(null)}
        title={`Delete ${deleting?.title ?? ''}?`}
        description="Its public address stops working. Monitors, incidents and maintenance stay."
        footer={
          <>
            <Button onClick={() => setDeleting(null)}>Cancel</Button>
            <Button
              variant="danger"
              busy={remove.isPending}
              onClick={() => deleting && remove.mutate(deleting)}
            >
              Delete page
            </Button>
          </>
        }
      />
    </section>
  );
}
