import { describe, expect, it } from 'vitest';
import { FakeKubeClient } from '../testing/fakes.ts';
import { isInjectionEnabled, listNamespaces, toNamespace } from './namespaces.service.ts';

describe('isInjectionEnabled', () => {
  it.each<[string, Record<string, string>, boolean]>([
    ['no labels', {}, false],
    ['istio-injection=enabled', { 'istio-injection': 'enabled' }, true],
    ['istio-injection=disabled', { 'istio-injection': 'disabled' }, false],
    ['revision label', { 'istio.io/rev': 'canary' }, true],
    ['empty revision label', { 'istio.io/rev': '' }, false],
    ['disabled wins over revision', { 'istio-injection': 'disabled', 'istio.io/rev': 'canary' }, false],
  ])('%s', (_name, labels, expected) => {
    expect(isInjectionEnabled(labels)).toBe(expected);
  });
});

describe('toNamespace', () => {
  it('skips an object without a name', () => {
    expect(toNamespace({ metadata: {} })).toBeUndefined();
  });

  it('defaults labels to {} and mtls to null', () => {
    expect(toNamespace({ metadata: { name: 'a' } })).toEqual({
      name: 'a',
      labels: {},
      istioInjection: false,
      mtls: null,
    });
  });
});

describe('listNamespaces', () => {
  it('sorts by name', async () => {
    const kube = new FakeKubeClient([{ metadata: { name: 'zeta' } }, { metadata: { name: 'alpha' } }]);
    expect((await listNamespaces(kube)).map((ns) => ns.name)).toEqual(['alpha', 'zeta']);
  });
});
