import { describe, expect, it } from 'vitest';
import { visibleLabels } from './labels.ts';

describe('visibleLabels', () => {
  it.each([
    ['none', {}, []],
    ['drops the name label', { 'kubernetes.io/metadata.name': 'bookinfo' }, []],
    ['sorts by key', { zone: 'a', 'istio-injection': 'enabled' }, ['istio-injection=enabled', 'zone=a']],
    ['shows a key without value alone', { 'example.com/flag': '' }, ['example.com/flag']],
  ])('%s', (_name, labels, expected) => {
    expect(visibleLabels(labels)).toEqual(expected);
  });
});
