// Every chart is safe to import eagerly: ECharts itself is fetched only when one mounts.
export { BarChart, GaugeChart, HeatmapChart, PieChart } from './category-charts.tsx';
export type {
  BarChartProps,
  GaugeChartProps,
  HeatmapChartProps,
  PieChartProps,
} from './category-charts.tsx';
export type { HeatmapData } from './category-options.ts';
export { ChartFrame } from './chart-frame.tsx';
export { StatPanel } from './stat-panel.tsx';
export type { StatPanelProps } from './stat-panel.tsx';
export { TimeSeriesChart } from './time-series-chart.tsx';
export type { TimeSeriesChartProps } from './time-series-chart.tsx';
export type { Annotation, CategoryDatum, Threshold, TimeSeries } from './types.ts';
