import type { EChartsType } from 'echarts/core';
import type * as EChartsSetup from './echarts-setup.ts';

type EChartsModule = typeof EChartsSetup;

let loading: Promise<EChartsModule> | null = null;

/** Loads ECharts once, on demand; every chart shares the promise. */
export function loadECharts(): Promise<EChartsModule> {
  loading ??= import('./echarts-setup.ts').catch((err: unknown) => {
    loading = null; // let a later mount retry after a failed chunk fetch
    throw err;
  });
  return loading;
}

export type { EChartsType };
