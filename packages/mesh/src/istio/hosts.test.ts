import { describe, expect, it } from 'vitest';
import { serviceOfHost } from './hosts.ts';

const known = new Set(['bookinfo', 'istio-system']);

describe('serviceOfHost', () => {
  it.each([
    { host: 'reviews', service: { namespace: 'bookinfo', name: 'reviews' } },
    { host: ' reviews ', service: { namespace: 'bookinfo', name: 'reviews' } },
    { host: 'Reviews', service: { namespace: 'bookinfo', name: 'reviews' } },
    { host: 'reviews.bookinfo', service: { namespace: 'bookinfo', name: 'reviews' } },
    { host: 'istiod.istio-system', service: { namespace: 'istio-system', name: 'istiod' } },
    { host: 'reviews.bookinfo.svc', service: { namespace: 'bookinfo', name: 'reviews' } },
    { host: 'reviews.bookinfo.svc.cluster.local', service: { namespace: 'bookinfo', name: 'reviews' } },
    { host: 'reviews.bookinfo.svc.cluster.local.', service: { namespace: 'bookinfo', name: 'reviews' } },
    { host: 'ratings.other.svc.corp.example', service: { namespace: 'other', name: 'ratings' } },
    { host: 'api.example.com', service: undefined },
    { host: 'reviews.unknownns', service: undefined },
    { host: '*.bookinfo.svc.cluster.local', service: undefined },
    { host: '*', service: undefined },
    { host: '', service: undefined },
  ])('$host -> $service', ({ host, service }) => {
    expect(serviceOfHost(host, 'bookinfo', known)).toEqual(service);
  });
});
