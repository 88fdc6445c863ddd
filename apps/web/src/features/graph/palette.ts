import type { Theme } from '../../lib/theme.ts';
import type { HealthLevel } from './model/graphView.ts';

/**
 * Colours of the drawing. Canvas cannot read CSS custom properties cheaply on every frame, so the
 * two themes are spelled out here, in step with the tokens in styles.css.
 */
export interface Palette {
  background: string;
  nodeFill: string;
  nodeFillMuted: string;
  text: string;
  textMuted: string;
  textHalo: string;
  /** Box fills are drawn at low opacity (cytoscape ignores alpha in colours). */
  box: {
    namespaceFill: string;
    namespaceOpacity: number;
    namespaceBorder: string;
    appFill: string;
    appOpacity: number;
    appBorder: string;
    label: string;
  };
  health: Record<HealthLevel, string>;
  edge: Record<HealthLevel, string> & { tcp: string; idle: string };
  accent: string;
  find: string;
  /** The keyboard cursor's ring: a hue no health, protocol, selection or Find mark uses. */
  cursor: string;
  badgeFill: string;
  badgeText: string;
  badgeWarnFill: string;
  lock: string;
  lockPartial: string;
}

const LIGHT: Palette = {
  background: '#f8fafc',
  nodeFill: '#ffffff',
  nodeFillMuted: '#f1f5f9',
  text: '#0f172a',
  textMuted: '#5b6778',
  textHalo: '#f8fafc',
  box: {
    namespaceFill: '#94a3b8',
    namespaceOpacity: 0.08,
    namespaceBorder: '#b8c4d3',
    appFill: '#0f766e',
    appOpacity: 0.05,
    appBorder: '#a7c9c4',
    label: '#475569',
  },
  health: { healthy: '#16a34a', degraded: '#d97706', failure: '#dc2626', na: '#94a3b8' },
  edge: {
    healthy: '#3f8f6b',
    degraded: '#d97706',
    failure: '#dc2626',
    na: '#8393a7',
    tcp: '#3b82c4',
    idle: '#b6c2d1',
  },
  accent: '#0f766e',
  find: '#eab308',
  cursor: '#6d28d9',
  badgeFill: '#0f766e',
  badgeText: '#ffffff',
  badgeWarnFill: '#b45309',
  lock: '#0f766e',
  lockPartial: '#b45309',
};

const DARK: Palette = {
  background: '#0e141b',
  nodeFill: '#17202a',
  nodeFillMuted: '#111820',
  text: '#e6edf3',
  textMuted: '#93a1b0',
  textHalo: '#0e141b',
  box: {
    namespaceFill: '#94a3b8',
    namespaceOpacity: 0.05,
    namespaceBorder: '#3a4858',
    appFill: '#14b8a6',
    appOpacity: 0.06,
    appBorder: '#2c5752',
    label: '#9fb0c2',
  },
  health: { healthy: '#4ade80', degraded: '#fbbf24', failure: '#f87171', na: '#64748b' },
  edge: {
    healthy: '#4fae84',
    degraded: '#f59e0b',
    failure: '#f87171',
    na: '#7b8a9c',
    tcp: '#60a5fa',
    idle: '#3b4756',
  },
  accent: '#14b8a6',
  find: '#facc15',
  cursor: '#c4b5fd',
  badgeFill: '#0f766e',
  badgeText: '#ecfeff',
  badgeWarnFill: '#b45309',
  lock: '#2dd4bf',
  lockPartial: '#fbbf24',
};

export function palette(theme: Theme): Palette {
  return theme === 'dark' ? DARK : LIGHT;
}
