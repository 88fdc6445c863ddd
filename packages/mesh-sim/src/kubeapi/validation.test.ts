import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../store/types.ts';
import { findResource } from './resources.ts';
import { toFieldPath, validateCore, validateIstio, validateName } from './validation.ts';

const vsResource = findResource('networking.istio.io', 'v1', 'virtualservices')!;
const vs = (spec: unknown): KubeObject => ({
  apiVersion: 'networking.istio.io/v1',
  kind: 'VirtualService',
  metadata: { name: 'reviews', namespace: 'bookinfo' },
  spec,
});

describe('toFieldPath', () => {
  it.each([
    ['/spec/http/0/route', 'spec.http[0].route'],
    ['/spec/http/1/route/0/weight', 'spec.http[1].route[0].weight'],
    ['/metadata/labels/a~1b', 'metadata.labels.a/b'],
    ['', ''],
  ])('%s -> %s', (pointer, path) => expect(toFieldPath(pointer)).toBe(path));
});

describe('validateIstio', () => {
  it.each([
    [
      'a valid traffic shift',
      {
        hosts: ['reviews'],
        http: [
          {
            route: [
              { destination: { host: 'reviews', subset: 'v1' }, weight: 80 },
              { destination: { host: 'reviews', subset: 'v3' }, weight: 20 },
            ],
          },
        ],
      },
      [],
    ],
    [
      'route not a list',
      { hosts: ['reviews'], http: [{ route: { destination: { host: 'reviews' } } }] },
      ['spec.http[0].route'],
    ],
    [
      'weight "abc"',
      { hosts: ['reviews'], http: [{ route: [{ destination: { host: 'reviews' }, weight: 'abc' }] }] },
      ['spec.http[0].route[0].weight'],
    ],
    [
      'weight out of range',
      { hosts: ['reviews'], http: [{ route: [{ destination: { host: 'reviews' }, weight: 101 }] }] },
      ['spec.http[0].route[0].weight'],
    ],
    ['no hosts', { http: [] }, ['spec.hosts']],
    [
      'abort status out of range',
      {
        hosts: ['r'],
        http: [
          {
            fault: { abort: { httpStatus: 42, percentage: { value: 50 } } },
            route: [{ destination: { host: 'r' } }],
          },
        ],
      },
      ['spec.http[0].fault.abort.httpStatus'],
    ],
    ['spec not an object', 5, ['spec']],
  ])('%s', (_name, spec, fields) => {
    const causes = validateIstio(vsResource, 'v1', vs(spec));
    expect(causes.map((c) => c.field)).toEqual(fields);
    for (const cause of causes) expect(cause.message).not.toBe('');
  });

  it('validates enums of the security kinds', () => {
    const pa = findResource('security.istio.io', 'v1', 'peerauthentications')!;
    const causes = validateIstio(pa, 'v1', {
      apiVersion: 'security.istio.io/v1',
      kind: 'PeerAuthentication',
      metadata: { name: 'default' },
      spec: { mtls: { mode: 'SOMETIMES' } },
    });
    expect(causes).toEqual([
      expect.objectContaining({ field: 'spec.mtls.mode', reason: 'FieldValueNotSupported' }),
    ]);
    expect(causes[0]!.message).toContain('STRICT');
  });

  it('checks every served version', () => {
    for (const version of ['v1', 'v1beta1', 'v1alpha3']) {
      const causes = validateIstio(
        findResource('networking.istio.io', version, 'destinationrules')!,
        version,
        {
          apiVersion: `networking.istio.io/${version}`,
          kind: 'DestinationRule',
          metadata: { name: 'r' },
          spec: { host: 'reviews', subsets: [{ name: 'v1', labels: 'version=v1' }] },
        },
      );
      expect(causes.map((c) => c.field)).toEqual(['spec.subsets[0].labels']);
    }
  });
});

describe('validateName', () => {
  const ns = findResource('', 'v1', 'namespaces')!;
  it.each([
    ['bookinfo', 0],
    ['a.b', 1],
    ['Bookinfo', 1],
    ['-x', 1],
    ['x'.repeat(64), 1],
    ['', 1],
  ])('namespace %s -> %i causes', (name, count) => expect(validateName(ns, name)).toHaveLength(count));
  it('allows dots in a VirtualService name', () => expect(validateName(vsResource, 'a.b')).toEqual([]));
});

describe('validateCore', () => {
  const deploy = findResource('apps', 'v1', 'deployments')!;
  const d = (spec: unknown): KubeObject => ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'x' },
    spec,
  });
  const template = { metadata: { labels: { app: 'x' } }, spec: { containers: [{ name: 'x', image: 'x' }] } };
  it.each([
    ['valid', { replicas: 2, selector: { matchLabels: { app: 'x' } }, template }, []],
    [
      'negative replicas',
      { replicas: -1, selector: { matchLabels: { app: 'x' } }, template },
      ['spec.replicas'],
    ],
    [
      'selector not matching the template',
      { selector: { matchLabels: { app: 'y' } }, template },
      ['spec.template.metadata.labels'],
    ],
    ['no selector', { template }, ['spec.selector']],
  ])('%s', (_n, spec, fields) => {
    expect(validateCore(deploy, d(spec)).map((c) => c.field)).toEqual(fields);
  });
});

describe('validateCore for install manifests', () => {
  const rbac = (plural: string) => findResource('rbac.authorization.k8s.io', 'v1', plural)!;
  const object = (kind: string, body: Record<string, unknown>): KubeObject => ({
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind,
    metadata: { name: 'x' },
    ...body,
  });
  const roleRef = { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'r' };
  const sa = { kind: 'ServiceAccount', name: 'sextant' };
  it.each([
    [
      'clusterroles',
      'ClusterRole',
      { rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['list'] }] },
      [],
    ],
    [
      'clusterroles',
      'ClusterRole',
      { rules: [{ apiGroups: [''], resources: ['pods'] }] },
      ['rules[0].verbs'],
    ],
    ['roles', 'Role', { rules: [{ verbs: ['get'] }] }, ['rules[0].resources']],
    [
      'clusterrolebindings',
      'ClusterRoleBinding',
      { roleRef, subjects: [{ ...sa, namespace: 'sextant' }] },
      [],
    ],
    ['clusterrolebindings', 'ClusterRoleBinding', { roleRef, subjects: [sa] }, ['subjects[0].namespace']],
    [
      'clusterrolebindings',
      'ClusterRoleBinding',
      { roleRef: { ...roleRef, kind: 'Role' } },
      ['roleRef.kind'],
    ],
    ['rolebindings', 'RoleBinding', { roleRef: { ...roleRef, kind: 'Role' }, subjects: [sa] }, []],
    ['rolebindings', 'RoleBinding', { roleRef: { kind: 'Role' } }, ['roleRef.name', 'roleRef.apiGroup']],
  ])('%s %#', (plural, kind, body, fields) => {
    expect(validateCore(rbac(plural), object(kind, body)).map((c) => c.field)).toEqual(fields);
  });

  it('wants base64 in Secret data', () => {
    const secrets = findResource('', 'v1', 'secrets')!;
    const secret = (data: Record<string, unknown>): KubeObject => ({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'x' },
      data,
    });
    expect(validateCore(secrets, secret({ a: 'cmVwbGFjZS1tZQ==' }))).toEqual([]);
    expect(validateCore(secrets, secret({ a: 'not base64!' })).map((c) => c.field)).toEqual(['data[a]']);
  });
});
