import { Link } from 'react-router-dom';
import type { Area } from '../../app/areas.ts';
import { EmptyState } from '../../components/states.tsx';

/** The page of an area that is not built yet: what is coming and what to do now. */
export function ComingSoonPage({ area }: { area: Area }) {
  const coming = area.coming;
  return (
    <section className="page" aria-labelledby="page-title">
      <header className="page-header">
        <h1 id="page-title">{area.label}</h1>
      </header>
      <EmptyState
        icon={area.icon}
        title={`${area.label} is coming to Pharos`}
        description={
          coming && (
            <>
              <p>{coming.what}</p>
              <p>
                <strong>What you can do now:</strong> {coming.now}
              </p>
              {coming.docs &&
                (coming.docs.href.startsWith('/api/') || coming.docs.href === '/readyz' ? (
                  <a href={coming.docs.href}>{coming.docs.label}</a>
                ) : (
                  <Link to={coming.docs.href}>{coming.docs.label}</Link>
                ))}
            </>
          )
        }
      />
    </section>
  );
}

export function NotFoundPage() {
  return (
    <section className="page" aria-labelledby="page-title">
      <header className="page-header">
        <h1 id="page-title">Page not found</h1>
      </header>
      <EmptyState
        title="There is nothing at this address"
        description={
          <p>
            Check the link, or go back to <Link to="/">the start page</Link>.
          </p>
        }
      />
    </section>
  );
}
