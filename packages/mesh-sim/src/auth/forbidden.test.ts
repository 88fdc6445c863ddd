import { describe, expect, it } from 'vitest';
import { forbidden } from './forbidden.ts';
import type { RequestAttributes } from './requestAttributes.ts';

const res = (verb: string, apiGroup: string, resource: string, namespace = '', name = '', subresource = '') =>
  ({
    resourceRequest: true,
    verb,
    apiGroup,
    apiVersion: 'v1',
    resource,
    subresource,
    namespace,
    name,
  }) as const;

describe('forbidden (403 Status, worded as kube-apiserver words it)', () => {
  it.each<[RequestAttributes, string]>([
    [
      res('list', '', 'namespaces'),
      'namespaces is forbidden: User "bob" cannot list resource "namespaces" in API group "" at the cluster scope',
    ],
    [
      res('delete', '', 'pods', 'bookinfo', 'p1'),
      'pods "p1" is forbidden: User "bob" cannot delete resource "pods" in API group "" in the namespace "bookinfo"',
    ],
    [
      res('create', 'networking.istio.io', 'virtualservices', 'bookinfo'),
      'virtualservices.networking.istio.io is forbidden: User "bob" cannot create resource "virtualservices" in API group "networking.istio.io" in the namespace "bookinfo"',
    ],
    [
      res('patch', 'apps', 'deployments', 'bookinfo', 'reviews-v1', 'scale'),
      'deployments.apps "reviews-v1" is forbidden: User "bob" cannot patch resource "deployments/scale" in API group "apps" in the namespace "bookinfo"',
    ],
    [
      res('get', '', 'namespaces', 'shop', 'shop'),
      'namespaces "shop" is forbidden: User "bob" cannot get resource "namespaces" in API group "" in the namespace "shop"',
    ],
    [{ resourceRequest: false, verb: 'get', path: '/api' }, 'forbidden: User "bob" cannot get path "/api"'],
  ])('%j', (attributes, message) => {
    const status = forbidden(attributes, 'bob').toStatus();
    expect(status).toMatchObject({
      kind: 'Status',
      status: 'Failure',
      reason: 'Forbidden',
      code: 403,
      message,
    });
  });
  it('names the object in details and appends a reason', () => {
    expect(
      forbidden(res('get', 'apps', 'deployments', 'ns', 'd'), 'x', 'RBAC: [oops]').toStatus(),
    ).toMatchObject({
      message: expect.stringMatching(/in the namespace "ns": RBAC: \[oops\]$/),
      details: { name: 'd', group: 'apps', kind: 'deployments' },
    });
  });
});
