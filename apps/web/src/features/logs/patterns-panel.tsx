import { useQuery } from '@tanstack/react-query';
import { Badge } from '../../components/badge.tsx';
import { EmptyState, ErrorState, LoadingState } from '../../components/states.tsx';
import { formatNumber, formatPercent } from '../../lib/format.ts';
import { getPatterns, type SearchWindow } from './api.ts';

/** Message templates (Drain) of the matching records; "new" ones did not occur just before. */
export function PatternsPanel({
  window: w,
  onPick,
}: {
  window: SearchWindow;
  onPick: (template: string) => void;
}) {
  const patterns = useQuery({
    queryKey: ['logs-patterns', w],
    queryFn: ({ signal }) => getPatterns(w, signal),
    retry: false,
  });
  if (patterns.isPending) return <LoadingState label="Finding patterns…" />;
  if (patterns.isError)
    return <ErrorState error={patterns.error} onRetry={() => void patterns.refetch()} />;
  const { patterns: items, sampled } = patterns.data;
  if (items.length === 0)
    return <EmptyState compact title="No patterns" description="No messages in this range." />;
  return (
    <div className="logs-patterns">
      <p className="muted">
        {items.length} templates from the newest {formatNumber(sampled)} messages. Choose one to
        filter by it.
      </p>
      <table className="simple-table">
        <caption className="visually-hidden">Log patterns</caption>
        <thead>
          <tr>
            <th scope="col">Count</th>
            <th scope="col">Share</th>
            <th scope="col">Template</th>
          </tr>
        </thead>
        <tbody>
          {items.map((p) => (
            <tr key={p.template}>
              <td className="num">{formatNumber(p.count)}</td>
              <td className="num">{formatPercent(p.share)}</td>
              <td>
                <button
                  type="button"
                  className="logs-pattern"
                  onClick={() => onPick(p.template)}
                  title={`Example: ${p.example}`}
                >
                  <span className="mono">{p.template}</span>
                </button>{' '}
                {p.is_new && <Badge tone="warning">new</Badge>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
