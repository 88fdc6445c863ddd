import { describe, expect, it } from 'vitest';
import { parseThemePreference, resolveTheme, toggledPreference } from './theme.ts';

describe('theme', () => {
  it.each([
    [null, 'system'],
    ['light', 'light'],
    ['dark', 'dark'],
    ['DARK', 'system'],
    ['', 'system'],
  ] as const)('parses stored %j as %s', (stored, expected) => {
    expect(parseThemePreference(stored)).toBe(expected);
  });

  it.each([
    ['system', false, 'light'],
    ['system', true, 'dark'],
    ['light', true, 'light'],
    ['dark', false, 'dark'],
  ] as const)('resolves %s with system dark=%s to %s', (preference, systemDark, expected) => {
    expect(resolveTheme(preference, systemDark)).toBe(expected);
  });

  it('toggles to the opposite of what is shown', () => {
    expect(toggledPreference('dark')).toBe('light');
    expect(toggledPreference('light')).toBe('dark');
  });
});
