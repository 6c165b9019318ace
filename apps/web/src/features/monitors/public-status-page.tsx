import { useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useParams } from 'react-router-dom';
import { ErrorState, LoadingState } from '../../components/states.tsx';
import { Time } from '../common/time.tsx';
import { formatUptime, MonitorStatusPill, UptimeBars } from './shared.tsx';
import { badgeUrl, feedUrl, getPublicPage, type PublicPage } from './status-api.ts';
import './monitors.css';

const BANNER: Record<PublicPage['status'], string> = {
  operational: 'All systems operational',
  degraded: 'Degraded performance',
  'partial-outage': 'Partial outage',
  'major-outage': 'Major outage',
  maintenance: 'Under maintenance',
  unknown: 'Status unknown',
};

/**
 * The public status page, for anonymous visitors (outside sign-in). It lives at /s/:slug because
 * the server answers /status/:slug with the page's JSON for every client, browsers included.
 */
export function PublicStatusPage() {
  const { slug = '' } = useParams();
  const page = useQuery({
    queryKey: ['public-status', slug],
    queryFn: () => getPublicPage(slug),
    refetchInterval: 60_000,
    retry: false,
  });
  const title = page.data?.title;
  useEffect(() => {
    if (title) document.title = `${title} status`;
  }, [title]);

  return (
    <main className="status-public" aria-labelledby="page-title">
      {page.isPending ? (
        <LoadingState label="Loading the status page…" />
      ) : page.isError ? (
        <>
          <h1 id="page-title">Status page</h1>
          <ErrorState
            error={page.error}
            title="This status page is not available"
            onRetry={() => void page.refetch()}
          />
        </>
      ) : (
        <PublicView p={page.data} />
      )}
    </main>
  );
}

function PublicView({ p }: { p: PublicPage }) {
  const active = p.incidents.filter((i) => !i.resolved_at);
  const resolved = p.incidents.filter((i) => i.resolved_at);
  const upcoming = p.maintenance.filter(
    (w) => w.status === 'scheduled' || w.status === 'in-progress',
  );
  return (
    <>
      <h1 id="page-title">{p.title}</h1>
      {p.description && <p className="muted">{p.description}</p>}
      <div className={`status-banner status-banner-${p.status}`} role="status">
        {BANNER[p.status]}
      </div>
      {active.length > 0 && (
        <section className="mon-card" aria-labelledby="st-incidents">
          <h2 id="st-incidents">Active incidents</h2>
          {active.map((i) => (
            <IncidentView key={i.id} i={i} />
          ))}
        </section>
      )}
      {upcoming.length > 0 && (
        <section className="mon-card" aria-labelledby="st-maint">
          <h2 id="st-maint">Scheduled maintenance</h2>
          <ul className="mon-list">
            {upcoming.map((w) => (
              <li key={w.id}>
                <strong>{w.title}</strong>
                <span>
                  <Time iso={w.starts_at} /> – <Time iso={w.ends_at} />
                </span>
                <span className="muted">{w.status.replace('-', ' ')}</span>
                {w.description && <span className="mon-grow">{w.description}</span>}
              </li>
            ))}
          </ul>
        </section>
      )}
      {p.groups.map((g) => (
        <section key={g.name ?? ''} className="mon-card" aria-label={g.name ?? 'Services'}>
          <h2>{g.name ?? 'Services'}</h2>
          {g.monitors.map((m) => (
            <div key={m.id} className="status-monitor">
              <div className="status-monitor-head">
                <strong>{m.name}</strong>
                <span>
                  {m.uptime_90d !== null && (
                    <span className="muted">{formatUptime(m.uptime_90d)} uptime (90 days) </span>
                  )}
                  <MonitorStatusPill status={m.status} />
                </span>
              </div>
              {m.bars.length > 0 && (
                <UptimeBars bars={m.bars} label={`Daily uptime of ${m.name}, last 90 days`} />
              )}
            </div>
          ))}
        </section>
      ))}
      {resolved.length > 0 && (
        <section className="mon-card" aria-labelledby="st-past">
          <h2 id="st-past">Past incidents</h2>
          {resolved.map((i) => (
            <IncidentView key={i.id} i={i} />
          ))}
        </section>
      )}
      <footer className="status-footer">
        <span>
          Updated <Time iso={p.updated_at} />
        </span>
        <a href={feedUrl(p.slug, 'atom')}>Atom feed</a>
        <a href={feedUrl(p.slug, 'rss')}>RSS feed</a>
        <a href={badgeUrl(p.slug)}>Status badge</a>
        <span>Powered by Pharos</span>
      </footer>
    </>
  );
}

function IncidentView({ i }: { i: PublicPage['incidents'][number] }) {
  return (
    <article className="status-incident" aria-label={i.title}>
      <h3>
        {i.title} <span className="muted">({i.impact} impact)</span>
      </h3>
      <ul className="mon-list">
        {i.updates.map((u, n) => (
          <li key={`${u.created_at}-${n}`}>
            <strong>{u.status}</strong>
            <span className="mon-grow">{u.message}</span>
            <Time iso={u.created_at} />
          </li>
        ))}
        {i.updates.length === 0 && (
          <li>
            <strong>{i.status}</strong> since <Time iso={i.started_at} />
          </li>
        )}
      </ul>
    </article>
  );
}
