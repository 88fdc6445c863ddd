import { describe, expect, it } from 'vitest';
import { formatBytesPerSecond, formatMs, formatPercent, formatRate } from './format.ts';

describe('formatting', () => {
  it.each([
    [0, '0'],
    [0.004, '<0.01'],
    [0.5, '0.5'],
    [3.634, '3.63'],
    [10.06, '10.1'],
    [21.97, '22'],
    [1234.5, '1235'],
  ])('rate %d -> %s', (value, text) => expect(formatRate(value)).toBe(text));

  it.each([
    [0, '0%'],
    [0.05, '<0.1%'],
    [0.368, '0.4%'],
    [12.5, '13%'],
    [50, '50%'],
    [99.97, '>99.9%'],
    [100, '100%'],
  ])('percent %d -> %s', (value, text) => expect(formatPercent(value)).toBe(text));

  it.each([
    [9.44, '9.4 ms'],
    [95.46, '95.5 ms'],
    [211, '211 ms'],
    [1500, '1.5 s'],
  ])('ms %d -> %s', (value, text) => expect(formatMs(value)).toBe(text));

  it.each([
    [0, '0 B/s'],
    [800, '800 B/s'],
    [3204.56, '3.2 kB/s'],
    [56748.58, '56.7 kB/s'],
    [2_500_000, '2.5 MB/s'],
  ])('bytes %d -> %s', (value, text) => expect(formatBytesPerSecond(value)).toBe(text));
});
