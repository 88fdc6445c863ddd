import { describe, expect, it } from 'vitest';
import { formatTick, formatValue } from './units.ts';

describe('formatValue', () => {
  it.each([
    [0, 'rps', '0 req/s'],
    [12.345, 'rps', '12.3 req/s'],
    [1.5, 'rps', '1.5 req/s'],
    [0.004, 'rps', '0.004 req/s'],
    [250.4, 'rps', '250 req/s'],
    [5.25, 'ms', '5.25 ms'],
    [999, 'ms', '999 ms'],
    [1500, 'ms', '1.5 s'],
    [512, 'bytes', '512 B'],
    [1536, 'bytes', '1.54 kB'],
    [2_500_000, 'bytes', '2.5 MB'],
    [1200, 'Bps', '1.2 kB/s'],
    [0, 'Bps', '0 B/s'],
  ] as const)('%s %s -> %s', (value, unit, text) => {
    expect(formatValue(value, unit)).toBe(text);
  });
});

describe('formatTick', () => {
  it.each([
    [2, 'rps', '2'],
    [20, 'ms', '20ms'],
    [2000, 'ms', '2s'],
    [1500, 'Bps', '1.5kB'],
  ] as const)('%s %s -> %s', (value, unit, text) => {
    expect(formatTick(value, unit)).toBe(text);
  });
});
