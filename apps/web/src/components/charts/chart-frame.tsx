import { useEffect, useId, useRef, useState } from 'react';
import type { ReactNode } from 'react';
import type { EChartsOption } from 'echarts';
import { Button } from '../button.tsx';
import { ErrorState, Skeleton } from '../states.tsx';
import { loadECharts } from './load-echarts.ts';
import type { EChartsType } from './load-echarts.ts';
import type { ChartPalette } from './palette.ts';
import { readChartPalette, useThemeKey } from './palette.ts';
import './charts.css';

export interface ChartFrameProps {
  /** Visible heading; also names the chart region. */
  title?: string;
  height?: number;
  /** Text alternative: what the chart shows, read by screen readers (aria-label of the canvas). */
  summary: string;
  /**
   * Builds the ECharts option from the current theme colours. Memoise it (useCallback): a new
   * function means new data and triggers setOption.
   */
  buildOption: (palette: ChartPalette) => EChartsOption;
  /** The same data as an HTML table, shown by "View as table". */
  renderTable: () => ReactNode;
  /** Attach event handlers once the instance exists; return a cleanup. Called after every setOption. */
  onRendered?: (chart: EChartsType) => (() => void) | void;
  /** Extra controls in the header, left of the table toggle. */
  actions?: ReactNode;
  /** Shown instead of the chart (loading, error, no data); the instance stays alive underneath. */
  placeholder?: ReactNode;
  className?: string;
}

/**
 * Owns one ECharts instance: lazy-loads the library, initialises on canvas with dirty-rect
 * rendering, follows its container's size (ResizeObserver) and the theme, keeps the legend
 * selection across data updates, and offers the table fallback.
 */
export function ChartFrame({
  title,
  height = 240,
  summary,
  buildOption,
  renderTable,
  onRendered,
  actions,
  placeholder,
  className,
}: ChartFrameProps) {
  const hostRef = useRef<HTMLDivElement>(null);
  const [chart, setChart] = useState<EChartsType | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [showTable, setShowTable] = useState(false);
  const [attempt, setAttempt] = useState(0);
  const legendSelected = useRef<Record<string, boolean> | undefined>(undefined);
  const themeKey = useThemeKey();
  const headingId = useId();

  // Create and dispose the instance. The host div stays mounted while the table is shown, so
  // switching views does not re-create the chart.
  useEffect(() => {
    const host = hostRef.current;
    if (!host) return;
    let disposed = false;
    let instance: EChartsType | null = null;
    let frame = 0;
    let initChart: ((host: HTMLDivElement) => EChartsType) | null = null;
    // ECharts needs a laid-out box: create the instance on the first non-zero size (a chart
    // behind a placeholder or a closed tab waits), and resize on later changes.
    const sync = () => {
      if (disposed || !initChart) return;
      if (!instance) {
        if (host.clientWidth === 0 || host.clientHeight === 0) return;
        instance = initChart(host);
        setChart(instance);
      } else instance.resize();
    };
    const observer = new ResizeObserver(() => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(sync);
    });
    loadECharts().then(
      ({ init }) => {
        if (disposed) return;
        initChart = (el) => {
          const created = init(el, null, { renderer: 'canvas', useDirtyRect: true });
          created.on('legendselectchanged', (e) => {
            legendSelected.current = (e as { selected: Record<string, boolean> }).selected;
          });
          return created;
        };
        observer.observe(host);
        sync();
      },
      (err: unknown) => {
        if (!disposed) setLoadError(err);
      },
    );
    return () => {
      disposed = true;
      cancelAnimationFrame(frame);
      observer.disconnect();
      instance?.dispose();
      setChart(null);
    };
  }, [attempt]);

  useEffect(() => {
    const host = hostRef.current;
    if (!chart || !host) return;
    const option = buildOption(readChartPalette(host));
    const legend = option.legend;
    if (legendSelected.current && legend && !Array.isArray(legend)) {
      option.legend = { ...legend, selected: { ...legendSelected.current, ...legend.selected } };
    }
    // notMerge: a full replace, so zoom and removed series never linger from the last data.
    chart.setOption(option, { notMerge: true, lazyUpdate: true });
    return onRendered?.(chart) ?? undefined;
  }, [chart, buildOption, onRendered, themeKey]);

  return (
    <section
      className={['px-chart', className].filter(Boolean).join(' ')}
      aria-labelledby={title ? headingId : undefined}
      aria-label={title ? undefined : summary}
    >
      <header className="px-chart-header">
        {title && (
          <h3 id={headingId} className="px-chart-title">
            {title}
          </h3>
        )}
        <div className="px-chart-actions">
          {actions}
          <Button
            size="sm"
            variant="ghost"
            aria-pressed={showTable}
            onClick={() => setShowTable((v) => !v)}
          >
            {showTable ? 'View as chart' : 'View as table'}
          </Button>
        </div>
      </header>
      {loadError !== null && !showTable ? (
        <ErrorState
          title="The chart could not be drawn"
          error={loadError}
          onRetry={() => {
            setLoadError(null);
            setAttempt((n) => n + 1);
          }}
        />
      ) : null}
      {placeholder && !showTable ? <div style={{ minHeight: height }}>{placeholder}</div> : null}
      {showTable && (
        <div className="px-chart-table" style={{ maxHeight: Math.max(height, 240) }}>
          {renderTable()}
        </div>
      )}
      <div
        className="px-chart-body"
        style={{ height }}
        hidden={showTable || loadError !== null || Boolean(placeholder)}
      >
        <div ref={hostRef} className="px-chart-canvas" role="img" aria-label={summary} />
        {!chart && (
          <div className="px-chart-loading">
            <Skeleton height={height - 16} label="Loading chart" />
          </div>
        )}
      </div>
    </section>
  );
}
