import { describe, expect, it } from 'vitest';
import { istioDetailsParams, matchRoute } from './router.ts';

describe('matchRoute', () => {
  it.each([
    ['/', 'namespaces'],
    ['/namespaces', 'namespaces'],
    ['/namespaces/', 'namespaces'],
    ['/graph', 'graph'],
    ['/graph/', 'graph'],
    ['/graphs', 'notFound'],
    ['/istio', 'istioList'],
    ['/istio/bookinfo/virtualservices/reviews', 'istioDetails'],
    ['/istio/bookinfo/virtualservices', 'notFound'],
    ['/istio/wizards/traffic-shift', 'trafficShift'],
  ])('%s -> %s', (path, route) => expect(matchRoute(path)).toBe(route));
});

describe('istioDetailsParams', () => {
  it('decodes the segments', () =>
    expect(istioDetailsParams('/istio/book%20info/destinationrules/r')).toEqual({
      namespace: 'book info',
      resource: 'destinationrules',
      name: 'r',
    }));
  it('rejects other paths', () => expect(istioDetailsParams('/istio/a/b')).toBeUndefined());
});
