import { describe, expect, it } from 'vitest';
import { serviceTabOf, withServiceTab } from './serviceTabs.ts';

describe('service page tabs in the URL', () => {
  it.each([
    ['', 'overview'],
    ['tab=inbound-metrics', 'inbound-metrics'],
    ['tab=nonsense', 'overview'],
    ['groupBy=version&tab=inbound-metrics', 'inbound-metrics'],
  ] as const)('%j -> %s', (search, tab) => {
    expect(serviceTabOf(search)).toBe(tab);
  });

  it.each([
    ['', 'inbound-metrics', 'tab=inbound-metrics'],
    ['tab=inbound-metrics&groupBy=version', 'overview', 'groupBy=version'],
    ['groupBy=version', 'inbound-metrics', 'groupBy=version&tab=inbound-metrics'],
  ] as const)('%j + %s -> %j, read back the same', (search, tab, expected) => {
    expect(withServiceTab(search, tab)).toBe(expected);
    expect(serviceTabOf(expected)).toBe(tab);
  });
});
