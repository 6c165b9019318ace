/*
 * The only module that imports ECharts at run time. It is loaded with a dynamic import (see
 * load-echarts.ts) so it becomes its own chunk, fetched when the first chart mounts, and it
 * registers only the chart types and components the kit uses, so the rest of ECharts is
 * tree-shaken away.
 */
import { BarChart, GaugeChart, HeatmapChart, LineChart, PieChart } from 'echarts/charts';
import {
  DataZoomComponent,
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  ToolboxComponent,
  TooltipComponent,
  VisualMapComponent,
} from 'echarts/components';
// Renamed: `use` would read as React's use() hook to the hooks lint rule.
import { init, SeriesModel, use as registerParts } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { installSortedTooltipLookup } from './nearest-point.ts';

registerParts([
  LineChart,
  BarChart,
  PieChart,
  GaugeChart,
  HeatmapChart,
  GridComponent,
  TooltipComponent,
  LegendComponent,
  DataZoomComponent,
  ToolboxComponent,
  MarkLineComponent,
  VisualMapComponent,
  CanvasRenderer,
]);

// Axis tooltips find the hovered points by binary search on sorted series (nearest-point.ts).
installSortedTooltipLookup(SeriesModel.prototype);

export { init };
