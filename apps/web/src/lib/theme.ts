export type Theme = 'light' | 'dark';
/** An explicit choice, or `system` to follow `prefers-color-scheme`. */
export type ThemePreference = Theme | 'system';

/** Also read by public/theme-init.js (loaded by index.html), which sets the theme before first paint. */
export const THEME_STORAGE_KEY = 'sextant.theme';

export function parseThemePreference(stored: string | null): ThemePreference {
  return stored === 'light' || stored === 'dark' ? stored : 'system';
}

export function resolveTheme(preference: ThemePreference, systemPrefersDark: boolean): Theme {
  if (preference === 'system') return systemPrefersDark ? 'dark' : 'light';
  return preference;
}

/** The toggle flips what the user sees, which becomes an explicit, persisted choice. */
export function toggledPreference(current: Theme): ThemePreference {
  return current === 'dark' ? 'light' : 'dark';
}
