import { describe, expect, it } from 'vitest';
import { requestAttributes, type RequestAttributes } from './requestAttributes.ts';

const r = (
  verb: string,
  apiGroup: string,
  resource: string,
  namespace = '',
  name = '',
  subresource = '',
  apiVersion = 'v1',
): RequestAttributes => ({
  resourceRequest: true,
  verb,
  apiGroup,
  apiVersion,
  resource,
  subresource,
  namespace,
  name,
});

describe('requestAttributes (kube-apiserver RequestInfo)', () => {
  it.each<[string, string, RequestAttributes]>([
    ['GET', '/api', { resourceRequest: false, verb: 'get', path: '/api' }],
    ['GET', '/api/v1', { resourceRequest: false, verb: 'get', path: '/api/v1' }],
    ['GET', '/apis/apps/v1', { resourceRequest: false, verb: 'get', path: '/apis/apps/v1' }],
    ['GET', '/version', { resourceRequest: false, verb: 'get', path: '/version' }],
    [
      'GET',
      '/openapi/v3/apis/apps/v1',
      { resourceRequest: false, verb: 'get', path: '/openapi/v3/apis/apps/v1' },
    ],
    ['POST', '/healthz', { resourceRequest: false, verb: 'post', path: '/healthz' }],
    ['GET', '/api/v1/namespaces', r('list', '', 'namespaces')],
    ['GET', '/api/v1/namespaces/bookinfo', r('get', '', 'namespaces', 'bookinfo', 'bookinfo')],
    [
      'PUT',
      '/api/v1/namespaces/bookinfo/status',
      r('update', '', 'namespaces', 'bookinfo', 'bookinfo', 'status'),
    ],
    ['GET', '/api/v1/pods', r('list', '', 'pods')],
    ['GET', '/api/v1/pods?watch=true', r('watch', '', 'pods')],
    ['GET', '/api/v1/namespaces/bookinfo/pods?watch=1', r('watch', '', 'pods', 'bookinfo')],
    ['GET', '/api/v1/namespaces/bookinfo/pods?watch=false', r('list', '', 'pods', 'bookinfo')],
    ['GET', '/api/v1/watch/namespaces/bookinfo/pods', r('watch', '', 'pods', 'bookinfo')],
    ['GET', '/api/v1/namespaces/bookinfo/pods/p1', r('get', '', 'pods', 'bookinfo', 'p1')],
    ['GET', '/api/v1/namespaces/bookinfo/pods/p1?watch=true', r('watch', '', 'pods', 'bookinfo', 'p1')],
    [
      'GET',
      '/api/v1/namespaces/bookinfo/pods?fieldSelector=metadata.name%3Dp1',
      r('list', '', 'pods', 'bookinfo', 'p1'),
    ],
    [
      'GET',
      '/api/v1/namespaces/bookinfo/pods?fieldSelector=metadata.name%3Dp1&watch=true',
      r('watch', '', 'pods', 'bookinfo', 'p1'),
    ],
    [
      'GET',
      '/api/v1/namespaces/bookinfo/pods?fieldSelector=metadata.name%3Dp1,status.phase%3DRunning',
      r('list', '', 'pods', 'bookinfo'),
    ],
    ['POST', '/api/v1/namespaces/bookinfo/pods', r('create', '', 'pods', 'bookinfo')],
    ['PUT', '/api/v1/namespaces/bookinfo/pods/p1', r('update', '', 'pods', 'bookinfo', 'p1')],
    ['PATCH', '/api/v1/namespaces/bookinfo/pods/p1', r('patch', '', 'pods', 'bookinfo', 'p1')],
    ['DELETE', '/api/v1/namespaces/bookinfo/pods/p1', r('delete', '', 'pods', 'bookinfo', 'p1')],
    ['DELETE', '/api/v1/namespaces/bookinfo/pods', r('deletecollection', '', 'pods', 'bookinfo')],
    [
      'PATCH',
      '/apis/apps/v1/namespaces/bookinfo/deployments/reviews-v1/scale',
      r('patch', 'apps', 'deployments', 'bookinfo', 'reviews-v1', 'scale'),
    ],
    [
      'GET',
      '/apis/networking.istio.io/v1/namespaces/bookinfo/virtualservices',
      r('list', 'networking.istio.io', 'virtualservices', 'bookinfo'),
    ],
    [
      'GET',
      '/apis/networking.istio.io/v1alpha3/virtualservices',
      r('list', 'networking.istio.io', 'virtualservices', '', '', '', 'v1alpha3'),
    ],
    [
      'POST',
      '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews',
      r('create', 'authorization.k8s.io', 'selfsubjectaccessreviews'),
    ],
    ['GET', '/api/v1/nosuchthings', r('list', '', 'nosuchthings')],
  ])('%s %s', (method, url, expected) => {
    expect(requestAttributes(method, new URL(url, 'http://sim'))).toEqual(expected);
  });
});
