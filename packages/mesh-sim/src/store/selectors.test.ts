import { describe, expect, it } from 'vitest';
import { matchesFields, matchesLabels, parseFieldSelector, parseLabelSelector } from './selectors.ts';
import type { KubeObject } from './types.ts';

const labels = { app: 'reviews', version: 'v2', tier: 'backend' };

describe('label selectors', () => {
  it.each([
    ['app=reviews', true],
    ['app==reviews', true],
    ['app=ratings', false],
    ['app!=ratings', true],
    ['app=reviews,version=v2', true],
    ['app=reviews,version=v1', false],
    ['version in (v1,v2)', true],
    ['version in (v1, v3)', false],
    ['version notin (v1,v3)', true],
    ['tier', true],
    ['!tier', false],
    ['missing', false],
    ['!missing', true],
    ['missing!=x', true],
    ['app=reviews, version in (v2), !missing', true],
    ['', true],
  ])('%s -> %s', (selector, expected) => {
    expect(matchesLabels(parseLabelSelector(selector), labels)).toBe(expected);
  });

  it.each(['app=re views', 'a b c', '=x', 'app=(x'])('rejects "%s" with a 400', (selector) => {
    expect(() => parseLabelSelector(selector)).toThrow(expect.objectContaining({ code: 400 }));
  });
});

describe('field selectors', () => {
  const pod: KubeObject = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p1', namespace: 'bookinfo' },
    status: { phase: 'Running' },
  };
  it.each([
    ['metadata.name=p1', true],
    ['metadata.name==p1', true],
    ['metadata.name!=p1', false],
    ['metadata.namespace=bookinfo,metadata.name=p1', true],
    ['metadata.namespace=default', false],
    ['status.phase=Running', true],
    ['spec.nodeName=', true],
  ])('%s -> %s', (selector, expected) => {
    expect(matchesFields(parseFieldSelector(selector), pod)).toBe(expected);
  });

  it('rejects a selector without an operator', () => {
    expect(() => parseFieldSelector('metadata.name')).toThrow(expect.objectContaining({ code: 400 }));
  });
});
