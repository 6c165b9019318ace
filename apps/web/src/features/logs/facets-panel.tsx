import { useQuery } from '@tanstack/react-query';
import type { MouseEvent } from 'react';
import { Skeleton } from '../../components/states.tsx';
import { formatCompact } from '../../lib/format.ts';
import { FACET_FIELDS, getFacets, type SearchWindow } from './api.ts';

/** Top values per field; click adds `field:value` to the query, Alt+click excludes it. */
export function FacetsPanel({
  window: w,
  onFilter,
}: {
  window: SearchWindow;
  onFilter: (field: string, value: string, exclude: boolean) => void;
}) {
  const facets = useQuery({
    queryKey: ['logs-facets', w],
    queryFn: ({ signal }) => getFacets(w, signal),
    retry: false,
  });
  const click = (field: string, value: string) => (e: MouseEvent<HTMLButtonElement>) =>
    onFilter(field, value, e.altKey);
  return (
    <aside className="logs-facets" aria-label="Fields">
      <p className="muted logs-facets-hint">Click to filter, Alt+click to exclude.</p>
      {facets.data?.sample && (
        <p className="muted logs-facets-hint" data-testid="logs-facets-sample">
          Counts of the newest {facets.data.sample.records.toLocaleString()} matching records.
        </p>
      )}
      {facets.isPending ? (
        <Skeleton lines={8} label="Loading fields" />
      ) : facets.isError ? (
        <p className="muted">Fields unavailable.</p>
      ) : (
        FACET_FIELDS.map((field) => {
          const values = facets.data.facets[field] ?? [];
          return (
            <section key={field} aria-labelledby={`facet-${field}`}>
              <h2 id={`facet-${field}`} className="logs-facet-title">
                {field}
              </h2>
              {values.length === 0 ? (
                <p className="muted">No values</p>
              ) : (
                <ul>
                  {values.map((v) => (
                    <li key={v.value}>
                      <button
                        type="button"
                        className="logs-facet-value"
                        onClick={click(field, v.value)}
                        title={`Filter ${field}:${v.value} (Alt+click to exclude)`}
                      >
                        <span className="logs-facet-name">{v.value || '(empty)'}</span>
                        <span className="muted">{formatCompact(v.count)}</span>
                      </button>
                    </li>
                  ))}
                </ul>
              )}
            </section>
          );
        })
      )}
    </aside>
  );
}
