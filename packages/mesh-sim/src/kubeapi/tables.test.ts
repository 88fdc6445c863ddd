import { describe, expect, it } from 'vitest';
import { humanAge, wantsTable } from './tables.ts';

describe('humanAge', () => {
  const now = new Date('2026-01-10T00:00:00Z');
  it.each([
    ['2026-01-09T23:59:15Z', '45s'],
    ['2026-01-09T23:50:00Z', '10m'],
    ['2026-01-09T20:00:00Z', '4h'],
    ['2026-01-05T00:00:00Z', '5d'],
    ['2020-01-05T00:00:00Z', '6y'],
    [undefined, '<unknown>'],
  ])('%s -> %s', (from, age) => expect(humanAge(from, now)).toBe(age));
});

describe('wantsTable', () => {
  it.each([
    [
      'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json',
      true,
    ],
    ['application/json', false],
    ['application/json, application/json;as=Table;v=v1;g=meta.k8s.io', false],
    [undefined, false],
  ])('%s -> %s', (accept, expected) => expect(wantsTable(accept)).toBe(expected));
});
