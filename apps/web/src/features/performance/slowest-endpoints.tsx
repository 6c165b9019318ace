import { useQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router-dom';
import { Select } from '../../components/select.tsx';
import { ErrorState, LoadingState } from '../../components/states.tsx';
import { formatValue } from '../../lib/format.ts';
import { getSlowest, type PerfWindow } from './api.ts';
import { keepRange } from './columns.tsx';
import '../common/tables.css';

const THRESHOLDS = ['100', '250', '500', '1000', '2000', '5000'] as const;
type Threshold = (typeof THRESHOLDS)[number];

/** Endpoints whose p95 is above a threshold (in the URL as `slow`), slowest first. */
export function SlowestEndpoints({
  window: w,
  service,
  params,
}: {
  window: PerfWindow;
  service?: string;
  params: URLSearchParams;
}) {
  const [, setParams] = useSearchParams();
  const raw = params.get('slow');
  const threshold: Threshold = THRESHOLDS.find((t) => t === raw) ?? '500';
  const slowest = useQuery({
    queryKey: ['perf-slowest', w, service, threshold],
    queryFn: ({ signal }) =>
      getSlowest(w, { ...(service ? { service } : {}), thresholdMs: Number(threshold) }, signal),
  });
  return (
    <section className="perf-card" aria-labelledby="slowest-title">
      <div className="perf-card-head">
        <h2 id="slowest-title">Slowest endpoints</h2>
        <Select
          label="p95 above"
          value={threshold}
          options={THRESHOLDS.map((t) => ({ value: t, label: formatValue(Number(t), 'ms') }))}
          onChange={(v) =>
            setParams(
              (p) => {
                const n = new URLSearchParams(p);
                n.set('slow', v);
                return n;
              },
              { replace: true },
            )
          }
        />
      </div>
      {slowest.isPending ? (
        <LoadingState label="Loading the slowest endpoints…" />
      ) : slowest.isError ? (
        <ErrorState error={slowest.error} onRetry={() => void slowest.refetch()} />
      ) : slowest.data.endpoints.length === 0 ? (
        <p className="muted">
          No endpoint has a p95 above {formatValue(Number(threshold), 'ms')} in this range. Lower
          the threshold to see the slowest ones.
        </p>
      ) : (
        <table className="simple-table">
          <thead>
            <tr>
              <th scope="col">Endpoint</th>
              {!service && <th scope="col">Service</th>}
              <th scope="col" className="num">
                p95
              </th>
              <th scope="col" className="num">
                p99
              </th>
              <th scope="col" className="num">
                Requests
              </th>
              <th scope="col" className="num">
                Errors
              </th>
            </tr>
          </thead>
          <tbody>
            {slowest.data.endpoints.map((e) => (
              <tr key={`${e.service} ${e.method} ${e.endpoint}`}>
                <td>
                  <Link
                    to={keepRange(`/performance/${encodeURIComponent(e.service)}`, params, {
                      endpoint: e.endpoint,
                      method: e.method,
                    })}
                  >
                    <span className="perf-method">{e.method}</span> {e.endpoint}
                  </Link>
                </td>
                {!service && <td>{e.service}</td>}
                <td className="num">{formatValue(e.p95, 'ms')}</td>
                <td className="num">{formatValue(e.p99, 'ms')}</td>
                <td className="num">{formatValue(e.requests, 'count')}</td>
                <td className="num">{formatValue(e.errorRate, 'percent')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
