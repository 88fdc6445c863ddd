import { describe, expect, it } from 'vitest';
import { parseApiPath } from './route.ts';

const summary = (path: string): unknown => {
  const r = parseApiPath(path);
  return r.type === 'resource'
    ? {
        type: r.type,
        plural: r.resource.plural,
        group: r.group,
        version: r.version,
        namespace: r.namespace,
        name: r.name,
        subresource: r.subresource,
        watchPath: r.watchPath,
      }
    : r;
};

describe('parseApiPath', () => {
  it.each([
    ['/version', { type: 'version' }],
    ['/api', { type: 'coreVersions' }],
    ['/api/v1', { type: 'resourceList', group: '', version: 'v1' }],
    ['/apis', { type: 'groupList' }],
    ['/apis/networking.istio.io', { type: 'group', group: 'networking.istio.io' }],
    [
      '/apis/networking.istio.io/v1alpha3',
      { type: 'resourceList', group: 'networking.istio.io', version: 'v1alpha3' },
    ],
    ['/openapi/v3', { type: 'openapiV3Index' }],
    ['/openapi/v3/apis/apps/v1', { type: 'openapiV3', group: 'apps', version: 'v1' }],
    ['/openapi/v3/api/v1', { type: 'openapiV3', group: '', version: 'v1' }],
    [
      '/api/v1/namespaces',
      {
        type: 'resource',
        plural: 'namespaces',
        group: '',
        version: 'v1',
        namespace: undefined,
        name: undefined,
        subresource: undefined,
        watchPath: false,
      },
    ],
    [
      '/api/v1/namespaces/bookinfo',
      {
        type: 'resource',
        plural: 'namespaces',
        group: '',
        version: 'v1',
        namespace: undefined,
        name: 'bookinfo',
        subresource: undefined,
        watchPath: false,
      },
    ],
    [
      '/api/v1/namespaces/bookinfo/status',
      {
        type: 'resource',
        plural: 'namespaces',
        group: '',
        version: 'v1',
        namespace: undefined,
        name: 'bookinfo',
        subresource: 'status',
        watchPath: false,
      },
    ],
    [
      '/api/v1/namespaces/bookinfo/pods',
      {
        type: 'resource',
        plural: 'pods',
        group: '',
        version: 'v1',
        namespace: 'bookinfo',
        name: undefined,
        subresource: undefined,
        watchPath: false,
      },
    ],
    [
      '/api/v1/pods',
      {
        type: 'resource',
        plural: 'pods',
        group: '',
        version: 'v1',
        namespace: undefined,
        name: undefined,
        subresource: undefined,
        watchPath: false,
      },
    ],
    [
      '/api/v1/watch/namespaces/bookinfo/pods',
      {
        type: 'resource',
        plural: 'pods',
        group: '',
        version: 'v1',
        namespace: 'bookinfo',
        name: undefined,
        subresource: undefined,
        watchPath: true,
      },
    ],
    [
      '/apis/apps/v1/namespaces/bookinfo/deployments/reviews-v1/scale',
      {
        type: 'resource',
        plural: 'deployments',
        group: 'apps',
        version: 'v1',
        namespace: 'bookinfo',
        name: 'reviews-v1',
        subresource: 'scale',
        watchPath: false,
      },
    ],
    [
      '/apis/networking.istio.io/v1beta1/namespaces/bookinfo/virtualservices/reviews',
      {
        type: 'resource',
        plural: 'virtualservices',
        group: 'networking.istio.io',
        version: 'v1beta1',
        namespace: 'bookinfo',
        name: 'reviews',
        subresource: undefined,
        watchPath: false,
      },
    ],
    [
      '/apis/security.istio.io/v1/namespaces/bookinfo/peerauthentications',
      {
        type: 'resource',
        plural: 'peerauthentications',
        group: 'security.istio.io',
        version: 'v1',
        namespace: 'bookinfo',
        name: undefined,
        subresource: undefined,
        watchPath: false,
      },
    ],
    [
      '/apis/security.istio.io/v1alpha3/namespaces/x/peerauthentications',
      {
        type: 'unknownResource',
        group: 'security.istio.io',
        version: 'v1alpha3',
        plural: 'peerauthentications',
      },
    ],
    [
      '/apis/apps/v1/namespaces/x/widgets',
      { type: 'unknownResource', group: 'apps', version: 'v1', plural: 'widgets' },
    ],
    ['/api/v1/namespaces/x/pods/p/scale', { type: 'notFound' }],
    ['/api/v1/namespaces/x/namespaces/y', { type: 'notFound' }],
    ['/api/v2/pods', { type: 'notFound' }],
    ['/nothing', { type: 'notFound' }],
  ])('%s', (path, expected) => {
    expect(summary(path)).toEqual(expected);
  });
});
