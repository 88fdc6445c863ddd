import { useCallback, useEffect, useState, useSyncExternalStore } from 'react';
import {
  parseThemePreference,
  resolveTheme,
  THEME_STORAGE_KEY,
  toggledPreference,
  type Theme,
  type ThemePreference,
} from './theme.ts';

const DARK_QUERY = '(prefers-color-scheme: dark)';

function subscribeToSystemTheme(onChange: () => void): () => void {
  const media = window.matchMedia(DARK_QUERY);
  media.addEventListener('change', onChange);
  return () => media.removeEventListener('change', onChange);
}

function readStoredPreference(): ThemePreference {
  try {
    return parseThemePreference(window.localStorage.getItem(THEME_STORAGE_KEY));
  } catch {
    // Storage can be disabled (privacy settings); the system theme still works.
    return 'system';
  }
}

/** The theme on screen, kept on `<html data-theme>` where the CSS reads it. */
export function useTheme(): { theme: Theme; toggle: () => void } {
  const [preference, setPreference] = useState<ThemePreference>(readStoredPreference);
  const systemPrefersDark = useSyncExternalStore(
    subscribeToSystemTheme,
    () => window.matchMedia(DARK_QUERY).matches,
    () => false,
  );
  const theme = resolveTheme(preference, systemPrefersDark);

  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);

  const toggle = useCallback(() => {
    const next = toggledPreference(theme);
    setPreference(next);
    try {
      window.localStorage.setItem(THEME_STORAGE_KEY, next);
    } catch {
      // Not persisted, still applied for this visit.
    }
  }, [theme]);

  return { theme, toggle };
}
