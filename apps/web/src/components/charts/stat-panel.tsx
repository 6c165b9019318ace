import { useMemo } from 'react';
import { computeDelta, formatDelta, formatValue } from '../../lib/format.ts';
import type { ValueUnit } from '../../lib/format.ts';
import { Skeleton } from '../states.tsx';
import { downsampleMinMax, sparklinePath } from './summary.ts';

export interface StatPanelProps {
  title: string;
  value: number | null;
  unit?: ValueUnit;
  /** Value of the previous period, for the delta. */
  previous?: number | null;
  /** Recent values, oldest first, for the sparkline. */
  trend?: readonly number[];
  /** Whether a rise is good (throughput) or bad (errors, latency). */
  higherIsBetter?: boolean;
  /** Colours the number when it crosses a level. */
  tone?: 'normal' | 'warning' | 'danger';
  loading?: boolean;
  /** e.g. "vs previous 1h". */
  deltaLabel?: string;
}

const SPARK_W = 120;
const SPARK_H = 32;

/**
 * One big number, a sparkline and the change against the previous period. Drawn as plain SVG:
 * no chart library, so a dashboard of twenty stats costs nothing to open.
 */
export function StatPanel({
  title,
  value,
  unit = 'short',
  previous,
  trend,
  higherIsBetter = true,
  tone = 'normal',
  loading = false,
  deltaLabel = 'vs previous period',
}: StatPanelProps) {
  const path = useMemo(
    () =>
      trend && trend.length > 1
        ? sparklinePath(downsampleMinMax(trend, SPARK_W), SPARK_W, SPARK_H)
        : '',
    [trend],
  );
  const delta = value === null ? null : computeDelta(value, previous);
  const good =
    delta === null || delta.direction === 'flat'
      ? 'flat'
      : (delta.direction === 'up') === higherIsBetter
        ? 'good'
        : 'bad';
  const deltaText = delta ? formatDelta(delta, unit) : null;
  return (
    <section className={`px-stat px-stat-${tone}`} aria-label={title}>
      <h3 className="px-stat-title">{title}</h3>
      {loading && value === null ? (
        <Skeleton height={48} label={`Loading ${title}`} />
      ) : (
        <>
          <div className="px-stat-row">
            <span className="px-stat-value">{formatValue(value, unit)}</span>
            {deltaText && (
              <span className={`px-stat-delta px-stat-delta-${good}`}>
                <span aria-hidden="true">
                  {delta?.direction === 'up' ? '▲' : delta?.direction === 'down' ? '▼' : ''}
                </span>{' '}
                {deltaText} <span className="visually-hidden">{deltaLabel}</span>
              </span>
            )}
          </div>
          {path && (
            <svg
              className="px-stat-spark"
              viewBox={`0 0 ${SPARK_W} ${SPARK_H}`}
              preserveAspectRatio="none"
              aria-hidden="true"
            >
              <path
                d={path}
                fill="none"
                stroke="currentColor"
                strokeWidth="1.5"
                vectorEffect="non-scaling-stroke"
              />
            </svg>
          )}
        </>
      )}
    </section>
  );
}
