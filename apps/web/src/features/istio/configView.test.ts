import { describe, expect, it } from 'vitest';
import type { Validation } from '@sextant/contracts';
import { formatAge, worstSeverity } from './configView.ts';

const v = (severity: Validation['severity']): Validation => ({
  code: 'X',
  severity,
  message: 'm',
  path: 'spec',
  objectRef: { kind: 'VirtualService', namespace: 'n', name: 'a' },
});

describe('formatAge', () => {
  const now = Date.parse('2026-01-10T00:00:00Z');
  it.each([
    ['2026-01-09T23:59:30Z', '30s'],
    ['2026-01-09T23:50:00Z', '10m'],
    ['2026-01-09T19:00:00Z', '5h'],
    ['2026-01-07T00:00:00Z', '3d'],
    ['garbage', '—'],
  ])('%s -> %s', (ts, age) => expect(formatAge(ts, now)).toBe(age));
});

describe('worstSeverity', () => {
  it.each<[Validation[], string]>([
    [[], 'valid'],
    [[v('info'), v('warning')], 'warning'],
    [[v('warning'), v('error'), v('info')], 'error'],
  ])('%#', (vs, worst) => expect(worstSeverity(vs)).toBe(worst));
});
