import { istioResourceSchema } from '@sextant/contracts';
import { describe, expect, it } from 'vitest';
import { istioCreateHref, parseCreateTarget, type CreateTarget } from './createUrlState.ts';

describe('create URL state', () => {
  it.each<CreateTarget>([
    ...istioResourceSchema.options.map((resource) => ({ namespace: 'bookinfo', resource })),
    { namespace: 'team a&b', resource: 'sidecars' },
  ])('round-trips %j', (target) => {
    const href = istioCreateHref(target);
    expect(href.startsWith('/istio/new?')).toBe(true);
    expect(parseCreateTarget(href.slice(href.indexOf('?') + 1))).toEqual(target);
  });

  it('writes the plural resource as kind', () =>
    expect(istioCreateHref({ namespace: 'bookinfo', resource: 'peerauthentications' })).toBe(
      '/istio/new?namespace=bookinfo&kind=peerauthentications',
    ));

  it.each([
    '',
    'namespace=bookinfo',
    'kind=gateways',
    'namespace=&kind=gateways',
    'namespace=b&kind=Gateway',
  ])('is undefined for %j', (search) => expect(parseCreateTarget(search)).toBeUndefined());
});
