import { describe, expect, it } from 'vitest';
import { istioDetailsParams, matchRoute, namespacedDetailsParams, serviceDetailsParams } from './router.ts';

describe('matchRoute', () => {
  it.each([
    ['/', 'overview'],
    ['/overview', 'overview'],
    ['/mesh', 'mesh'],
    ['/namespaces', 'namespaces'],
    ['/namespaces/', 'namespaces'],
    ['/graph', 'graph'],
    ['/graph/', 'graph'],
    ['/changes', 'changes'],
    ['/graphs', 'notFound'],
    ['/istio', 'istioList'],
    ['/istio/bookinfo/virtualservices/reviews', 'istioDetails'],
    ['/istio/bookinfo/virtualservices', 'notFound'],
    ['/istio/wizards/traffic-shift', 'trafficShift'],
    ['/istio/new', 'istioCreate'],
    ['/auth/done', 'authDone'],
    ['/istio/new/', 'istioCreate'],
    ['/istio/new/virtualservices/reviews', 'istioDetails'],
    ['/services', 'servicesList'],
    ['/services/', 'servicesList'],
    ['/namespaces/bookinfo/services/reviews', 'serviceDetails'],
    ['/namespaces/bookinfo/services/reviews/', 'serviceDetails'],
    ['/namespaces/bookinfo/services', 'notFound'],
    ['/namespaces/bookinfo/services/reviews/workloads', 'notFound'],
    ['/workloads', 'workloadsList'],
    ['/applications/', 'applicationsList'],
    ['/namespaces/bookinfo/workloads/reviews-v1', 'workloadDetails'],
    ['/namespaces/bookinfo/applications/reviews', 'applicationDetails'],
    ['/namespaces/bookinfo/workloads', 'notFound'],
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

describe('serviceDetailsParams', () => {
  it('decodes the segments', () =>
    expect(serviceDetailsParams('/namespaces/book%20info/services/rev%2Fiews')).toEqual({
      namespace: 'book info',
      name: 'rev/iews',
    }));
  it.each(['/namespaces/a/services', '/namespaces/a/services/%E0%A4%A', '/services/a'])(
    'rejects %s',
    (path) => expect(serviceDetailsParams(path)).toBeUndefined(),
  );
});

describe('namespacedDetailsParams', () => {
  it('decodes the segments of its kind only', () => {
    expect(namespacedDetailsParams('workloads', '/namespaces/book%20info/workloads/a.b')).toEqual({
      namespace: 'book info',
      name: 'a.b',
    });
    expect(namespacedDetailsParams('applications', '/namespaces/bookinfo/workloads/a')).toBeUndefined();
    expect(namespacedDetailsParams('workloads', '/namespaces/bookinfo/workloads/%E0%A4%A')).toBeUndefined();
  });
});
