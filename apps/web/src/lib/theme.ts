export type ThemePreference = 'light' | 'dark' | 'system';
const KEY = 'pharos.theme';

export function storedTheme(): ThemePreference {
  const v = localStorage.getItem(KEY);
  return v === 'light' || v === 'dark' || v === 'system' ? v : 'system';
}

export function resolveTheme(pref: ThemePreference): 'light' | 'dark' {
  if (pref !== 'system') return pref;
  return window.matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

/** Sets `data-theme` on <html>; every colour in the CSS derives from it. */
export function applyTheme(pref: ThemePreference): void {
  localStorage.setItem(KEY, pref);
  document.documentElement.dataset.theme = resolveTheme(pref);
}
