import { useSyncExternalStore } from 'react';

/** Colours a chart needs, read from the theme's CSS variables when the chart renders. */
export interface ChartPalette {
  series: string[];
  text: string;
  textMuted: string;
  grid: string;
  axis: string;
  bg: string;
  tooltipBg: string;
  tooltipFg: string;
  danger: string;
  warning: string;
  success: string;
  accent: string;
  font: string;
}

/** Used in tests and before styles load; matches the light theme in styles/base.css. */
export const FALLBACK_PALETTE: ChartPalette = {
  series: ['#2f6fdb', '#d9731a', '#1f9d55', '#c2348a', '#7048c8', '#0f8f9a'],
  text: '#1b1f24',
  textMuted: '#6b7380',
  grid: '#e3e6eb',
  axis: '#b4bac4',
  bg: '#ffffff',
  tooltipBg: '#1b1f24',
  tooltipFg: '#ffffff',
  danger: '#b42318',
  warning: '#8a5a00',
  success: '#176b3a',
  accent: '#1f5fbf',
  font: 'system-ui, sans-serif',
};

export function readChartPalette(el: Element): ChartPalette {
  const style = getComputedStyle(el);
  const v = (name: string, fallback: string): string =>
    style.getPropertyValue(name).trim() || fallback;
  const series: string[] = [];
  for (let i = 1; i <= 6; i++) {
    series.push(v(`--chart-${i}`, FALLBACK_PALETTE.series[i - 1] ?? '#888'));
  }
  return {
    series,
    text: v('--fg', FALLBACK_PALETTE.text),
    textMuted: v('--fg-subtle', FALLBACK_PALETTE.textMuted),
    grid: v('--chart-grid', FALLBACK_PALETTE.grid),
    axis: v('--border-strong', FALLBACK_PALETTE.axis),
    bg: v('--bg', FALLBACK_PALETTE.bg),
    tooltipBg: v('--bg-inverse', FALLBACK_PALETTE.tooltipBg),
    tooltipFg: v('--fg-inverse', FALLBACK_PALETTE.tooltipFg),
    danger: v('--danger', FALLBACK_PALETTE.danger),
    warning: v('--warning', FALLBACK_PALETTE.warning),
    success: v('--success', FALLBACK_PALETTE.success),
    accent: v('--accent', FALLBACK_PALETTE.accent),
    font: v('--font-sans', FALLBACK_PALETTE.font),
  };
}

/** Colour of series `i`: the six theme colours, then the same hues again (with dashes, see options). */
export function seriesColor(palette: ChartPalette, i: number): string {
  return palette.series[i % palette.series.length] ?? palette.accent;
}

function subscribeTheme(onChange: () => void): () => void {
  const observer = new MutationObserver(onChange);
  observer.observe(document.documentElement, {
    attributes: true,
    attributeFilter: ['data-theme', 'class', 'style'],
  });
  const media = window.matchMedia('(prefers-color-scheme: dark)');
  media.addEventListener('change', onChange);
  return () => {
    observer.disconnect();
    media.removeEventListener('change', onChange);
  };
}

const themeKey = (): string =>
  `${document.documentElement.dataset.theme ?? ''}|${window.matchMedia('(prefers-color-scheme: dark)').matches}`;

/** Changes whenever the theme does, so charts re-read their colours. */
export function useThemeKey(): string {
  return useSyncExternalStore(subscribeTheme, themeKey, () => 'server');
}
